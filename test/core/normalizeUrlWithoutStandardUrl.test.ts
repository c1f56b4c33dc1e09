import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifelineError, normalizeUrl } from 'react-lifeline/core';

// Inputs and what the standard URL parser makes of them (checked against Node's below).
const CASES: ReadonlyArray<string> = [
  'ws://127.0.0.1:8080/chat',
  'WSS://Example.COM:443/Chat?Room=1',
  'http://example.com',
  'https://example.com:443/a/b',
  'https://example.com:8443',
  'ws://example.com:80/',
  'wss://user:p%40ss@example.com/socket?token=a b',
  'ws://[::1]:9000/x',
  'ws://example.com/päth?q=ü',
  '  ws://example.com/trimmed  ',
  'ws://example.com/#',
  'ws://example.com:0/zero',
];
const BAD: ReadonlyArray<[string, string]> = [
  ['ws://example.com/chat#frag', 'fragment'],
  ['ftp://example.com/', 'scheme'],
  ['mailto:someone', 'scheme'],
  ['/relative/path', 'parse'],
  ['ws://', 'parse'],
  ['ws://example.com:70000/', 'parse'],
  ['not a url', 'parse'],
];

const normalizedByTheStandard = () => [...CASES.map((input) => normalizeUrl(input)), ...BAD.map(([input]) => statusOf(normalizeUrl(input)))];
// What the error says is wrong (its development message names it).
const statusOf = (result: unknown) =>
  result instanceof LifelineError ? (['must be a string', 'unsupported scheme', 'fragment', 'not a valid'] as const).find((words) => result.message.includes(words)) : result;

/** React Native's URL: keeps the text as given plus a slash, and its parts are not implemented. */
class ReactNativeUrl {
  readonly href: string;
  constructor(url: string) {
    this.href = url.endsWith('/') ? url : `${url}/`;
  }
  get protocol(): string {
    throw new Error('URL.protocol is not implemented');
  }
  toString() {
    return this.href;
  }
}

afterEach(() => void vi.unstubAllGlobals());

describe('normalizeUrl without a standard URL (Hermes, React Native)', () => {
  it('the standard parser gives what the table says', () => {
    expect(normalizedByTheStandard()).toEqual([
      'ws://127.0.0.1:8080/chat',
      'wss://example.com/Chat?Room=1',
      'ws://example.com/',
      'wss://example.com/a/b',
      'wss://example.com:8443/',
      'ws://example.com/',
      'wss://user:p%40ss@example.com/socket?token=a%20b',
      'ws://[::1]:9000/x',
      'ws://example.com/p%C3%A4th?q=%C3%BC',
      'ws://example.com/trimmed',
      'ws://example.com/#',
      'ws://example.com:0/zero',
      'fragment',
      'unsupported scheme',
      'unsupported scheme',
      'not a valid',
      'not a valid',
      'not a valid',
      'not a valid',
    ]);
  });

  it('with no URL global at all, every input normalises as the standard parser does it', () => {
    const expected = normalizedByTheStandard();
    vi.stubGlobal('URL', undefined);
    expect(typeof URL).toBe('undefined');
    expect(normalizedByTheStandard()).toEqual(expected);
  });

  it("with React Native's partial URL, every input normalises as the standard parser does it", () => {
    const expected = normalizedByTheStandard();
    vi.stubGlobal('URL', ReactNativeUrl);
    expect(normalizedByTheStandard()).toEqual(expected);
  });

  it('without a standard URL, anything but a string is a type error, not a crash', () => {
    vi.stubGlobal('URL', undefined);
    for (const input of [null, 42, {}, undefined]) expect(statusOf(normalizeUrl(input))).toBe('must be a string');
  });
});
