import { DEFAULT_POLICY } from './defaultPolicy';
import { LifelineError } from './LifelineError';
import { mergePolicy } from './mergePolicy';
import type { CodeRule, ReconnectPolicy, ReconnectPolicyOptions } from './types';

const ADVICE = ['never', 'backoff', 'delayed', 'reauth'];

function invalid(field: string, expected: string, value: unknown): never {
  const shown = typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : typeof value;
  throw new LifelineError('invalid-policy', `policy.${field} must be ${expected}, got ${shown}.`);
}

const isDelay = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function checkRule(code: string, rule: CodeRule): void {
  if (typeof rule === 'string') {
    if (!ADVICE.includes(rule)) invalid(`codes.${code}`, `one of ${ADVICE.join(', ')} or { delayMs }`, rule);
    return;
  }
  const delay: unknown = typeof rule === 'object' && rule !== null ? rule.delayMs : undefined;
  if (Array.isArray(delay)) {
    const [min, max] = delay as unknown[];
    if (delay.length !== 2 || !isDelay(min) || !isDelay(max) || min > max) {
      invalid(`codes.${code}.delayMs`, 'a [min, max] window of finite delays with 0 <= min <= max', JSON.stringify(delay));
    }
  } else if (!isDelay(delay)) {
    invalid(`codes.${code}.delayMs`, 'a finite number of ms >= 0 or a [min, max] window', delay);
  }
}

/** Merges options over the defaults and checks every field; throws a `LifelineError` naming the bad one. */
export function resolvePolicy(...layers: readonly (ReconnectPolicyOptions | null | undefined)[]): ReconnectPolicy {
  const policy = mergePolicy(DEFAULT_POLICY, ...layers) as ReconnectPolicy;
  const { maxAttempts, factor, jitter } = policy;
  if (typeof maxAttempts !== 'number' || Number.isNaN(maxAttempts) || maxAttempts < 0 || (maxAttempts !== Infinity && !Number.isInteger(maxAttempts))) {
    invalid('maxAttempts', 'a whole number >= 0 or Infinity', maxAttempts);
  }
  for (const field of ['initialDelayMs', 'maxDelayMs', 'stableAfterMs'] as const) {
    if (!isDelay(policy[field])) invalid(field, 'a finite number of ms >= 0', policy[field]);
  }
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor < 1) invalid('factor', 'a finite number >= 1', factor);
  if (!['full', 'equal', 'none'].includes(jitter)) invalid('jitter', "'full', 'equal' or 'none'", jitter);
  for (const field of ['pauseWhileOffline', 'reconnectOnOnline'] as const) {
    if (typeof policy[field] !== 'boolean') invalid(field, 'true or false', policy[field]);
  }
  for (const field of ['shouldReconnect', 'reauthenticate'] as const) {
    if (policy[field] !== undefined && typeof policy[field] !== 'function') invalid(field, 'a function or undefined', policy[field]);
  }
  if (typeof policy.codes !== 'object' || policy.codes === null) invalid('codes', 'an object keyed by close code', policy.codes);
  for (const [code, rule] of Object.entries(policy.codes)) {
    if (!/^\d+$/.test(code)) invalid(`codes[${JSON.stringify(code)}]`, 'keyed by whole close codes (e.g. 4001)', code);
    checkRule(code, rule);
  }
  return policy;
}
