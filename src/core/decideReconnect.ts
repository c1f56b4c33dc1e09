import { backoffDelay } from './backoffDelay';
import { defaultAdvice } from './defaultAdvice';
import type { CloseInfo, ReconnectPolicy, RetryAdvice } from './types';

export interface ReconnectDecision {
  /** The effective rule for this close, after the table and `shouldReconnect`. */
  action: RetryAdvice;
  /** The wait before the retry, or null for none. With action `'reauth'`, re-authenticate first. */
  delayMs: number | null;
  /** No retry only because `maxAttempts` was reached. */
  giveUp: boolean;
}

// Production builds skip the policy's validation: a NaN or negative delay must not become an
// immediate retry, nor one past setTimeout's range (which fires at once), in a loop.
const safeDelay = (ms: number) => (ms >= 0 ? Math.min(ms, 2 ** 31 - 1) : 1000);

/**
 * What to do after a close the app did not ask for, given the retries already made since
 * the connection last proved alive. Pure: the table (`policy.codes`, then the registry's
 * advice) decides, `shouldReconnect` has the final say, and `maxAttempts` turns a retry
 * into a give-up. A `'reauth'` rule without `policy.reauthenticate` does not retry: its
 * action stays `'reauth'` (the user must sign in; nothing here can), with no delay.
 */
export function decideReconnect(
  close: Omit<CloseInfo, 'willRetry' | 'retryAt' | 'action'>,
  attempt: number,
  policy: ReconnectPolicy,
  random: () => number = Math.random,
): ReconnectDecision {
  const rule = policy.codes[close.code] ?? defaultAdvice(close.code);
  const windowed = typeof rule === 'object';
  let action: RetryAdvice = windowed ? 'delayed' : rule;
  const next = attempt + 1;
  // Whether the action retries: a 're-authenticate' needs `policy.reauthenticate` to run.
  const retries = () => action !== 'never' && (action !== 'reauth' || !!policy.reauthenticate);
  const verdict = policy.shouldReconnect?.({ ...close, action, willRetry: retries(), retryAt: null }, next);
  if (verdict === false) action = 'never';
  else if (verdict && !retries()) action = 'backoff';
  const giveUp = retries() && next > policy.maxAttempts;
  if (!retries() || giveUp) return { action, delayMs: null, giveUp };
  // A rule's window (a fixed delay is a window of one), the policy's window for 'delayed', or backoff.
  const [min = 0, max = min] = windowed ? [rule.delayMs].flat() : [policy.initialDelayMs, policy.maxDelayMs];
  const delayMs = windowed || action === 'delayed' ? Math.round(min + random() * (max - min)) : backoffDelay(next, policy, random);
  return { action, delayMs: safeDelay(delayMs), giveUp };
}
