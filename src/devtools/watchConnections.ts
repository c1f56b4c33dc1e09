import { redactUrl, type Connection, type ConnectionState, type ConnectionStats } from '../core';
import type { HookRecord, LifelineConfig } from '../react/LifelineContext';
import { appendEntry, closedEntry, decisionEntry } from '../timeline/timelineModel';
import type { TimelineEntry } from '../timeline/types';

/** One connection as the devtools show it. */
export interface DevtoolsRow {
  /** 1, 2, 3... in the order the devtools first saw them. */
  id: number;
  connection: Connection<unknown>;
  /** Redacted: no credentials, query or fragment. */
  url: string;
  state: ConnectionState;
  /** How many mounted hooks use it (more than one: shared). */
  hooks: number;
  /**
   * Messages the server sent, since the devtools saw it: from `stats().received` where the
   * connection counts them (those a plug-in kept, a pong, included), else the messages it passed on.
   */
  received: number;
  stats: ConnectionStats | undefined;
  /** Oldest first. */
  timeline: readonly TimelineEntry[];
}

interface Watched {
  id: number;
  url: string;
  sockets: number;
  readyState: ConnectionState['readyState'];
  received: number;
  /** `stats().received` when the devtools first saw it (undefined: the connection does not count). */
  base: number | undefined;
  timeline: TimelineEntry[];
  stop(): void;
}

/** Is `config` this provider, or one nested below it? */
const below = (config: LifelineConfig | null, provider: LifelineConfig): boolean => {
  for (let at = config; at; at = at.parent) if (at === provider) return true;
  return false;
};

/**
 * What `<LifelineDevtools />` knows of the connections below its provider: each one's timeline,
 * built from its own events (a socket connecting, open, closed with its code and initiator, the
 * policy's decision) from the moment the devtools first see it. `sync` attaches to the hooks'
 * connections and lets go of those no hook uses any more; `listen` hears every event.
 * No React: the component calls it.
 */
export function watchConnections(now: () => number = Date.now) {
  const watched = new Map<Connection<unknown>, Watched>();
  const listeners = new Set<() => void>();
  const onChange = () => listeners.forEach((listener) => listener());
  let ids = 0;
  const startedAt = now();

  const attach = (connection: Connection<unknown>, url: string): Watched => {
    const state = connection.getState();
    const entry: Watched = { id: ++ids, url, sockets: 0, readyState: state.readyState, received: 0, base: connection.stats?.().received, timeline: [], stop: () => {} };
    const log = (line: TimelineEntry) => {
      entry.timeline = appendEntry(entry.timeline, line);
      onChange();
    };
    // Seen late: what it is doing now is its first line.
    if (state.readyState === 0 || state.status === 'open') log({ at: now(), kind: 'connecting', socket: ++entry.sockets, url });
    if (state.status === 'open') log({ at: now(), kind: 'open', socket: entry.sockets });
    const unsubscribe = connection.subscribe((next) => {
      // A new attempt (the first, or a retry: status `reconnecting`) is CONNECTING again.
      if (next.readyState === 0 && entry.readyState !== 0) log({ at: now(), kind: 'connecting', socket: ++entry.sockets, url: entry.url });
      entry.readyState = next.readyState;
      onChange();
    });
    const detach = connection.addHandlers({
      onOpen: () => log({ at: now(), kind: 'open', socket: entry.sockets }),
      onMessage: () => {
        entry.received += 1;
        onChange();
      },
      onClose: (close, used) => {
        if (used !== undefined) entry.url = redactUrl(used);
        // No URL: no socket was open (a disconnect() between sockets).
        log(closedEntry(now(), used === undefined ? null : entry.sockets, close));
        log(decisionEntry(now(), close, entry.url));
      },
    });
    entry.stop = () => {
      unsubscribe();
      detach();
    };
    return entry;
  };

  return {
    /** Epoch ms the devtools started: the timelines' "+1.2 s" count from here. */
    startedAt,
    /** Follows the connections of the hooks mounted below `provider` (nested providers included); the rows, oldest connection first. */
    sync(hooks: Iterable<HookRecord>, provider: LifelineConfig): DevtoolsRow[] {
      const used = new Map<Connection<unknown>, { url: string; hooks: number }>();
      for (const [connection, latest, config] of hooks) {
        if (!below(config, provider)) continue;
        const seen = used.get(connection);
        if (seen) seen.hooks += 1;
        else used.set(connection, { url: redactUrl(latest.get().url), hooks: 1 });
      }
      for (const [connection, entry] of watched) {
        if (used.has(connection)) continue;
        entry.stop();
        watched.delete(connection);
      }
      const rows: DevtoolsRow[] = [];
      for (const [connection, { url, hooks: count }] of used) {
        let entry = watched.get(connection);
        if (!entry) watched.set(connection, (entry = attach(connection, url)));
        const stats = connection.stats?.();
        const received = entry.base !== undefined && stats?.received !== undefined ? stats.received - entry.base : entry.received;
        rows.push({ id: entry.id, connection, url: entry.url, state: connection.getState(), hooks: count, received, stats, timeline: entry.timeline });
      }
      return rows.sort((a, b) => a.id - b.id);
    },
    /** Adds a line to a connection's timeline: what the devtools did to it. */
    note(connection: Connection<unknown>, line: TimelineEntry) {
      const entry = watched.get(connection);
      if (!entry) return;
      entry.timeline = appendEntry(entry.timeline, line);
      onChange();
    },
    /** Calls `listener` after every event of a connection it follows. */
    listen(listener: () => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    /** Lets go of every connection (a later `sync` follows them afresh). */
    dispose() {
      for (const entry of watched.values()) entry.stop();
      watched.clear();
    },
  };
}

export type ConnectionWatch = ReturnType<typeof watchConnections>;
