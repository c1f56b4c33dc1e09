import { LifelineError } from './LifelineError';
import type { HeartbeatOptions, QueueOptions, ReadyOptions } from './types';

type Check = [field: string, ok: (value: unknown) => boolean];

const isFunction = (value: unknown) => typeof value === 'function';
const isMs = (value: unknown) => typeof value === 'number' && value > 0 && Number.isFinite(value);
const isText = (value: unknown) => typeof value === 'string' || isFunction(value);
const optional = (ok: (value: unknown) => boolean) => (value: unknown) => value === undefined || ok(value);

const QUEUE: readonly Check[] = [
  ['max', optional((value) => typeof value === 'number' && value >= 0 && (Number.isInteger(value) || value === Infinity))],
  ['overflow', optional((value) => value === 'reject' || value === 'drop-oldest')],
];
const HEARTBEAT: readonly Check[] = [
  ['message', isText],
  ['intervalMs', isMs],
  ['timeoutMs', isMs],
  ['isPong', optional(isFunction)],
];
const READY: readonly Check[] = [
  ['isReady', isFunction],
  ['message', optional(isText)],
  ['timeoutMs', optional(isMs)],
];

function check(name: string, value: unknown, checks: readonly Check[]): LifelineError | null {
  if (value === undefined || (name === 'queue' && value === false)) return null;
  if (typeof value !== 'object' || value === null) return new LifelineError('invalid-option', { field: name, got: value });
  for (const [field, ok] of checks) {
    const got = (value as Record<string, unknown>)[field];
    if (!ok(got)) return new LifelineError('invalid-option', { field: `${name}.${field}`, got });
  }
  return null;
}

/** The first invalid `queue`, `heartbeat` or `ready` field, as a `LifelineError` naming it; null when all are valid. */
export function checkOptions(options: {
  queue?: false | QueueOptions | undefined;
  heartbeat?: HeartbeatOptions | undefined;
  ready?: ReadyOptions | undefined;
}): LifelineError | null {
  return check('queue', options.queue, QUEUE) ?? check('heartbeat', options.heartbeat, HEARTBEAT) ?? check('ready', options.ready, READY);
}
