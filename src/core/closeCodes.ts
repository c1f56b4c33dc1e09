import { closeCodeSummary } from './closeCodeSummary';
import { defaultAdvice } from './defaultAdvice';
import type { CloseCodeInfo, Severity } from './types';

type Row = [code: number, name: string, onWire: boolean, severity: Severity];

// IANA "WebSocket Close Code Number Registry"; this project's default action per code is `defaultAdvice`.
const rows: readonly Row[] = [
  [1000, 'Normal Closure', true, 'info'],
  [1001, 'Going Away', true, 'warning'],
  [1002, 'Protocol error', true, 'error'],
  [1003, 'Unsupported Data', true, 'error'],
  [1004, 'Reserved', false, 'error'],
  [1005, 'No Status Rcvd', false, 'warning'],
  [1006, 'Abnormal Closure', false, 'warning'],
  [1007, 'Invalid frame payload data', true, 'error'],
  [1008, 'Policy Violation', true, 'error'],
  [1009, 'Message Too Big', true, 'error'],
  [1010, 'Mandatory Ext.', true, 'error'],
  [1011, 'Internal Error', true, 'error'],
  [1012, 'Service Restart', true, 'warning'],
  [1013, 'Try Again Later', true, 'warning'],
  [1014, 'Bad Gateway', true, 'warning'],
  [1015, 'TLS handshake', false, 'error'],
  [3000, 'Unauthorized', true, 'warning'],
  [3003, 'Forbidden', true, 'error'],
  [3008, 'Timeout', true, 'warning'],
];

/** Builds a registry entry; the developer sentence (`summary`) is there in development builds only. */
export const closeCodeInfo = (code: number, name: string, range: CloseCodeInfo['range'], onWire: boolean, severity: Severity): CloseCodeInfo => ({
  code,
  name,
  range,
  sendable: code === 1000 || range === 'registered' || range === 'private',
  onWire,
  retry: defaultAdvice(code),
  severity,
  summary: process.env.NODE_ENV !== 'production' ? closeCodeSummary(code) : '',
});

/** Every IANA-registered close code, with its meaning and this library's default action. */
export const CLOSE_CODES: Readonly<Record<number, CloseCodeInfo>> = /* @__PURE__ */ (() =>
  Object.freeze(
    Object.fromEntries(
      rows.map(([code, name, onWire, severity]) => [code, Object.freeze(closeCodeInfo(code, name, code < 3000 ? 'protocol' : 'registered', onWire, severity))]),
    ),
  ))();
