import { identify, pointsTo } from '../../core';
import type { Connection, UrlSource } from '../../core';
import type { SharePool, ShareWrap } from './types';

interface Entry {
  key: string;
  connection: Connection<unknown>;
  refs: number;
  signature: string | undefined;
}

/**
 * Shared connections, one per (URL identity, protocols), ref-counted. Each
 * `WebSocketProvider` given `share` owns one, so there is no module-level state. `wrap`
 * makes a new connection what its mode shares (the cross-tab module's part).
 */
export function createSocketPool(wrap: ShareWrap = (_, connection) => connection): SharePool {
  const entries = new Map<string, Entry>();
  const byConnection = new WeakMap<object, Entry>();
  // Where a URL function points, once any call of it (the pool's question, or its connection's
  // attempt) has answered; until then, the promise of that answer.
  const known = new WeakMap<object, string>();
  const waiting = new WeakMap<object, { promise: Promise<string>; resolve: (key: string) => void }>();
  const provisional = new WeakMap<object, string>();
  let named = 0;
  const provisionalOf = (url: object) => provisional.get(url) ?? (provisional.set(url, `function#${++named}`), provisional.get(url)!);

  /** A call of a URL function answered: the pool knows where it points, and its entries move there (unless one is there already). */
  const learn = (url: object, where: unknown) => {
    if (typeof where !== 'string' || known.has(url)) return;
    known.set(url, where);
    const prefix = provisional.get(url);
    for (const [old, entry] of prefix === undefined ? [] : entries) {
      if (!old.startsWith(`${prefix} `)) continue;
      const real = where + old.slice(prefix!.length);
      if (entries.has(real)) continue; // its hooks join that one when they render again
      entries.delete(old);
      entries.set((entry.key = real), entry);
    }
    waiting.get(url)?.resolve(where);
  };
  const learnFrom = (url: object, identity: unknown) => (identity instanceof Promise ? void identity.then((where) => learn(url, where)) : learn(url, identity));
  /**
   * Where a URL source points: a string's identity at once; a function's when it is known, else
   * the promise of it. A new function is asked once; one that throws or rejects points nowhere
   * known until a later call (its connection's attempt) answers.
   */
  const answerOf = (url: UrlSource): string | Promise<string> => {
    if (typeof url !== 'function') return identify(url) as string;
    if (!known.has(url) && !waiting.has(url)) {
      let resolve!: (key: string) => void;
      waiting.set(url, { promise: new Promise((done) => (resolve = done)), resolve });
      learnFrom(url, identify(url));
    }
    return known.get(url) ?? waiting.get(url)!.promise;
  };
  const withProtocols = (key: string, protocols: string | string[] | undefined) => `${key} ${String(protocols ?? '')}`;

  return {
    pick(url, protocols, mode, previous, create, queue, signature) {
      const answer = answerOf(url);
      const knownKey = typeof answer === 'string' ? withProtocols(answer, protocols) : null;
      const had = previous && byConnection.get(previous);
      const provisionalKey = knownKey === null ? withProtocols(provisionalOf(url as object), protocols) : null;
      const key = knownKey ?? (had && entries.get(had.key) === had ? had.key : provisionalKey!);
      let entry = entries.get(key);
      if (!entry) {
        const keyPromise = knownKey ?? Promise.resolve(answer).then((real) => withProtocols(real, protocols));
        // A function's every answer tells the pool where it points.
        const source: UrlSource = typeof url === 'function' ? () => ((answer) => (learnFrom(url, pointsTo(answer)), answer))(url()) : url;
        entry = { key, connection: wrap(keyPromise, create(source), mode, queue), refs: 0, signature };
        entries.set(key, entry);
        byConnection.set(entry.connection, entry);
      } else if (process.env.NODE_ENV !== 'production' && entry.signature !== '' && signature !== entry.signature) {
        entry.signature = ''; // warn once per socket
        console.warn('react-lifeline: hooks sharing one socket were given different queue, plug-in or binaryType options; the first hook to mount set them for the socket.');
      }
      return { connection: entry.connection, answer: knownKey === null ? (answer as Promise<string>) : undefined, tentative: knownKey === null && key !== provisionalKey };
    },
    retain(connection, handlers) {
      const entry = byConnection.get(connection);
      if (!entry) return connection.retain(true, handlers);
      // Forgotten between render and effect (possible with concurrent rendering): take it back.
      if (!entries.has(entry.key)) entries.set(entry.key, entry);
      entry.refs += 1;
      const release = connection.retain(true, handlers);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
        entry.refs -= 1;
        queueMicrotask(() => {
          if (entry.refs === 0 && entries.get(entry.key) === entry) entries.delete(entry.key);
        });
      };
    },
    get size() {
      return entries.size;
    },
  };
}
