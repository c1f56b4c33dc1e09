export { CLOSE_CODES } from './closeCodes';
export { describeCloseCode } from './describeCloseCode';
export { closeCodeSummary } from './closeCodeSummary';
export { defaultAdvice } from './defaultAdvice';
export { DEFAULT_POLICY } from './defaultPolicy';
export { mergePolicy } from './mergePolicy';
export { resolvePolicy } from './resolvePolicy';
export { backoffDelay } from './backoffDelay';
export { decideReconnect } from './decideReconnect';
export type { ReconnectDecision } from './decideReconnect';
export { assertCloseArgs, assertServerCloseArgs, utf8ByteLength } from './assertCloseArgs';
export { normalizeUrl } from './normalizeUrl';
export { urlIdentity } from './urlIdentity';
/** @internal */
export { identify, pointsTo } from './urlIdentity';
export { redactUrl } from './redactUrl';
export { createConnection } from './createConnection';
export type { Connection, ConnectionOptions } from './createConnection';
export { sessionQueue } from './sessionQueue';
export type { SessionQueue } from './sessionQueue';
export { LifelineError } from './LifelineError';
export type { LifelineErrorCode, LifelineErrorDetail } from './LifelineError';
export { defaultTimers } from './defaultTimers';
export { browserNetwork } from './browserNetwork';
/** @internal For react-lifeline's own entries and plug-ins: one copy of each, from this entry. */
export { guard } from './guard';
/** @internal */
export { checkFields } from './checkFields';
/** @internal */
export { copySendData } from './copySendData';
/** @internal */
export { isSendData } from './isSendData';
/** @internal */
export { clientClose } from './clientClose';
/** @internal */
export { jsonText } from './jsonText';
/** @internal */
export { handlerSet } from './handlerSet';
export type { HandlerSet } from './handlerSet';
/** @internal */
export { queueLimits } from './queueLimits';
export type * from './types';
