import { checkOptions } from './checkOptions';
import type { LifelineError } from './LifelineError';
import { resolvePolicy } from './resolvePolicy';
import type { ConnectionOptions, ReconnectPolicy } from './types';

/**
 * The options and policy after `setOptions(next)`. Pure. In development builds every option
 * is checked: an invalid policy keeps the last valid one, an invalid queue or plug-in option
 * keeps the previous value, and each problem comes back as an error to report. Production
 * builds skip the checks (what a bad value cannot harm: `sessionQueue`, `decideReconnect`, the
 * plug-ins).
 */
export function reviseOptions<In>(
  previous: ConnectionOptions<In>,
  next: ConnectionOptions<In>,
  policy: ReconnectPolicy,
): { options: ConnectionOptions<In>; policy: ReconnectPolicy; errors: LifelineError[] } {
  const errors: LifelineError[] = [];
  const options = { ...previous, ...next };
  if (process.env.NODE_ENV === 'production') {
    if ('policy' in next) policy = resolvePolicy(next.policy);
  } else {
    if ('policy' in next) {
      try {
        policy = resolvePolicy(next.policy);
      } catch (error) {
        errors.push(error as LifelineError);
      }
    }
    const bad = checkOptions(next);
    for (const field of ['queue', 'plugins'] as const) {
      if (!bad[field]) continue;
      options[field] = previous[field] as never;
      errors.push(bad[field]);
    }
  }
  return { options, policy, errors };
}
