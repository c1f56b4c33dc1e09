import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifelineError, normalizeUrl } from 'react-lifeline/core';

// Each input; what the standard URL parser makes of it (checked against Node's below); and what goes
// to the WebSocket without a standard URL: as written but for the scheme (lower-cased, http(s) as
// ws(s)), whitespace percent-encoded. An error stands as the words its message names.
const TABLE: ReadonlyArray<readonly [input: string, standard: string, given: string]> = [
  ['ws://127.0.0.1:8080/chat', 'ws://127.0.0.1:8080/chat', 'ws://127.0.0.1:8080/chat'],
  ['WSS://Example.COM:443/Chat?Room=1', 'wss://example.com/Chat?Room=1', 'wss://Example.COM:443/Chat?Room=1'],
  ['http://example.com', 'ws://example.com/', 'ws://example.com'],
  ['https://example.com:443/a/b', 'wss://example.com/a/b', 'wss://example.com:443/a/b'],
  ['https://example.com:8443', 'wss://example.com:8443/', 'wss://example.com:8443'],
  ['ws://example.com:80/', 'ws://example.com/', 'ws://example.com:80/'],
  ['wss://user:p%40ss@example.com/socket?token=a b', 'wss://user:p%40ss@example.com/socket?token=a%20b', 'wss://user:p%40ss@example.com/socket?token=a%20b'],
  ['ws://[::1]:9000/x', 'ws://[::1]:9000/x', 'ws://[::1]:9000/x'],
  ['ws://example.com/päth?q=ü', 'ws://example.com/p%C3%A4th?q=%C3%BC', 'ws://example.com/päth?q=ü'],
  ['  ws://example.com/trimmed  ', 'ws://example.com/trimmed', 'ws://example.com/trimmed'],
  ['ws://example.com/#', 'ws://example.com/#', 'ws://example.com/#'],
  ['ws://example.com:0/zero', 'ws://example.com:0/zero', 'ws://example.com:0/zero'],
  ['ws://example.com/chat#frag', 'fragment', 'fragment'],
  ['ftp://example.com/', 'unsupported scheme', 'unsupported scheme'],
  ['mailto:someone', 'unsupported scheme', 'unsupported scheme'],
  ['/relative/path', 'not a valid', 'not a valid'],
  ['ws://', 'not a valid', 'not a valid'],
  ['ws://example.com:70000/', 'not a valid', 'ws://example.com:70000/'], // the platform's WebSocket refuses it, as it would without us
  ['not a url', 'not a valid', 'not a valid'],
];

