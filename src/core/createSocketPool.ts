import type { LifelineError } from './LifelineError';
import type { Connection, UrlSource } from './types';
import { identify } from './urlIdentity';

export interface SocketPool {
  /**
   * Where (url, protocols) points, as a key: normalised (see `urlIdentity`); a URL function
   * by what it returns, asked once per function and remembered. `null` while an async
   * function has not answered: `answer()` waits for it.
   */
  keyOf(url: UrlSource, protocols: string | string[] | undefined): string | null;
  /** The key once the function has answered (at once if it has). */
  answer(url: UrlSource, protocols: string | string[] | undefined): Promise<string>;
  /**
   * A key for an async function that has not answered yet: the function itself. Its entry
   * moves to the real key when the answer comes (unless another socket already has that key).
   */
  provisionalKey(url: UrlSource, protocols: string | string[] | undefined): string;
  /**
   * The connection for a key: the one the pool has, else `create()` (idle, no socket yet),
   * or, while an async URL function answers, the caller's own connection, adopted as is.
   */
  obtain<In>(key: string, create: () => Connection<In>, signature?: string): Connection<In>;
  /** The key a connection of this pool is held under now (entries move when an answer comes), if it still is. */
  keyOfConnection(connection: object): string | undefined;
  /** Holds a connection that `obtain` gave; after the last release it stops and the pool forgets it. */
  retain(connection: Pick<Connection, 'retain'>): ReturnType<Connection['retain']>;
  /** How many connections the pool holds. */
  readonly size: number;
}

interface Entry {
  key: string;
  connection: Pick<Connection, 'retain'>;
  refs: number;
  signature: string | undefined;
}

/**
 * Shared connections, one per (URL identity, protocols), ref-counted. Each
 * `WebSocketProvider` owns one, so there is no module-level state.
 */
export function createSocketPool(): SocketPool {
  const entries = new Map<string, Entry>();
  const byConnection = new WeakMap<object, Entry>();
  // A URL function's answer, asked once: the key, or the promise of it while it is pending.
  const answers = new WeakMap<object, string | Promise<string>>();
  const provisional = new WeakMap<object, string>();
  let named = 0;
  const provisionalOf = (url: object) => provisional.get(url) ?? (provisional.set(url, `function#${++named}`), provisional.get(url)!);
  const ask = (url: UrlSource): string | Promise<string> => {
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

  return {
    keyOf(url, protocols) {
      const answer = ask(url);
      return typeof answer === 'string' ? `${answer} ${String(protocols ?? '')}` : null;
    },
    answer: async (url, protocols) => `${await ask(url)} ${String(protocols ?? '')}`,
    provisionalKey: (url, protocols) => `${provisionalOf(url as object)} ${String(protocols ?? '')}`,
    keyOfConnection(connection) {
      const entry = byConnection.get(connection);
      return entry && entries.get(entry.key) === entry ? entry.key : undefined;
    },
    obtain<In>(key: string, create: () => Connection<In>, signature?: string) {
      let entry = entries.get(key);
      if (!entry) {
        entry = { key, connection: create(), refs: 0, signature };
        entries.set(key, entry);
        byConnection.set(entry.connection, entry);
      } else if (process.env.NODE_ENV !== 'production' && entry.signature !== '' && signature !== entry.signature) {
        entry.signature = ''; // warn once per socket
        console.warn(
          'react-lifeline: hooks sharing one socket (share: true) were given different queue, heartbeat, ready or binaryType options; the first hook to mount set them for the socket.',
        );
      }
      // One key, one connection: the type parameter is the caller's promise about its messages.
      return entry.connection as Connection<In>;
    },
    retain(connection) {
      const entry = byConnection.get(connection);
      if (!entry) return connection.retain();
      // Forgotten between render and effect (possible with concurrent rendering): take it back.
      if (!entries.has(entry.key)) entries.set(entry.key, entry);
      entry.refs += 1;
      const release = connection.retain();
      let released = false;
      return (notify?: (error: LifelineError) => void) => {
        if (released) return;
        released = true;
        release(notify);
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
