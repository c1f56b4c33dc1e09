import { backoffDelay } from './backoffDelay';
import type { CloseInfo, ReconnectPolicy } from './types';

export type ReconnectDecision =
  | { action: 'stop' }
  | { action: 'give-up' }
  | { action: 'retry'; delayMs: number; reauthenticate: boolean };

const uniform = (min: number, max: number, random: () => number) => Math.round(min + random() * (max - min));

/**
 * What to do after a close, given the retries already made since the last stable open.
 * Pure: a close the app asked for (`disconnect()`) stops; otherwise the table
 * (`policy.codes`, then the registry's advice) decides, `shouldReconnect` has the final
 * say, and `maxAttempts` turns a retry into a give-up. A client close the app did not ask
 * for (a heartbeat timeout) is decided by the table like any other.
 */
export function decideReconnect(
  close: Omit<CloseInfo, 'willRetry' | 'retryAt'>,
  attempt: number,
  policy: ReconnectPolicy,
  random: () => number = Math.random,
  requested: boolean = close.initiator === 'client',
): ReconnectDecision {
  if (requested) return { action: 'stop' };
  const rule = policy.codes[close.code] ?? close.meaning.retry;
  const next = attempt + 1;
  let retry = rule !== 'never' && (rule !== 'reauth' || policy.reauthenticate !== undefined);
  const verdict = policy.shouldReconnect?.({ ...close, willRetry: retry, retryAt: null }, next);
  if (typeof verdict === 'boolean') retry = verdict;
  if (!retry) return { action: 'stop' };
  if (next > policy.maxAttempts) return { action: 'give-up' };

  let delayMs: number;
  if (typeof rule === 'object') {
    delayMs = typeof rule.delayMs === 'number' ? rule.delayMs : uniform(rule.delayMs[0], rule.delayMs[1], random);
  } else if (rule === 'delayed') {
    delayMs = uniform(policy.initialDelayMs, policy.maxDelayMs, random);
  } else {
    delayMs = backoffDelay(next, policy, random);
  }
  return { action: 'retry', delayMs, reauthenticate: rule === 'reauth' && policy.reauthenticate !== undefined };
}
