import { describeCloseCode } from '../core';
import type { FeedbackMeaning } from './types';

const BY_CODE: Readonly<Record<number, FeedbackMeaning>> = {
  1000: 'closedNormally',
  1001: 'serverGoingAway',
  1005: 'connectionLost',
  1006: 'connectionLost',
  1008: 'policyViolation',
  1009: 'messageTooBig',
  1011: 'internalError',
  1012: 'serverRestarting',
  1013: 'tryAgainLater',
  1014: 'badGateway',
  1015: 'secureConnectionFailed',
  3000: 'sessionExpired',
  3003: 'forbidden',
  3008: 'timeout',
};

/** Which catalog entry speaks for a close code. */
export function meaningOfClose(code: number): FeedbackMeaning {
  const known = BY_CODE[code];
  if (known) return known;
  const { range, retry } = describeCloseCode(code);
  if (range === 'invalid' || (range === 'protocol' && retry === 'never')) return 'protocolError';
  return 'unknown'; // an unassigned or private code: its number, in the detail only
}
