import { createContext } from 'react';
import type { CloseInfo, Plugin, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { SharePool, Sharing } from '../plugins/share/types';
import type { FeedbackHub } from './createFeedbackHub';

/** Every close, up the providers; `handled`: a provider below already took an abnormal close. */
export type CloseReporter = (close: CloseInfo, context: { url: string }, handled?: boolean) => void;

/** What a `WebSocketProvider` hands down, already merged with the providers above it. */
export interface LifelineConfig {
  policy: ReconnectPolicyOptions;
  WebSocket: WebSocketConstructor | undefined;
  /** The providers' plug-ins, outermost first: every connection below takes them before its own. */
  plugins: readonly Plugin[];
  /** The catalogs of the providers above and this one, outermost first; `useCloseFeedback` merges them over English. */
  messages: readonly Partial<FeedbackMessages>[];
  toast: ToastAdapter | undefined;
  locale: string | undefined;
  /** Stable for the provider's life; calls the latest `onClose` and `onAbnormalClose`, then the provider above. */
  reportClose: CloseReporter;
  /** How hooks below share sockets (the nearest provider's `share`), and this provider's pool of them. */
  sharing: Sharing | undefined;
  pool: SharePool | undefined;
  /**
   * One incident tracker per connection, one toast per incident: made by the first
   * `useCloseFeedback` below this provider, so an app without feedback does not ship it.
   */
  feedback: { hub?: FeedbackHub };
  /** Calls the latest `onSignInRequired` up the tree; undefined when no provider up the tree has one. */
  signIn: (() => void) | undefined;
  /** Calls the latest `onReload` up the tree; by default `location.reload()`. */
  reload: () => void;
}

export const LifelineContext = createContext<LifelineConfig | null>(null);
