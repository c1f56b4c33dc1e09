import { checkFields } from './checkFields';
import type { LifelineError } from './LifelineError';
import type { HeartbeatOptions, QueueOptions, ReadyOptions } from './types';

/** The first invalid `queue`, `heartbeat` or `ready` field, as a `LifelineError` naming it; null when all are valid. */
export function checkOptions(options: {
  queue?: false | QueueOptions | undefined;
  heartbeat?: HeartbeatOptions | undefined;
  ready?: ReadyOptions | undefined;
}): LifelineError | null {
  const { queue, heartbeat, ready } = options;
  try {
    if (queue !== undefined && queue !== false) checkFields('invalid-option', 'queue', queue, 'max:c? overflow:reject|drop-oldest?');
    if (heartbeat !== undefined) checkFields('invalid-option', 'heartbeat', heartbeat, 'message:t intervalMs:p timeoutMs:p isPong:f?');
    if (ready !== undefined) checkFields('invalid-option', 'ready', ready, 'isReady:f message:t? timeoutMs:p?');
    return null;
  } catch (error) {
    return error as LifelineError;
  }
}
