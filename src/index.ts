export * from './core/index';
export { WebSocketProvider } from './react/WebSocketProvider';
export type { WebSocketProviderProps } from './react/WebSocketProvider';
export { useWebSocket } from './react/useWebSocket';
export type { UseWebSocketOptions, WebSocketHandle } from './react/useWebSocket';
export { useCloseFeedback } from './react/useCloseFeedback';
export type { UseCloseFeedbackOptions } from './react/useCloseFeedback';
export { CloseBanner } from './react/CloseBanner';
export type { CloseBannerProps } from './react/CloseBanner';
export { englishMessages } from './feedback/englishMessages';
export { mergeMessages } from './feedback/mergeMessages';
export { graphqlWsMessages, discordGatewayMessages } from './feedback/presetMessages';
export { describeFeedback } from './feedback/describeFeedback';
export type { FeedbackDescription, FeedbackInput } from './feedback/describeFeedback';
export { sanitizeReason } from './feedback/sanitizeReason';
export { formatDuration } from './feedback/formatDuration';
export type {
  CloseFeedback,
  FeedbackActionKind,
  FeedbackMeaning,
  FeedbackMessages,
  Message,
  MessageContext,
  ToastAdapter,
} from './feedback/types';
