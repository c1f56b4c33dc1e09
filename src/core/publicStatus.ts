import type { ConnectionState } from './types';

// The readyState each phase shows: on the way to a socket (resolving the URL,
// re-authenticating, the handshake) CONNECTING; a socket open but held by a plug-in's
// handshake OPEN; waiting for a retry or for the network, or stopped, CLOSED.
const READY: Readonly<Record<string, ConnectionState['readyState']>> = { resolving: 0, reauthenticating: 0, connecting: 0, holding: 1, open: 1, closing: 2 };

/**
 * What `status` and `readyState` say for a phase of the connection. Pure: the phase is the
 * truth, these two fields are derived from it. An idle connection about to start (a hook
 * before its first effect) already says 'connecting'.
 */
export function publicStatus(phase: string, attempt: number, starting = false): Pick<ConnectionState, 'status' | 'readyState'> {
  if (starting) return { status: 'connecting', readyState: 0 };
  const status = phase === 'waiting' ? 'reconnecting' : ['idle', 'open', 'closing', 'closed', 'failed'].includes(phase) ? phase : attempt > 0 ? 'reconnecting' : 'connecting';
  return { status: status as ConnectionState['status'], readyState: READY[phase] ?? 3 };
}
