import { describe, expect, it } from 'vitest';
import { CLOSE_CODES } from '../../src/core/closeCodes';
import { describeCloseCode } from '../../src/core/describeCloseCode';

// Straight from CLOSE_CODES.md: code, IANA name, on the wire, default action, severity.
const REGISTERED: ReadonlyArray<[number, string, boolean, string, string]> = [
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

describe('CLOSE_CODES', () => {
  it('holds exactly the IANA-registered codes', () => {
    expect(Object.keys(CLOSE_CODES).map(Number)).toEqual(REGISTERED.map(([code]) => code));
  });

  it.each(REGISTERED)('%i is %s (on the wire: %s), %s, %s', (code, name, onWire, retry, severity) => {
    const info = describeCloseCode(code);
    expect(info).toBe(CLOSE_CODES[code]);
    expect(info).toMatchObject({ code, name, onWire, retry, severity });
    expect(info.range).toBe(code < 3000 ? 'protocol' : 'registered');
    expect(info.sendable).toBe(code === 1000 || code >= 3000);
    expect(info.summary).toMatch(/^[A-Z].+\.$/);
  });

  it('is frozen', () => {
    expect(Object.isFrozen(CLOSE_CODES)).toBe(true);
    expect(Object.isFrozen(CLOSE_CODES[1000])).toBe(true);
  });
});

describe('describeCloseCode for unlisted numbers', () => {
  it.each([
    // code, range, name, sendable, onWire, retry
    [0, 'invalid', 'Invalid', false, false, 'never'],
    [999, 'invalid', 'Invalid', false, false, 'never'],
    [-1, 'invalid', 'Invalid', false, false, 'never'],
    [1.5, 'invalid', 'Invalid', false, false, 'never'],
    [Number.NaN, 'invalid', 'Invalid', false, false, 'never'],
    [Infinity, 'invalid', 'Invalid', false, false, 'never'],
    [5000, 'invalid', 'Invalid', false, false, 'never'],
    [1016, 'protocol', 'Unassigned protocol code', false, true, 'backoff'],
    [2999, 'protocol', 'Unassigned protocol code', false, true, 'backoff'],
    [3001, 'registered', 'Unassigned library code', true, true, 'never'],
    [3999, 'registered', 'Unassigned library code', true, true, 'never'],
    [4000, 'private', 'Private use', true, true, 'never'],
    [4999, 'private', 'Private use', true, true, 'never'],
  ] as const)('%d is in the %s range', (code, range, name, sendable, onWire, retry) => {
    const info = describeCloseCode(code);
    expect(info).toMatchObject({ range, name, sendable, onWire, retry });
    expect(Object.is(info.code, code)).toBe(true);
    expect(info.summary.length).toBeGreaterThan(10);
  });

  it('never throws, whatever it is given', () => {
    for (const value of [undefined, null, '1000', {}, Symbol.iterator] as unknown[]) {
      expect(() => describeCloseCode(value as number)).not.toThrow();
    }
    expect(describeCloseCode('1000' as unknown as number).range).toBe('invalid');
  });
});
