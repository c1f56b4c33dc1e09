import { LifelineError } from './LifelineError';

const SCHEMES: Readonly<Record<string, string>> = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' };

/**
 * Turns what the user gave into the URL `new WebSocket()` accepts, or a `LifelineError`
 * saying what is wrong. Like browsers, http(s) becomes ws(s) and a relative URL resolves
 * against the page; unlike them, nothing throws. Errors never repeat the URL: its query
 * and fragment may hold a token.
 */
export function normalizeUrl(input: unknown): string | LifelineError {
  const invalid = (status: 'type' | 'parse' | 'scheme' | 'fragment', got?: unknown) => new LifelineError('invalid-url', { status, got });
  if (typeof input !== 'string' && !(input instanceof URL)) return invalid('type', input === null ? 'null' : typeof input);
  let url: URL;
  try {
    url = new URL(input, globalThis.location?.href);
  } catch {
    return invalid('parse', !globalThis.location);
  }
  const scheme = SCHEMES[url.protocol];
  if (!scheme) return invalid('scheme', url.protocol);
  if (url.hash) return invalid('fragment');
  url.protocol = scheme;
  return url.href;
}
