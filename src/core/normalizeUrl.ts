import { LifelineError } from './LifelineError';

const SCHEMES: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };

/**
 * Turns what the user gave into the URL `new WebSocket()` accepts, or a `LifelineError`
 * saying what is wrong. Like browsers, http(s) becomes ws(s) and a relative URL resolves
 * against the page; unlike them, nothing throws.
 */
export function normalizeUrl(input: unknown): string | LifelineError {
  if (typeof input !== 'string' && !(input instanceof URL)) {
    return new LifelineError('invalid-url', `the URL must be a string or a URL, got ${input === null ? 'null' : typeof input}.`);
  }
  let url: URL;
  try {
    url = new URL(input, globalThis.location?.href);
  } catch {
    return new LifelineError(
      'invalid-url',
      `"${String(input)}" is not a valid absolute URL. Use ws://host/path or wss://host/path` +
        (globalThis.location ? '.' : ' (relative URLs need a page to resolve against).'),
    );
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) {
    return new LifelineError('invalid-url', `unsupported scheme "${url.protocol}" in "${url.href}": use ws: or wss:.`);
  }
  if (url.hash) {
    return new LifelineError('invalid-url', `WebSocket URLs may not have a fragment ("${url.hash}"): remove it.`);
  }
  url.protocol = scheme;
  return url.href;
}
