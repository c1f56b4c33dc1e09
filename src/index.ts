// The root entry is no client module: its React exports come from one ("use client"); the rest
// (the registry, the connection, the feedback words) server components may import too. The
// whole core, its building blocks included, is \`react-lifeline/core\`; protocol presets are
// \`react-lifeline/presets\`; plug-ins have an entry each.
export {
  CLOSE_CODES,
  describeCloseCode,
  defaultAdvice,
  DEFAULT_POLICY,
  mergePolicy,
  createConnection,
  LifelineError,
  redactUrl,
} from './core/index';
export type * from './core/types';
export type { LifelineErrorCode, LifelineErrorDetail } from './core/index';
export { WebSocketProvider, useWebSocket, useCloseFeedback, CloseBanner } from './react/index';
export type { WebSocketProviderProps, UseWebSocketOptions, WebSocketHandle, UseCloseFeedbackOptions, CloseBannerProps } from './react/index';
export { englishMessages, mergeMessages, describeFeedback, sanitizeReason, formatDuration } from './feedback/index';
export type { FeedbackDescription, FeedbackInput, CloseFeedback, FeedbackActionKind, FeedbackMeaning, FeedbackMessages, Message, MessageContext, ToastAdapter } from './feedback/index';
export type { Sharing, SharePool } from './plugins/share/types';
