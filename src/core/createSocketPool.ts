import type { Connection } from './types';
import type { UrlSource } from './types';
import { urlIdentity } from './urlIdentity';

export interface SocketPool {
  /** The connection for (url, protocols), created (idle, no socket yet) if there is none. */
  obtain<In>(url: UrlSource, protocols: string | string[] | undefined, create: () => Connection<In>, signature?: string): Connection<In>;
  /** Holds a connection that `obtain` gave; after the last release it stops and the pool forgets it. */
  retain(url: UrlSource, protocols: string | string[] | undefined, connection: Pick<Connection, 'retain'>): () => void;
  /** How many connections the pool holds. */
  readonly size: number;
}

interface Entry {
  connection: Pick<Connection, 'retain'>;
  refs: number;
  signature: string | undefined;
}

/**
 * Shared connections, one per (URL identity, protocols), ref-counted. Each
 * `WebSocketProvider` owns one, so there is no module-level state. A URL function is keyed
 * by what it returns (called once per function), so a new inline arrow to the same URL
 * finds the same socket; an async one, whose answer comes too late, by the function itself.
 */
export function createSocketPool(): SocketPool {
  const entries = new Map<string, Entry>();
  const functionKeys = new WeakMap<object, string>();
  let functions = 0;
  const keyOf = (url: UrlSource, protocols: string | string[] | undefined) => {
    let id = typeof url === 'function' ? functionKeys.get(url) : urlIdentity(url);
    if (id === undefined) {
      let result: unknown;
      try {
        result = (url as () => unknown)();
      } catch {
        result = {};
      }
      if (result instanceof Promise) result.catch(() => {}); // the connection calls it again and reports a failure
      id = typeof result === 'string' || result instanceof URL ? urlIdentity(result) : `function#${++functions}`;
      functionKeys.set(url as object, id);
    }
    return `${id} ${String(protocols ?? '')}`;
  };

  return {
    obtain<In>(url: UrlSource, protocols: string | string[] | undefined, create: () => Connection<In>, signature?: string) {
      const key = keyOf(url, protocols);
      let entry = entries.get(key);
      if (!entry) entries.set(key, (entry = { connection: create(), refs: 0, signature }));
      else if (process.env.NODE_ENV !== 'production' && entry.signature !== '' && signature !== entry.signature) {
        entry.signature = ''; // warn once per socket
        console.warn(
          'react-lifeline: hooks sharing one socket (share: true) were given different queue, heartbeat, ready or binaryType options; the first hook to mount set them for the socket.',
        );
      }
      // One key, one connection: the type parameter is the caller's promise about its messages.
      return entry.connection as Connection<In>;
    },
    retain(url, protocols, connection) {
      const key = keyOf(url, protocols);
      let entry = entries.get(key);
      // Forgotten between render and effect (possible with concurrent rendering): take it back.
      if (!entry) entries.set(key, (entry = { connection, refs: 0, signature: undefined }));
      if (entry.connection !== connection) return connection.retain();
      const held = entry;
      held.refs += 1;
      const release = connection.retain();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
        held.refs -= 1;
        queueMicrotask(() => {
          if (held.refs === 0 && entries.get(key) === held) entries.delete(key);
        });
      };
    },
    get size() {
      return entries.size;
    },
  };
}
