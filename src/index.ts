// The root entry is no client module: its React exports come from one ("use client"), the rest
// (the core, the catalogs, the feedback mapping) can be imported by server components too.
export * from './core/index';
export { WebSocketProvider, useWebSocket, useCloseFeedback, CloseBanner } from './react/index';
export type { WebSocketProviderProps, UseWebSocketOptions, WebSocketHandle, UseCloseFeedbackOptions, CloseBannerProps } from './react/index';
export {
  englishMessages,
  mergeMessages,
  graphqlWsMessages,
  discordGatewayMessages,
  describeFeedback,
  sanitizeReason,
  formatDuration,
} from './feedback/index';
export type {
  FeedbackDescription,
  FeedbackInput,
  CloseFeedback,
  FeedbackActionKind,
  FeedbackMeaning,
  FeedbackMessages,
  Message,
  MessageContext,
  ToastAdapter,
} from './feedback/index';
export type { Sharing, SharePool } from './plugins/share/types';
