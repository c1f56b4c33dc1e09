import { LifelineError } from '../../core';
import type { ConnectionState } from '../../core';
import type { WireState } from './types';

/**
 * A connection's state as it crosses to the other tabs: plain data, the error as its facts, and the
 * plug-ins' annotations that the channel can clone (see {@link crossable}).
 * @example
 * channel.post({ t: 'state', state: toWire(connection.getState(), undefined) });
 */
export function toWire(state: ConnectionState, stop: WireState['stop']): WireState {
  const { error } = state;
  return {
    status: state.status,
    readyState: state.readyState,
    lastClose: state.lastClose,
    attempt: state.attempt,
    nextRetryAt: state.nextRetryAt,
    error: error && { code: error.code, message: error.message, field: error.field, count: error.count },
    plugins: crossable(state.plugins),
    stop,
  };
}

/**
 * The plug-ins' annotations that can cross to the other tabs: an annotation the channel cannot clone
 * (a function or a DOM node inside) stays in this tab, so it never stops the rest of the state from crossing.
 * @example
 * crossable({ resume: { seq: 4 }, presence: { refresh() {} } }); // { resume: { seq: 4 } }
 */
export function crossable(plugins: ConnectionState['plugins']): WireState['plugins'] {
  if (!plugins || typeof structuredClone !== 'function') return plugins;
  let kept: Record<string, unknown> | undefined;
  for (const [name, value] of Object.entries(plugins)) {
    try {
      structuredClone(value);
    } catch {
      kept ??= { ...plugins };
      delete kept[name];
    }
  }
  return kept ?? plugins;
}

/** A LifelineError as another tab reported it: same code, field, count and words, and `instanceof` holds. */
export function fromWire(error: NonNullable<WireState['error']>): LifelineError {
  return Object.assign(Object.create(LifelineError.prototype) as LifelineError, { ...error, name: 'LifelineError' });
}
