// The feedback mapping as one module of the build: the root entry and its React half share it.
export { englishMessages } from './englishMessages';
export { mergeMessages } from './mergeMessages';
export { describeFeedback } from './describeFeedback';
export type { FeedbackDescription, FeedbackInput } from './describeFeedback';
export { sanitizeReason } from './sanitizeReason';
export { formatDuration } from './formatDuration';
/** @internal */
export { createFeedbackTracker } from './createFeedbackTracker';
export type { FeedbackTracker } from './createFeedbackTracker';
/** @internal */
export { phaseFor } from './phaseFor';
export type * from './types';
