import { closeCodeRange } from './closeCodeRange';
import { CLOSE_CODES, closeCodeInfo } from './closeCodes';
import type { CloseCodeInfo } from './types';

// Unlisted codes, by range: a name and this library's default action (see CLOSE_CODES.md).
const UNLISTED = {
  invalid: ['Invalid', 'never', 'error'],
  protocol: ['Unassigned protocol code', 'backoff', 'warning'],
  registered: ['Unassigned library code', 'never', 'warning'],
  private: ['Private use', 'never', 'warning'],
} as const;

/** What any number means as a close code: registry entry, or its range. Never throws. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = typeof code === 'number' ? CLOSE_CODES[code] : undefined;
  if (known) return known;
  const range = closeCodeRange(code);
  const [name, retry, severity] = UNLISTED[range];
  return closeCodeInfo(code, name, range, range !== 'invalid', retry, severity);
}
