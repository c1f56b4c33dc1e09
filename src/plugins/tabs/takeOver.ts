import { clientClose, type ConnectionState } from '../../core';
import type { WireState } from './types';

export const STOPPED: readonly string[] = ['closed', 'failed'];

export type Takeover<S extends ConnectionState> =
  /** Stopped (by the app, even mid-handshake, or for good): it stays so until a command. */
  | { start: 'never'; state: S }
  /** A retry was scheduled: it keeps its time, attempt number and re-authentication. */
  | { start: 'at'; at: number; state: S; reauth: boolean }
  /** Open or on its way: the new leader opens the socket at once (a retry under way carries on). */
  | { start: 'now'; state: S | null; reauth: boolean };

/**
 * What a tab that gets the lock does, from the state the last leader showed (`null` if it
 * never heard one) and the app's disconnect() that stood. Pure.
 */
export function takeOver<S extends ConnectionState>(last: S | null, stop: WireState['stop']): Takeover<S> {
  const close = last?.lastClose;
  const reauth = !!close && close.action === 'reauth' && close.willRetry;
  if (last && (STOPPED.includes(last.status) || stop)) {
    const lastClose = stop && !STOPPED.includes(last.status) ? clientClose(stop[0], stop[1], Date.now()) : last.lastClose;
    return { start: 'never', state: { ...last, status: STOPPED.includes(last.status) ? last.status : 'closed', readyState: 3, nextRetryAt: null, lastClose } };
  }
  if (last?.status === 'reconnecting' && last.nextRetryAt !== null) return { start: 'at', at: last.nextRetryAt, state: last, reauth };
  // A re-authentication under way (a retry's, or the app's Sign in again) runs again first.
  return { start: 'now', state: last, reauth };
}
