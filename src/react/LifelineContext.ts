import { createContext } from 'react';
import type { SocketPool } from '../core';
import type { CloseInfo, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { FeedbackHub } from './createFeedbackHub';
import type { CrossTab } from '../tabs/crossTab';

/** Every close, up the providers; `handled`: a provider below already took an abnormal close. */
export type CloseReporter = (close: CloseInfo, context: { url: string }, handled?: boolean) => void;

/** What a `WebSocketProvider` hands down, already merged with the providers above it. */
export interface LifelineConfig {
  policy: ReconnectPolicyOptions;
  WebSocket: WebSocketConstructor | undefined;
  /** The catalogs of the providers above and this one, outermost first; `useCloseFeedback` merges them over English. */
  messages: readonly Partial<FeedbackMessages>[];
  toast: ToastAdapter | undefined;
  locale: string | undefined;
  /** Stable for the provider's life; calls the latest `onClose` and `onAbnormalClose`, then the provider above. */
  reportClose: CloseReporter;
  pool: SocketPool;
  /**
   * One incident tracker per connection, one toast per incident: made by the first
   * `useCloseFeedback` below this provider, so an app without feedback does not ship it.
   */
  feedback: { hub?: FeedbackHub };
  /** The app's `onSignInRequired`, latest; undefined when no provider up the tree has one. */
  signIn: (() => void) | undefined;
  /** The app's `onReload`, latest; by default `location.reload()`. */
  reload: () => void;
  /** The cross-tab module of the nearest provider that has one. */
  tabs: CrossTab | undefined;
}

export const LifelineContext = createContext<LifelineConfig | null>(null);
