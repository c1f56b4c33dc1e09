import { LifelineError } from './LifelineError';

const SCHEMES: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };
const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'ws:': '80', 'wss:': '443' };
// An absolute URL's parts: scheme, credentials, host, port, path, query, fragment.
const ABSOLUTE = /^([a-z][a-z\d+.-]*:)(?:\/\/([^/?#]*@)?(\[[\da-f:.]+\]|[^/?#:@[\]]+)(?::(\d*))?([^?#]*)(\?[^#]*)?(#.*)?)?/i;
// What a URL parser percent-encodes in a path or a query (as UTF-8): controls, space, quotes, angle brackets, non-ASCII.
const ENCODE = /[^!$-;=?-_a-~]/gu; // everything but the printable ASCII a URL keeps as it is

type Parts = { protocol: string; hash: string; href: (scheme: string) => string };

/** The platform's `URL`, where it follows the URL standard (React Native's keeps a URL as given: not that). */
function standardUrl(input: string, base: string | undefined): Parts {
  const url = new URL(input, base);
  return { protocol: url.protocol, hash: url.hash, href: (scheme) => ((url.protocol = scheme), url.href) };
}

/**
 * An absolute ws(s)/http(s) URL taken apart by hand, for where `URL` is missing or partial
 * (Hermes has none; React Native's leaves its parts unimplemented): scheme and host
 * lower-cased, the default port dropped, an empty path as "/", what parsers encode encoded.
 */
function ownUrl(input: string): Parts {
  const [, scheme = '', user = '', host, port = '', path = '', query = '', hash = ''] = ABSOLUTE.exec(input.trim()) ?? [];
  const protocol = scheme.toLowerCase();
  if (SCHEMES[protocol] && (!host || +port > 65535)) throw new TypeError('Invalid URL');
  const encode = (part: string) => part.replace(ENCODE, encodeURIComponent);
  return {
    protocol,
    hash: hash.length > 1 ? hash : '',
    href: (to) => `${to}//${user}${host!.toLowerCase()}${port && port !== DEFAULT_PORTS[to] ? `:${+port}` : ''}${encode(path) || '/'}${encode(query)}${hash}`, // an empty fragment stays, as parsers keep it
  };
}

/**
 * Turns what the user gave into the URL `new WebSocket()` accepts, or a `LifelineError`
 * saying what is wrong. Like browsers, http(s) becomes ws(s) and a relative URL resolves
 * against the page; unlike them, nothing throws. Errors never repeat the URL: its query
 * and fragment may hold a token. Without a standard `URL` (React Native, Hermes), an
 * absolute URL is normalised the same way by hand.
 */
export function normalizeUrl(input: unknown): string | LifelineError {
  const invalid = (status: 'type' | 'parse' | 'scheme' | 'fragment', got?: unknown) => new LifelineError('invalid-url', { status, got });
  const standard = typeof URL === 'function' && hasStandardUrl();
  if (typeof input !== 'string' && !(typeof URL === 'function' && input instanceof URL)) return invalid('type', input === null ? 'null' : typeof input);
  let url: Parts;
  try {
    url = standard ? standardUrl(String(input), globalThis.location?.href) : ownUrl(String(input));
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
