import { closeCodeRange } from './closeCodeRange';
import { CLOSE_CODES, closeCodeInfo } from './closeCodes';
import type { CloseCodeInfo } from './types';

// Unlisted codes, by range: a name and a severity (the default action: `defaultAdvice`).
const UNLISTED = {
  invalid: ['Invalid', 'error'],
  protocol: ['Unassigned protocol code', 'warning'],
  registered: ['Unassigned library code', 'warning'],
  private: ['Private use', 'warning'],
} as const;

/** What any number means as a close code: registry entry, or its range. Never throws. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = typeof code === 'number' ? CLOSE_CODES[code] : undefined;
  if (known) return known;
  const range = closeCodeRange(code);
  const [name, severity] = UNLISTED[range];
  return closeCodeInfo(code, name, range, range !== 'invalid', severity);
}
