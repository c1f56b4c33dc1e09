import { checkOptions } from './checkOptions';
import type { LifelineError } from './LifelineError';
import { resolvePolicy } from './resolvePolicy';
import type { ConnectionOptions, ReconnectPolicy } from './types';

/**
 * The options and policy after `setOptions(next)`. Pure: an invalid policy keeps the last
 * valid one, an invalid queue, heartbeat or ready keeps its previous value, and each
 * problem comes back as an error to report; nothing else changes.
 */
export function reviseOptions<In>(
  previous: ConnectionOptions<In>,
  next: ConnectionOptions<In>,
  policy: ReconnectPolicy,
): { options: ConnectionOptions<In>; policy: ReconnectPolicy; errors: LifelineError[] } {
  const errors: LifelineError[] = [];
  let options = { ...previous, ...next };
  if ('policy' in next) {
    try {
      policy = resolvePolicy(next.policy);
    } catch (error) {
      errors.push(error as LifelineError);
    }
  }
  const bad = checkOptions(next);
  if (bad) {
    const field = bad.field!.split('.')[0] as 'queue' | 'heartbeat' | 'ready';
    options = { ...options, [field]: previous[field] };
    errors.push(bad);
  }
  return { options, policy, errors };
}
