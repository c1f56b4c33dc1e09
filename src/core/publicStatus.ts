import type { ConnectionState } from './types';

// The status and readyState each phase shows; `null`: 'connecting', or 'reconnecting' after a
// close. On the way to a socket (resolving the URL, re-authenticating) the connection is
// CONNECTING (0), as a socket would be; waiting for a retry or for the network, CLOSED (3).
const SHOWN: Readonly<Record<string, [ConnectionState['status'] | null, ConnectionState['readyState']]>> = {
  idle: ['idle', 3],
  resolving: [null, 0],
  reauthenticating: [null, 0],
  connecting: [null, 0],
  holding: [null, 1],
  open: ['open', 1],
  closing: ['closing', 2],
  waiting: ['reconnecting', 3],
  closed: ['closed', 3],
  failed: ['failed', 3],
};

/**
 * What `status` and `readyState` say for a phase of the connection. Pure: the phase is the
 * truth, these two fields are derived from it. An idle connection about to start (a hook
 * before its first effect) already says 'connecting'.
 */
export function publicStatus(phase: string, attempt: number, starting = false): Pick<ConnectionState, 'status' | 'readyState'> {
  if (starting) return { status: 'connecting', readyState: 0 };
  const [status, readyState] = SHOWN[phase] ?? [null, 3]; // offline
  return { status: status ?? (attempt > 0 ? 'reconnecting' : 'connecting'), readyState };
}
