import type { CloseCodeInfo, RetryAdvice, Severity } from './types';

type Row = [code: number, name: string, onWire: boolean, retry: RetryAdvice, severity: Severity, summary: string];

// IANA "WebSocket Close Code Number Registry", with this project's default action per code.
const rows: readonly Row[] = [
  [1000, 'Normal Closure', true, 'never', 'info', 'The work is finished; either side closed on purpose.'],
  [1001, 'Going Away', true, 'backoff', 'warning', 'The server is shutting down or redeploying, or the page is unloading.'],
  [1002, 'Protocol error', true, 'never', 'error', 'A peer broke the WebSocket protocol: a bug or a version mismatch.'],
  [1003, 'Unsupported Data', true, 'never', 'error', 'A peer received a frame type it cannot accept (binary vs text).'],
  [1004, 'Reserved', false, 'never', 'error', 'Reserved; never valid on the wire.'],
  [1005, 'No Status Rcvd', false, 'backoff', 'warning', 'A close frame arrived without a status code (local only).'],
  [1006, 'Abnormal Closure', false, 'backoff', 'warning', 'No close frame: network loss, TCP reset, or any failed handshake, including HTTP 401/403 (local only).'],
  [1007, 'Invalid frame payload data', true, 'never', 'error', 'A frame carried invalid data, such as text that is not UTF-8.'],
  [1008, 'Policy Violation', true, 'never', 'error', 'The server rejected the connection or a message under its policy.'],
  [1009, 'Message Too Big', true, 'never', 'error', "A message was larger than the peer's limit."],
  [1010, 'Mandatory Ext.', true, 'never', 'error', 'The server lacks an extension the client requires.'],
  [1011, 'Internal Error', true, 'backoff', 'error', 'The server hit an unexpected condition; worth logging.'],
  [1012, 'Service Restart', true, 'delayed', 'warning', 'The server is restarting; reconnect after a random wait of 5-30 s.'],
  [1013, 'Try Again Later', true, 'delayed', 'warning', 'The server is overloaded; reconnect after a long random wait (10-60 s).'],
  [1014, 'Bad Gateway', true, 'backoff', 'warning', 'A proxy or gateway got a bad answer from upstream.'],
  [1015, 'TLS handshake', false, 'never', 'error', 'The TLS handshake failed (local only; browsers report 1006 instead).'],
  [3000, 'Unauthorized', true, 'reauth', 'warning', 'Credentials are missing or expired; re-authenticate, then reconnect.'],
  [3003, 'Forbidden', true, 'never', 'error', 'The credentials are valid but lack permission.'],
  [3008, 'Timeout', true, 'backoff', 'warning', 'An application-level timeout closed the connection.'],
];

/** Every IANA-registered close code, with its meaning and this library's default action. */
export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = /* @__PURE__ */ Object.freeze(
  Object.fromEntries(
    rows.map(([code, name, onWire, retry, severity, summary]) => [
      code,
      Object.freeze<CloseCodeInfo>({
        code,
        name,
        range: code < 3000 ? 'protocol' : 'registered',
        sendable: code === 1000 || code >= 3000,
        onWire,
        retry,
        severity,
        summary,
      }),
    ]),
  ),
);
