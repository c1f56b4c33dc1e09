import { describeCloseCode } from '../core';
import type { CloseInfo } from '../core';

/** The app's `disconnect(code, reason)` as a close, as the core records one when no socket is open to close. */
export function clientClose([code, reason]: [number, string], at = Date.now()): CloseInfo {
  return { code, reason, wasClean: true, at, initiator: 'client', meaning: describeCloseCode(code), action: 'never', willRetry: false, retryAt: null };
}
