import { createContext } from 'react';
import type { SocketPool } from '../core';
import type { CloseInfo, ReconnectPolicyOptions, WebSocketConstructor } from '../core';

export type AbnormalCloseHandler = (close: CloseInfo, context: { url: string }) => void;

/** What a `WebSocketProvider` hands down, already merged with the providers above it. */
export interface LifelineConfig {
  policy: ReconnectPolicyOptions;
  WebSocket: WebSocketConstructor | undefined;
  /** Stable for the provider's life; calls the latest `onAbnormalClose`. */
  reportAbnormalClose: AbnormalCloseHandler;
  pool: SocketPool;
}

export const LifelineContext = createContext<LifelineConfig | null>(null);
