import { guard } from './guard';
import type { LifelineError } from './LifelineError';
import { normalizeUrl } from './normalizeUrl';
import { redactUrl } from './redactUrl';
import type { UrlSource } from './types';

/**
 * The one definition of "the same URL", used by the connection and the socket pool: the
 * normalised URL (scheme and host lower-cased, default port dropped, empty path as "/",
 * http(s) as ws(s)), so `ws://h:1` and `ws://h:1/` are one. Anything unparsable is itself.
 */
export function urlIdentity(url: unknown): string {
  const normalized = normalizeUrl(url);
  return typeof normalized === 'string' ? normalized : `invalid:${String(url)}`;
}

/**
 * Where a URL function's answer points: its identity, redacted (no credentials, query or
 * fragment). That is where tickets and tokens go, and a fresh one per call must not read as a
 * new endpoint (an inline function would otherwise move the socket on every render).
 */
export const endpointOf = (answer: unknown): string => redactUrl(urlIdentity(answer));

/**
 * Where a URL source points: a string's identity, or a function's endpoint (`endpointOf`),
 * at once for a string or a sync function, later for an async one. A function that throws
 * or rejects points nowhere known (a fresh object, equal to nothing); its throw goes to
 * `report` (the guard's error, `url-failed`).
 */
export function identify(source: UrlSource, report: (error: LifelineError) => void = () => {}): string | object | Promise<string | object> {
  if (typeof source !== 'function') return urlIdentity(source);
  let threw = false;
  const answer = guard('url', source, [], (error) => ((threw = true), report(error)), 'url-failed');
  return threw ? {} : pointsTo(answer);
}

/** Where a URL function's answer (or the promise of one) points; see `identify`. */
export const pointsTo = (answer: unknown): string | object | Promise<string | object> =>
  typeof (answer as PromiseLike<unknown>)?.then === 'function' ? Promise.resolve(answer).then(endpointOf, () => ({})) : endpointOf(answer);

/** Calls `then(a, b)` once both identities are known: at once when neither is a promise. */
export function whenKnown<T>(a: T | Promise<T>, b: T | Promise<T>, then: (a: T, b: T) => void): void {
  if (a instanceof Promise || b instanceof Promise) void Promise.all([a, b]).then(([x, y]) => then(x, y));
  else then(a, b);
}
