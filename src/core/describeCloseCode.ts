import { CLOSE_CODES } from './closeCodes';
import type { CloseCodeInfo } from './types';

/** What any number means as a close code: registry entry, or its range. Never throws. */
export function describeCloseCode(code: number): CloseCodeInfo {
  const known = typeof code === 'number' ? CLOSE_CODES[code] : undefined;
  if (known) return known;
  const unlisted = (
    name: string,
    range: CloseCodeInfo['range'],
    retry: CloseCodeInfo['retry'],
    severity: CloseCodeInfo['severity'],
    summary: string,
  ): CloseCodeInfo => ({
    code,
    name,
    range,
    sendable: range === 'registered' || range === 'private',
    onWire: range !== 'invalid',
    retry,
    severity,
    summary,
  });
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 1000 || code >= 5000) {
    return unlisted('Invalid', 'invalid', 'never', 'error', 'Not a valid close code: a protocol anomaly.');
  }
  if (code < 3000) {
    return unlisted('Unassigned protocol code', 'protocol', 'backoff', 'warning', 'A protocol code that IANA has not assigned.');
  }
  if (code < 4000) {
    return unlisted('Unassigned library code', 'registered', 'never', 'warning', 'A library/framework code that IANA has not assigned; the policy must say what it means.');
  }
  return unlisted('Private use', 'private', 'never', 'warning', 'An application-defined code; the policy must say what it means.');
}
