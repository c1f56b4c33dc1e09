import { LifelineError } from './LifelineError';

const SCHEMES: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };

/**
 * Turns what the user gave into the URL `new WebSocket()` accepts, or a `LifelineError`
 * saying what is wrong. Like browsers, http(s) becomes ws(s) and a relative URL resolves
 * against the page; unlike them, nothing throws. Errors never repeat the URL: its query
 * and fragment may hold a token.
 */
export function normalizeUrl(input: unknown): string | LifelineError {
  const invalid = (expected: string) => new LifelineError('invalid-url', { expected, got: input });
  if (typeof input !== 'string' && !(input instanceof URL)) return invalid(`must be a string or a URL, got ${input === null ? 'null' : typeof input}`);
  let url: URL;
  try {
    url = new URL(input, globalThis.location?.href);
  } catch {
    return invalid(`is not a valid absolute URL${globalThis.location ? '' : ' (relative URLs need a page to resolve against)'}`);
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) return invalid(`has an unsupported scheme "${url.protocol}": use ws: or wss:`);
  if (url.hash) return invalid('has a fragment (#...); WebSocket URLs may not have a fragment: remove it');
  url.protocol = scheme;
  return url.href;
}
