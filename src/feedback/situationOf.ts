import type { ConnectionState, LifelineErrorCode } from '../core';

/**
 * Where a connection stands, as far as a person needs to know. The one definition the
 * incident tracker, the words and the toasts share:
 * - `healthy`: open, idle, or closed because the app asked (`disconnect()`; a 3008 the app's
 *   heartbeat or readiness step closed with is an incident, not a wish);
 * - `connecting`: a connection the app started (a first connect, or Reconnect) is not open yet;
 * - `dropped`: the retry after a close is running;
 * - `waiting`: a retry is scheduled;
 * - `reauthenticating`: the policy's `reauthenticate` runs or is about to;
 * - `offline`: the network is gone, the connection waits for it;
 * - `gaveUp`: the retries ran out;
 * - `needsUser`: it stopped and will not come back by itself (a code the policy does not
 *   retry, or a set-up failure).
 */
export type Situation = 'healthy' | 'connecting' | 'dropped' | 'waiting' | 'reauthenticating' | 'offline' | 'gaveUp' | 'needsUser';

export type SituationInput = Pick<ConnectionState, 'status' | 'lastClose' | 'nextRetryAt' | 'online' | 'error'>;

// Failures before any socket: nothing to give up on, the user must act.
export const SETUP_FAILURES: ReadonlySet<LifelineErrorCode> = new Set(['invalid-url', 'url-failed', 'no-websocket', 'socket-failed', 'reauth-failed', 'invalid-policy', 'invalid-option']);

export function situationOf({ status, lastClose, nextRetryAt, online, error }: SituationInput): Situation {
  if (status === 'open' || status === 'idle' || status === 'closing') return 'healthy';
  if (status === 'failed') return lastClose && !(error && SETUP_FAILURES.has(error.code)) ? 'gaveUp' : 'needsUser';
  if (status === 'closed') {
    // A close the app asked for is no incident; a heartbeat's or readiness step's 3008 is.
    const timedOut = lastClose?.code === 3008 && (error?.code === 'heartbeat-timeout' || error?.code === 'ready-timeout' || error?.code === 'resume-timeout');
    return !lastClose || (lastClose.initiator === 'client' && !timedOut) ? 'healthy' : 'needsUser';
  }
  if (!online) return 'offline';
  if (lastClose?.willRetry && lastClose.action === 'reauth') return 'reauthenticating';
  if (nextRetryAt !== null) return 'waiting';
  return lastClose?.willRetry ? 'dropped' : 'connecting';
}
