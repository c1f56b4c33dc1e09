import { checkFields, isDelay } from './checkFields';
import { DEFAULT_POLICY } from './defaultPolicy';
import { LifelineError } from './LifelineError';
import { mergePolicy } from './mergePolicy';
import type { ReconnectPolicy, ReconnectPolicyOptions } from './types';

const ADVICE: readonly unknown[] = ['never', 'backoff', 'delayed', 'reauth'];

/**
 * Merges options over the defaults and, in development builds, checks every field: throws a
 * `LifelineError` naming the bad one. (Production builds keep what a bad value cannot harm:
 * see `decideReconnect`.)
 */
export function resolvePolicy(...layers: readonly (ReconnectPolicyOptions | null | undefined)[]): ReconnectPolicy {
  const policy = mergePolicy(DEFAULT_POLICY, ...layers) as ReconnectPolicy;
  if (process.env.NODE_ENV !== 'production') checkPolicy(policy);
  return policy;
}

function checkPolicy(policy: ReconnectPolicy): void {
  const bad = checkFields(
    'invalid-policy',
    'policy',
    policy,
    'maxAttempts:c initialDelayMs:d maxDelayMs:d stableAfterMs:d factor:x jitter:full|equal|none pauseWhileOffline:b reconnectOnOnline:b shouldReconnect:f? reauthenticate:f? codes:o',
  );
  if (bad) throw bad;
  for (const [code, rule] of Object.entries(policy.codes)) {
    const invalid = (field: string, got: unknown) => {
      throw new LifelineError('invalid-policy', { field: `policy.codes${field}`, got });
    };
    if (!/^\d+$/.test(code)) invalid(`[${JSON.stringify(code)}]`, code);
    if (typeof rule !== 'object' || rule === null) {
      if (!ADVICE.includes(rule)) invalid(`.${code}`, rule);
      continue;
    }
    // { delayMs: ms } or { delayMs: [min, max] } with 0 <= min <= max
    const delay: unknown = rule.delayMs;
    const [min, max] = Array.isArray(delay) ? (delay as unknown[]) : [delay, delay];
    if (!isDelay(min) || !isDelay(max) || min > max || (Array.isArray(delay) && delay.length !== 2)) invalid(`.${code}.delayMs`, delay);
  }
}
