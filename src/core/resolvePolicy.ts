import { DEFAULT_POLICY } from './defaultPolicy';
import { LifelineError } from './LifelineError';
import { mergePolicy } from './mergePolicy';
import type { ReconnectPolicy, ReconnectPolicyOptions } from './types';

const ADVICE: readonly unknown[] = ['never', 'backoff', 'delayed', 'reauth'];
const isDelay = (value: unknown) => typeof value === 'number' && Number.isFinite(value) && value >= 0;

function assert(ok: unknown, field: string, got: unknown): void {
  if (!ok) throw new LifelineError('invalid-policy', { field: `policy.${field}`, got });
}

/** Merges options over the defaults and checks every field; throws a `LifelineError` naming the bad one. */
export function resolvePolicy(...layers: readonly (ReconnectPolicyOptions | null | undefined)[]): ReconnectPolicy {
  const policy = mergePolicy(DEFAULT_POLICY, ...layers) as ReconnectPolicy;
  const { maxAttempts, factor, jitter, codes } = policy;
  assert(typeof maxAttempts === 'number' && maxAttempts >= 0 && (maxAttempts === Infinity || Number.isInteger(maxAttempts)), 'maxAttempts', maxAttempts);
  for (const field of ['initialDelayMs', 'maxDelayMs', 'stableAfterMs'] as const) assert(isDelay(policy[field]), field, policy[field]);
  assert(isDelay(factor) && factor >= 1, 'factor', factor);
  assert(['full', 'equal', 'none'].includes(jitter), 'jitter', jitter);
  for (const field of ['pauseWhileOffline', 'reconnectOnOnline'] as const) assert(typeof policy[field] === 'boolean', field, policy[field]);
  for (const field of ['shouldReconnect', 'reauthenticate'] as const) assert(policy[field] === undefined || typeof policy[field] === 'function', field, policy[field]);
  assert(typeof codes === 'object' && codes !== null, 'codes', codes);
  for (const [code, rule] of Object.entries(codes)) {
    assert(/^\d+$/.test(code), `codes[${JSON.stringify(code)}]`, code);
    if (typeof rule !== 'object' || rule === null) {
      assert(ADVICE.includes(rule), `codes.${code}`, rule);
      continue;
    }
    const delay: unknown = rule.delayMs;
    const [min, max] = Array.isArray(delay) ? (delay as unknown[]) : [];
    assert(Array.isArray(delay) ? delay.length === 2 && isDelay(min) && isDelay(max) && (min as number) <= (max as number) : isDelay(delay), `codes.${code}.delayMs`, delay);
  }
  return policy;
}
