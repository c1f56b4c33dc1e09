import { LifelineError } from '../../core';
import type { ConnectionState } from '../../core';
import type { WireState } from './types';

/** A connection's state as it crosses to the other tabs: plain data, the error as its facts. */
export function toWire(state: ConnectionState, stop: WireState['stop']): WireState {
  const { error } = state;
  return {
    status: state.status,
    readyState: state.readyState,
    lastClose: state.lastClose,
    attempt: state.attempt,
    nextRetryAt: state.nextRetryAt,
    error: error && { code: error.code, message: error.message, field: error.field, count: error.count },
    plugins: state.plugins,
    stop,
  };
}

/** A LifelineError as another tab reported it: same code, field, count and words, and `instanceof` holds. */
export function fromWire(error: NonNullable<WireState['error']>): LifelineError {
  return Object.assign(Object.create(LifelineError.prototype) as LifelineError, { ...error, name: 'LifelineError' });
}
