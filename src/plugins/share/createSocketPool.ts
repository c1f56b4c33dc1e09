import { identify } from '../../core';
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
  // A URL function's answer, asked once: the key, or the promise of it while it is pending.
  const answers = new WeakMap<object, string | Promise<string>>();
  const provisional = new WeakMap<object, string>();
  let named = 0;
  const provisionalOf = (url: object) => provisional.get(url) ?? (provisional.set(url, `function#${++named}`), provisional.get(url)!);
  const answerOf = (url: UrlSource): string | Promise<string> => {
    if (typeof url !== 'function') return identify(url) as string;
    let answer = answers.get(url);
    if (answer === undefined) {
      const identity = identify(url);
      // A function that throws or rejects points nowhere known: it stays keyed by itself (the connection reports why).
      const settle = (value: unknown) => {
        const key = typeof value === 'string' ? value : provisionalOf(url);
        answers.set(url, key);
        // The entries opened before the answer move to the real key, unless one is there already.
        const prefix = provisional.get(url);
        for (const [old, entry] of prefix === undefined || prefix === key ? [] : entries) {
          if (!old.startsWith(`${prefix} `)) continue;
          const real = key + old.slice(prefix!.length);
          if (entries.has(real)) continue;
          entries.delete(old);
          entries.set((entry.key = real), entry);
        }
        return key;
      };
      answer = identity instanceof Promise ? identity.then(settle) : settle(identity);
      answers.set(url, answer);
    }
    return answer;
  };
  const withProtocols = (key: string, protocols: string | string[] | undefined) => `${key} ${String(protocols ?? '')}`;

  return {
    pick(url, protocols, mode, previous, create, queue, signature) {
      const answer = answerOf(url);
      const known = typeof answer === 'string' ? withProtocols(answer, protocols) : null;
      const had = previous && byConnection.get(previous);
      const provisionalKey = known === null ? withProtocols(provisionalOf(url as object), protocols) : null;
      const key = known ?? (had && entries.get(had.key) === had ? had.key : provisionalKey!);
      let entry = entries.get(key);
      if (!entry) {
        const keyPromise = known ?? Promise.resolve(answer).then((real) => withProtocols(real, protocols));
        entry = { key, connection: wrap(keyPromise, create(), mode, queue), refs: 0, signature };
        entries.set(key, entry);
        byConnection.set(entry.connection, entry);
      } else if (process.env.NODE_ENV !== 'production' && entry.signature !== '' && signature !== entry.signature) {
        entry.signature = ''; // warn once per socket
        console.warn('react-lifeline: hooks sharing one socket were given different queue, plug-in or binaryType options; the first hook to mount set them for the socket.');
      }
      return { connection: entry.connection, answer: known === null ? (answer as Promise<string>) : undefined, tentative: known === null && key !== provisionalKey };
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
