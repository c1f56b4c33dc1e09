import type { CloseCodeRange } from './types';

/** Which range of the close-code space a number falls in (RFC 6455 7.4.2). */
export function closeCodeRange(code: number): CloseCodeRange {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 1000 || code >= 5000) return 'invalid';
  return code < 3000 ? 'protocol' : code < 4000 ? 'registered' : 'private';
}