const normalizedAll = () => TABLE.map(([input]) => statusOf(normalizeUrl(input)));
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
    expect(normalizedAll()).toEqual(TABLE.map(([, standard]) => standard));
  });

  it('with no URL global at all, a URL goes as written but for its scheme', () => {
    vi.stubGlobal('URL', undefined);
    expect(typeof URL).toBe('undefined');
    expect(normalizedAll()).toEqual(TABLE.map(([, , given]) => given));
  });

  it("with React Native's partial URL, likewise", () => {
    vi.stubGlobal('URL', ReactNativeUrl);
    expect(normalizedAll()).toEqual(TABLE.map(([, , given]) => given));
  });

  it('spellings the standard parser would rewrite (leading zeros, dot segments, braces, a backslash) go as written', () => {
    vi.stubGlobal('URL', undefined);
    for (const input of ['ws://example.com:0080/chat', 'ws://example.com/a/../chat', 'ws://example.com/{room}', 'ws://example.com\\chat', 'ws://bücher.example/chat']) {
      expect(normalizeUrl(input)).toBe(input);
    }
  });

  const withoutUrl = <T>(run: () => T): T => {
    vi.stubGlobal('URL', undefined);
    try {
      return run();
    } finally {
      vi.unstubAllGlobals();
    }
  };

  it('for any URL already in the standard form, both ways give the same (fast-check, seed 20261205)', () => {
    const chars = (alphabet: string, minLength: number, maxLength: number) => fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });
    const input = fc
      .tuple(
        fc.constantFrom('ws', 'wss', 'http', 'https', 'WS', 'Https'),
        chars('abcxyz019', 0, 8).map((rest) => `h${rest}`), // a name, not a number (the standard rewrites IPv4 forms)
        fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
        chars("abc019/-._~!$&()*+,;=:@", 0, 10),
        fc.option(chars("abc019=&/?-._~!$()*+,;:@", 0, 8), { nil: undefined }),
      )
      .filter(([scheme, , port]) => port !== { ws: 80, wss: 443, http: 80, https: 443 }[scheme.toLowerCase()])
      .map(([scheme, host, port, path, query]) => `${scheme}://${host}${port === undefined ? '' : `:${port}`}/${path}${query === undefined ? '' : `?${query}`}`)
      .filter((url) => !/\/\.\.?(?:[/?]|$)/.test(url.split('?')[0]!.slice(url.indexOf('//') + 2))); // no dot segments: the standard resolves them
    fc.assert(
      fc.property(input, (url) => {
        expect(withoutUrl(() => normalizeUrl(url))).toBe(normalizeUrl(url));
      }),
      { seed: 20261205, numRuns: 500 },
    );
  });

  it('for any text, either an error or the text with only its scheme changed (and whitespace percent-encoded); what has a wrong scheme or a fragment the standard refuses too (fast-check, seed 20261205)', () => {
    const text = fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('ws', 'wss', 'http', 'https', 'ftp', 'WS', 'x').chain((scheme) => fc.string({ maxLength: 20 }).map((rest) => `${scheme}:${rest}`)));
    fc.assert(
      fc.property(text, (input) => {
        const given = withoutUrl(() => normalizeUrl(input));
        if (typeof given === 'string') {
          const trimmed = input.trim();
          const scheme = trimmed.slice(0, trimmed.indexOf(':') + 1).toLowerCase();
          expect({ http: 'ws:', https: 'wss:', ws: 'ws:', wss: 'wss:' }[scheme.slice(0, -1)]).toBeDefined();
          const encoded = trimmed.slice(scheme.length).replace(/[\s\p{Cc}]/gu, encodeURIComponent); // (a fragment, with text, is refused)
          expect(given).toBe(`${{ 'http:': 'ws:', 'https:': 'wss:' }[scheme] ?? scheme}${encoded}`);
          expect(given).not.toMatch(/#./);
        } else {
          // What has a fragment, or no ws/http scheme, the standard refuses too (its words may differ: "ftp:" has no host for it).
          const status = statusOf(given);
          if (status === 'unsupported scheme' || status === 'fragment') expect(normalizeUrl(input)).toBeInstanceOf(LifelineError);
        }
      }),
      { seed: 20261205, numRuns: 1000 },
    );
  });

  it('without a standard URL, anything but a string is a type error, not a crash', () => {
    vi.stubGlobal('URL', undefined);
    for (const input of [null, 42, {}, undefined]) expect(statusOf(normalizeUrl(input))).toBe('must be a string');
  });
});

describe('normalizeUrl without a standard URL refuses what has no host or has a fragment, as the standard does', () => {
  afterEach(() => void vi.unstubAllGlobals());

  it.each(['ws://:8080/chat', 'wss://user:secret@/chat', 'ws://@/chat', 'ws://:/'])('%s (no host) is refused', (input) => {
    expect(statusOf(normalizeUrl(input))).toBe('not a valid');
    vi.stubGlobal('URL', undefined);
    expect(statusOf(normalizeUrl(input))).toBe('not a valid');
  });

  it('a fragment whose text holds a line break is refused as a fragment', () => {
    const input = 'wss://example.com/chat#token=a\nb';
    expect(statusOf(normalizeUrl(input))).toBe('fragment');
    vi.stubGlobal('URL', undefined);
    expect(statusOf(normalizeUrl(input))).toBe('fragment');
  });
});
