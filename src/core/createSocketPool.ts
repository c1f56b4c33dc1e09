import type { Connection } from './createConnection';
import type { UrlSource } from './types';

export interface SocketPool {
  /** The connection for a key, created (idle, no socket yet) if there is none. */
  obtain<In>(url: UrlSource, protocols: string | string[] | undefined, create: () => Connection<In>): Connection<In>;
  /** Holds a connection that `obtain` gave; after the last release it stops and the pool forgets it. */
  retain(url: UrlSource, protocols: string | string[] | undefined, connection: Pick<Connection, 'retain'>): () => void;
  /** How many connections the pool holds. */
  readonly size: number;
}

interface Entry {
  connection: Pick<Connection, 'retain'>;
  refs: number;
}

/**
 * Shared connections, one per (url, protocols), ref-counted. Each `WebSocketProvider` owns
 * one, so there is no module-level state. A function URL is keyed by its identity.
 */
export function createSocketPool(): SocketPool {
  const entries = new Map<string, Entry>();
  const functionIds = new WeakMap<object, number>();
  let lastFunctionId = 0;
  const keyOf = (url: UrlSource, protocols: string | string[] | undefined) => {
    let id = String(url);
    if (typeof url === 'function') {
      if (!functionIds.has(url)) functionIds.set(url, ++lastFunctionId);
      id = `function#${functionIds.get(url)}`;
    }
    return `${id}\n${String(protocols ?? '')}`;
  };

  return {
    obtain<In>(url: UrlSource, protocols: string | string[] | undefined, create: () => Connection<In>) {
      const key = keyOf(url, protocols);
      let entry = entries.get(key);
      if (!entry) {
        entry = { connection: create(), refs: 0 };
        entries.set(key, entry);
      }
      // One key, one connection: the type parameter is the caller's promise about its messages.
      return entry.connection as Connection<In>;
    },
    retain(url, protocols, connection) {
      const key = keyOf(url, protocols);
      let entry = entries.get(key);
      // Forgotten between render and effect (possible with concurrent rendering): take it back.
      if (!entry) entries.set(key, (entry = { connection, refs: 0 }));
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
