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

const uniform = (min: number, max: number, random: () => number) => Math.round(min + random() * (max - min));

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
  let action: RetryAdvice = typeof rule === 'object' ? 'delayed' : rule;
  const stuck = () => action === 'reauth' && !policy.reauthenticate;
  const next = attempt + 1;
  const verdict = policy.shouldReconnect?.({ ...close, action, willRetry: action !== 'never' && !stuck(), retryAt: null }, next);
  if (verdict === false) action = 'never';
  else if (verdict === true && (action === 'never' || stuck())) action = 'backoff';
  const giveUp = action !== 'never' && !stuck() && next > policy.maxAttempts;
  if (action === 'never' || stuck() || giveUp) return { action, delayMs: null, giveUp };
  const delayMs = safeDelay(
    typeof rule === 'object'
      ? typeof rule.delayMs === 'number'
        ? rule.delayMs
        : uniform(rule.delayMs[0], rule.delayMs[1], random)
      : action === 'delayed'
        ? uniform(policy.initialDelayMs, policy.maxDelayMs, random)
        : backoffDelay(next, policy, random),
  );
  return { action, delayMs, giveUp };
}
