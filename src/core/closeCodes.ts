import { closeCodeSummary } from './closeCodeSummary';
import type { CloseCodeInfo, RetryAdvice, Severity } from './types';

type Row = [code: number, name: string, onWire: boolean, retry: RetryAdvice, severity: Severity];

// IANA "WebSocket Close Code Number Registry", with this project's default action per code.
const rows: readonly Row[] = [
  [1000, 'Normal Closure', true, 'never', 'info'],
  [1001, 'Going Away', true, 'backoff', 'warning'],
  [1002, 'Protocol error', true, 'never', 'error'],
  [1003, 'Unsupported Data', true, 'never', 'error'],
  [1004, 'Reserved', false, 'never', 'error'],
  [1005, 'No Status Rcvd', false, 'backoff', 'warning'],
  [1006, 'Abnormal Closure', false, 'backoff', 'warning'],
  [1007, 'Invalid frame payload data', true, 'never', 'error'],
  [1008, 'Policy Violation', true, 'never', 'error'],
  [1009, 'Message Too Big', true, 'never', 'error'],
  [1010, 'Mandatory Ext.', true, 'never', 'error'],
  [1011, 'Internal Error', true, 'backoff', 'error'],
  [1012, 'Service Restart', true, 'delayed', 'warning'],
  [1013, 'Try Again Later', true, 'delayed', 'warning'],
  [1014, 'Bad Gateway', true, 'backoff', 'warning'],
  [1015, 'TLS handshake', false, 'never', 'error'],
  [3000, 'Unauthorized', true, 'reauth', 'warning'],
  [3003, 'Forbidden', true, 'never', 'error'],
  [3008, 'Timeout', true, 'backoff', 'warning'],
];

/** Builds a registry entry; the developer sentence (`summary`) is there in development builds only. */
export const closeCodeInfo = (code: number, name: string, range: CloseCodeInfo['range'], onWire: boolean, retry: RetryAdvice, severity: Severity): CloseCodeInfo => ({
  code,
  name,
  range,
  sendable: code === 1000 || range === 'registered' || range === 'private',
  onWire,
  retry,
  severity,
  summary: process.env.NODE_ENV !== 'production' ? closeCodeSummary(code) : '',
});

/** Every IANA-registered close code, with its meaning and this library's default action. */
export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = /* @__PURE__ */ Object.freeze(
  Object.fromEntries(
    rows.map(([code, name, onWire, retry, severity]) => [code, Object.freeze(closeCodeInfo(code, name, code < 3000 ? 'protocol' : 'registered', onWire, retry, severity))]),
  ),
);
