// The React half of the root entry: built as its own "use client" module, so that a server
// component can import the root's pure functions (describeCloseCode, ...) and get them as such.
export { WebSocketProvider } from './WebSocketProvider';
export type { WebSocketProviderProps } from './WebSocketProvider';
export { useWebSocket } from './useWebSocket';
export type { UseWebSocketOptions, WebSocketHandle } from './useWebSocket';
export { useCloseFeedback } from './useCloseFeedback';
export type { UseCloseFeedbackOptions } from './useCloseFeedback';
export { CloseBanner } from './CloseBanner';
export type { CloseBannerProps } from './CloseBanner';
/** @internal For `react-lifeline/devtools`: the provider's context (one copy, from this module). */
export { LifelineContext } from './LifelineContext';
export type { HookRecord, LifelineConfig } from './LifelineContext';
