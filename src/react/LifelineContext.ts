import { createContext } from 'react';
import type { SocketPool } from '../core';
import type { CloseInfo, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';

export type AbnormalCloseHandler = (close: CloseInfo, context: { url: string }) => void;

/** What a `WebSocketProvider` hands down, already merged with the providers above it. */
export interface LifelineConfig {
  policy: ReconnectPolicyOptions;
  WebSocket: WebSocketConstructor | undefined;
  /** Merged over the English catalog and the providers above. */
  messages: Partial<FeedbackMessages>;
  toast: ToastAdapter | undefined;
  locale: string | undefined;
  /** Stable for the provider's life; calls the latest `onAbnormalClose`. */
  reportAbnormalClose: AbnormalCloseHandler;
  pool: SocketPool;
}

export const LifelineContext = createContext<LifelineConfig | null>(null);
