import type { RetryAdvice } from './types';

// CLOSE_CODES.md's default action for the registered codes that are retried; every other
// registered code is `never`.
const RETRIED: Readonly<Record<number, RetryAdvice>> = {
  1001: 'backoff',
  1005: 'backoff',
  1006: 'backoff',
  1011: 'backoff',
  1012: 'delayed',
  1013: 'delayed',
  1014: 'backoff',
  3000: 'reauth',
  3008: 'backoff',
};

/**
 * What the policy does after a close with this code unless told otherwise: the registry's
 * default action, and for unlisted codes their range's (unassigned protocol codes 1016-2999
 * back off; everything else does not retry). Pure; the reconnect decision's only need of the
 * registry, so the registry's names and texts stay out of the connection.
 */
export function defaultAdvice(code: number): RetryAdvice {
  return RETRIED[code] ?? (Number.isInteger(code) && code > 1015 && code < 3000 ? 'backoff' : 'never');
}
