import { createContext } from 'react';
import type { Connection, NetworkSource, Plugin, ReconnectPolicyOptions, UrlSource, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { SharePool, Sharing } from '../plugins/share/types';
import type { FeedbackHub } from './createFeedbackHub';
import type { WebSocketProviderProps } from './WebSocketProvider';

/**
 * What a `WebSocketProvider` hands down, merged with the providers above where every hook
 * needs it; the callbacks (`onClose`, `onSignInRequired`...) its consumers read up the chain
 * of providers (`parent`), each provider's latest (`latest`), when they call them.
 */
export interface LifelineConfig {
  parent: LifelineConfig | null;
  /** This provider's latest props, for callbacks called later. */
  latest: { get(): WebSocketProviderProps };
  policy: ReconnectPolicyOptions;
  WebSocket: WebSocketConstructor | undefined;
  network: NetworkSource | undefined;
  /** The providers' plug-ins, outermost first: every connection below takes them before its own. */
  plugins: readonly Plugin[];
  /** How hooks below share sockets (the nearest provider's `share`), and this provider's pool of them. */
  sharing: Sharing | undefined;
  pool: SharePool | undefined;
  /**
   * One incident tracker per connection, one toast per incident: made by the first
   * `useCloseFeedback` below this provider, so an app without feedback does not ship it.
   */
  feedback: { hub?: FeedbackHub };
  /** This provider's own catalog; `useCloseFeedback` merges the chain's over English. */
  messages: Partial<FeedbackMessages> | undefined;
  toast: ToastAdapter | undefined;
  locale: string | undefined;
  /** A provider up the tree has `onSignInRequired`. */
  canSignIn: boolean;
  /**
   * The hooks below the outermost provider, nested providers included, for `<LifelineDevtools />`
   * (`react-lifeline/devtools`), which reads it when it looks: each mounted hook is one entry.
   */
  hooks: Set<HookRecord>;
}

/** One mounted `useWebSocket`: its connection, its latest URL, and the provider it is under. */
export type HookRecord = readonly [connection: Connection<unknown>, latest: { get(): { url: UrlSource | null } }, config: LifelineConfig];

export const LifelineContext = createContext<LifelineConfig | null>(null);
