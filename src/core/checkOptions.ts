import { checkFields } from './checkFields';
import type { LifelineError } from './LifelineError';
import type { ConnectionOptions } from './types';

/**
 * The problems with the `queue` option (checked in development builds) and with the
 * plug-ins' options (each plug-in checks its own), as `LifelineError`s naming the field.
 */
export function checkOptions({ queue, plugins }: Pick<ConnectionOptions, 'queue' | 'plugins'>): { queue: LifelineError | null; plugins: LifelineError | null | undefined } {
  return {
    queue: queue ? checkFields('invalid-option', 'queue', queue, 'max:c? overflow:reject|drop-oldest?') : null,
    plugins: plugins?.find((plugin) => plugin.error)?.error,
  };
}
