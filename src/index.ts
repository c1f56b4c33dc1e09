export * from './core/index';
export { WebSocketProvider } from './react/WebSocketProvider';
export type { WebSocketProviderProps } from './react/WebSocketProvider';
export { useWebSocket } from './react/useWebSocket';
export type { UseWebSocketOptions, WebSocketHandle } from './react/useWebSocket';
