import type { Connection, UrlSource } from './types';
import { identify } from './urlIdentity';

export interface SocketPool {
  /**
   * Where (url, protocols) points, as a key: normalised (see `urlIdentity`); a URL function
   * by what it returns, asked once per function and remembered, so an answer that comes
   * later (an async function) arrives as a promise of the key.
   */
  keyOf(url: UrlSource, protocols: string | string[] | undefined): string | Promise<string>;
  /** The connection for a key, created (idle, no socket yet) if there is none. */
  obtain<In>(key: string, create: () => Connection<In>, signature?: string): Connection<In>;
  /** Holds a connection that `obtain` gave; after the last release it stops and the pool forgets it. */
  retain(connection: Pick<Connection, 'retain'>): () => void;
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
  const answers = new WeakMap<object, string | Promise<string>>();
  let unknown = 0;
  // A function that threw or rejected points nowhere known: a key of its own.
  const keyFor = (identity: unknown) => (typeof identity === 'string' ? identity : `unknown#${++unknown}`);

  return {
    keyOf(url, protocols) {
      const suffix = ` ${String(protocols ?? '')}`;
      if (typeof url !== 'function') return keyFor(identify(url)) + suffix;
      let answer = answers.get(url);
      if (answer === undefined) {
        const identity = identify(url);
        answer = identity instanceof Promise ? identity.then((value) => {
                const key = keyFor(value);
                answers.set(url, key);
                return key;
              }) : keyFor(identity);
        answers.set(url, answer);
      }
      return typeof answer === 'string' ? answer + suffix : answer.then((key) => key + suffix);
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
