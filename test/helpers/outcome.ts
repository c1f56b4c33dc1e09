import type { ReconnectDecision } from '../../src/core/decideReconnect';

/** A decision in one word, for tables: retry, stop, or give-up (stopped only by maxAttempts). */
export const outcome = (decision: ReconnectDecision) => (decision.giveUp ? 'give-up' : decision.delayMs === null ? 'stop' : 'retry');
