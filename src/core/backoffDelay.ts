import type { ReconnectPolicy } from './types';

type BackoffPolicy = Pick<ReconnectPolicy, 'initialDelayMs' | 'maxDelayMs' | 'factor' | 'jitter'>;

/**
 * The wait before retry number `attempt` (1 for the first retry): truncated exponential
 * backoff, `min(maxDelayMs, initialDelayMs * factor^(attempt-1))`, then jittered.
 * `full` waits uniformly in [0, cap]; `equal` in [cap/2, cap]; `none` exactly cap.
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const exponent = Math.max(0, attempt - 1);
  const cap = Math.min(policy.maxDelayMs, policy.initialDelayMs * policy.factor ** exponent);
  switch (policy.jitter) {
    case 'none':
      return Math.round(cap);
    case 'equal':
      return Math.round(cap / 2 + random() * (cap / 2));
    default:
      return Math.round(random() * cap);
  }
}
