import type { CloseInfo } from './types';

/** A close the app asked for (`disconnect()`): never retried. One record for a connection and for every tab of a shared one. */
export const clientClose = (code: number, reason: string, at: number, wasClean = true): CloseInfo => ({
  code,
  reason,
  wasClean,
  at,
  initiator: 'client',
  action: 'never',
  willRetry: false,
  retryAt: null,
});
