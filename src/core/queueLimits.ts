import type { ConnectionStatus, QueueOptions } from './types';

/**
 * What becomes of a send that cannot go out now, by the connection's status: it waits in the
 * session's queue within these limits, or (null) nothing would deliver it: the queue is off,
 * or the session is closing or over. One rule for a connection and for a tab that follows
 * another tab's socket.
 */
export function queueLimits(status: ConnectionStatus, queue: QueueOptions | false | undefined): { max: number; dropOldest: boolean } | null {
  if (queue === false || status === 'closing' || status === 'closed' || status === 'failed') return null;
  return { max: queue?.max ?? 1000, dropOldest: queue?.overflow === 'drop-oldest' };
}
