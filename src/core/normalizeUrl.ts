import { LifelineError } from './LifelineError';

const SCHEMES: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };
// Without a standard `URL`: a scheme, then anything up to a fragment (which may hold a line break).
const GIVEN = /^([a-z][a-z\d+.-]*:)([^#]*)(#[^]*)?$/i;

type Parts = { protocol: string; hash: string; href: (scheme: string) => string };

/** The platform's `URL`, where it follows the URL standard (React Native's keeps a URL as given: not that). */
function standardUrl(input: string, base: string | undefined): Parts {
  const url = new URL(input, base);
  return { protocol: url.protocol, hash: url.hash, href: (scheme) => ((url.protocol = scheme), url.href) };
}

/**
 * An absolute URL as given, for where `URL` is missing or partial (Hermes has none; React
 * Native's leaves its parts unimplemented): only its scheme is read (lower-cased, http(s) as
 * ws(s)) and a host required; host, port, path and query go to the platform's WebSocket as
 * written (whitespace percent-encoded), which checks them.
 */
function givenUrl(input: string): Parts {
  const [, scheme = '', written = '', hash = ''] = GIVEN.exec(input.trim()) ?? [];
  // Whitespace and controls percent-encoded, as the standard does in a path or query (a token after a space stays a query: redactUrl drops it).
  const rest = written.replace(/[\s\p{Cc}]/gu, encodeURIComponent);
  const host = /^\/\/([^/?#]*)/.exec(rest)?.[1]!.split('@').pop(); // after the last "@", as parsers read it
  if (SCHEMES[scheme.toLowerCase()] && !/^[^:%]/.test(host ?? '')) throw new TypeError('Invalid URL'); // no host
  return { protocol: scheme.toLowerCase(), hash: hash.length > 1 ? hash : '', href: (to) => to + rest + hash }; // an empty fragment stays, as parsers keep it
}

/**
 * Turns what the user gave into the URL `new WebSocket()` accepts, or a `LifelineError`
 * saying what is wrong. Like browsers, http(s) becomes ws(s) and a relative URL resolves
 * against the page; unlike them, nothing throws. Errors never repeat the URL: its query
 * and fragment may hold a token. Without a standard `URL` (React Native, Hermes), an
 * absolute URL goes as given but for its scheme (`givenUrl`).
 */
export function normalizeUrl(input: unknown): string | LifelineError {
  const invalid = (status: 'type' | 'parse' | 'scheme' | 'fragment', got?: unknown) => new LifelineError('invalid-url', { status, got });
  const standard = typeof URL === 'function' && hasStandardUrl();
  if (typeof input !== 'string' && !(typeof URL === 'function' && input instanceof URL)) return invalid('type', input === null ? 'null' : typeof input);
  let url: Parts;
  try {
    url = standard ? standardUrl(String(input), globalThis.location?.href) : givenUrl(String(input));
  } catch {
    return invalid('parse', !globalThis.location);
  }
  const scheme = SCHEMES[url.protocol];
  if (!url.protocol) return invalid('parse', !globalThis.location);
  if (!scheme) return invalid('scheme', url.protocol);
  if (url.hash) return invalid('fragment');
  return url.href(scheme);
}

/** Whether `URL` parses as the standard says (React Native's appends a slash and lower-cases nothing). */
function hasStandardUrl(): boolean {
  try {
    return new URL('HTTP://a:80').href === 'http://a/';
  } catch {
    return false;
  }
}
