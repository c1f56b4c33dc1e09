import { useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createConnection, LifelineError, mergePolicy, sessionQueue, type Connection } from '../core';
import type {
  ConnectionHandlers,
  ConnectionState,
  HeartbeatOptions,
  QueueOptions,
  ReadyOptions,
  ReconnectPolicyOptions,
  SendData,
  SendResult,
  UrlSource,
} from '../core';
import { LifelineContext } from './LifelineContext';
import { ABNORMAL_CODES, logAbnormalClose, urlForLog } from './logAbnormalClose';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

export interface UseWebSocketOptions<In = unknown> extends ConnectionHandlers<In> {
  protocols?: string | string[] | undefined;
  /** Default true; false closes with 1000 and stays idle. */
  enabled?: boolean | undefined;
  /**
   * One socket per (URL, protocols) in the nearest `WebSocketProvider`, ref-counted. URLs
   * are compared normalised, a URL function by what it returns. The hook that mounts first
   * sets the socket's queue, heartbeat and readiness step; every hook keeps its own `parse`
   * and callbacks, and policy changes reach the shared socket.
   */
  share?: boolean | undefined;
  /** Merged over the providers' policy. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets this hook's `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
  binaryType?: BinaryType | undefined;
  /** Default `{ max: 1000, overflow: 'reject' }`. Queued messages belong to one session: see the README. */
  queue?: false | QueueOptions | undefined;
  /** Ping while open; no pong within `timeoutMs` closes with 3008 and retries per the policy. One schedule per socket. */
  heartbeat?: HeartbeatOptions | undefined;
  /** Count as open only once the server accepts the connection (e.g. graphql-ws `connection_ack`). */
  ready?: ReadyOptions | undefined;
}

export interface WebSocketHandle<In = unknown> extends ConnectionState<In> {
  send(data: SendData): SendResult;
  sendJson(value: unknown): SendResult;
  /** (Re)starts from `idle`, `closed` or `failed`. */
  connect(): void;
  /** A client close that never auto-reconnects; discards queued messages. Throws a RangeError for a code other than 1000/3000-4999 or a reason over 123 UTF-8 bytes. */
  disconnect(code?: number, reason?: string): void;
  /** Skips the wait of a scheduled retry. */
  retryNow(): void;
  /** Runs the policy's `reauthenticate` (if any), then reconnects: what "Sign in again" does. */
  reauthenticate(): void;
}

type StateKey = keyof ConnectionState;
const STATE_KEYS: readonly StateKey[] = ['status', 'readyState', 'lastClose', 'lastMessage', 'attempt', 'nextRetryAt', 'online', 'error'];

/**
 * What one hook sees of its connection: the state, with messages parsed by its own `parse`
 * and its own parse failures (shown until the connection reports an error of its own). The
 * snapshot is built only when React reads it, so a message that changes nothing this
 * component read costs a comparison, not an object.
 */
function createView<In>(connection: Connection<unknown>, tracked: Set<StateKey>) {
  let message: In | undefined;
  let error: LifelineError | null = null;
  let over: LifelineError | null = null;
  let from: ConnectionState | undefined;
  let snapshot: ConnectionState<In>;
  let changed = () => {};
  const read = <K extends StateKey>(key: K, state = connection.getState()) =>
    (key === 'lastMessage' ? message : key === 'error' ? (error && state.error === over ? error : state.error) : state[key]) as ConnectionState<In>[K];
  const getSnapshot = () => {
    const state = connection.getState();
    if (state !== from || snapshot.lastMessage !== message || snapshot.error !== read('error', state)) {
      from = state;
      snapshot = { ...state, lastMessage: message, error: read('error', state) };
    }
    return snapshot;
  };
  return {
    getSnapshot,
    subscribe(onChange: () => void) {
      let seen = getSnapshot();
      changed = () => {
        for (const key of tracked) {
          if (!Object.is(seen[key], read(key))) {
            seen = getSnapshot();
            return onChange();
          }
        }
      };
      const unsubscribe = connection.subscribe(changed);
      return () => {
        unsubscribe();
        changed = () => {};
      };
    },
    received(next: In) {
      message = next;
      changed();
    },
    failed(next: LifelineError) {
      error = next;
      over = connection.getState().error;
      changed();
    },
    /** Open again: this hook's parse failure is history, like the connection's own errors. */
    opened() {
      error = null;
    },
  };
}

/** A value that callbacks read later; set in effects, never read during render for output. */
function box<T>(value: T) {
  return { get: () => value, set: (next: T) => void (value = next) };
}

/** A handle whose state getters record what the component read, so only those fields re-render it. */
function createHandle<In>(methods: Omit<WebSocketHandle<In>, keyof ConnectionState>, state: ConnectionState<In>, tracked: Set<StateKey>): WebSocketHandle<In> {
  const handle = { ...methods } as WebSocketHandle<In>;
  for (const key of STATE_KEYS) {
    Object.defineProperty(handle, key, {
      enumerable: true,
      get() {
        tracked.add(key);
        return state[key];
      },
    });
  }
  return handle;
}

/**
 * Opens and keeps a WebSocket, and gives its state as React state: `status`, `lastClose`
 * (code, reason, initiator, meaning, action, willRetry), `lastMessage`, `attempt`, `nextRetryAt`.
 * A component re-renders only when a field it read changes: one that reads `status` does
 * not re-render per message. `onMessage` sees every message, in order, exactly once.
 *
 * @example
 * const chat = useWebSocket<ChatMessage>('wss://example.com/chat', {
 *   parse: (data) => JSON.parse(String(data)),
 *   onMessage: (message) => append(message),
 * });
 * if (chat.status === 'reconnecting') return <p>Reconnecting (attempt {chat.attempt})</p>;
 */
export function useWebSocket<In = unknown>(url: UrlSource | null, options: UseWebSocketOptions<In> = {}): WebSocketHandle<In> {
  const config = useContext(LifelineContext);
  const { protocols, enabled = true, share = false, binaryType, queue, heartbeat, ready } = options;
  const active = enabled && url !== null;
  const pool = config?.pool;
  // A disabled or URL-less hook holds no pool entry: it uses its own idle connection.
  const shared = share && active && !!pool;
  const policy = mergePolicy(config?.policy, options.policy);
  const settings = { protocols, policy, binaryType, queue, heartbeat, ready, WebSocket: config?.WebSocket };
  // The latest URL prop, read when a socket closes or connect() runs (never during render).
  const [latestUrl] = useState(() => box(url));
  const urlNow = latestUrl.get;
  const create = (pending: boolean) => {
    const report = config?.reportAbnormalClose ?? logAbnormalClose;
    return createConnection(url, {
      ...settings,
      // Reported once per connection, however many hooks share it; with the URL the socket used.
      onClose: (close) => ABNORMAL_CODES.has(close.code) && report(close, { url: urlForLog(urlNow()) }),
      startPending: pending && typeof (settings.WebSocket ?? globalThis.WebSocket) === 'function',
    });
  };
  // Cheap while unused: a connection opens nothing until it is retained.
  const [own] = useState(() => create(active));
  // A shared socket is found by where the URL points. A URL function that answers later (a
  // token fetch) keeps the socket this hook had until it answers, and its sends wait with it,
  // so a new inline arrow reconnects nothing and a message never goes where it was not meant to.
  const key = shared ? pool.keyOf(url, protocols) : '';
  const answered = typeof key === 'string';
  const [lastShared] = useState(() => box<Connection<unknown> | null>(null));
  const connection = !shared
    ? own
    : answered
      ? pool.obtain(key, () => create(true), process.env.NODE_ENV !== 'production' ? JSON.stringify([queue, heartbeat?.intervalMs, ready?.timeoutMs, binaryType]) : '')
      : (lastShared.get() ?? own);
  const [, answer] = useState(0);
  const [held] = useState(() => ({ waiting: box(false), queue: sessionQueue() }));
  useIsomorphicLayoutEffect(() => {
    held.waiting.set(!answered);
    if (!answered) return void key.then(() => answer((n) => n + 1));
    if (shared) lastShared.set(connection);
    held.queue.flush((data) => connection.send(data));
  });

  const latest = useRef(options);
  useIsomorphicLayoutEffect(() => {
    latest.current = options;
    latestUrl.set(url);
  });

  useEffect(() => {
    // A shared socket's URL and protocols are its identity; its policy follows the provider.
    // An inactive hook's URL waits for connect(): a change that comes with enabled: false opens nothing.
    connection.setOptions(shared ? { policy } : active ? { url, ...settings } : { ...settings, startPending: false });
  });

  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' && share && !pool) {
      console.warn('react-lifeline: useWebSocket({ share: true }) needs a <WebSocketProvider> above it; this hook opened a socket of its own.');
    }
  }, [share, pool]);

  const [tracked] = useState(() => new Set<StateKey>());
  const view = useMemo(() => createView<In>(connection, tracked), [connection, tracked]);

  useEffect(() => {
    // An inactive hook holds nothing, but stops what a manual connect() started when it goes.
    if (!active) return () => connection.retain(false)();
    if (!shared) return connection.retain();
    // A first shared render whose URL function has not answered holds nothing yet.
    return connection === own ? undefined : pool.retain(connection);
  }, [connection, active, shared, pool, own]);

  useEffect(() => {
    const forward: ConnectionHandlers = {
      onOpen(event) {
        view.opened();
        latest.current.onOpen?.(event);
      },
      onMessage(data, event) {
        const { parse, onMessage, onError } = latest.current;
        let message = data as In;
        try {
          if (parse) message = parse(data);
        } catch (cause) {
          const error = new LifelineError('parse-failed', { cause });
          view.failed(error);
          return onError?.(error);
        }
        view.received(message);
        onMessage?.(message, event);
      },
    };
    for (const name of ['onClose', 'onError', 'onGiveUp'] as const) {
      (forward as Record<string, (arg: never) => void>)[name] = (arg) => latest.current[name]?.(arg);
    }
    const remove = connection.addHandlers(forward);
    // A microtask later, so this hook still hears what its release causes (a discarded queue).
    return () => queueMicrotask(remove);
  }, [connection, view]);

  const state = useSyncExternalStore(view.subscribe, view.getSnapshot, connection.getServerState as () => ConnectionState<In>);
  const methods = useMemo(() => {
    // A hook that was inactive may hold an old URL: the latest goes to the connection first.
    const latestFirst = (run: () => void) => () => {
      if (!shared) connection.setOptions({ url: urlNow() });
      run();
    };
    const { disconnect, retryNow } = connection;
    // While a shared URL function has not answered, this hook's sends wait for the answer.
    const send = (data: SendData): SendResult => (held.waiting.get() && held.queue.push(data, Infinity, false) ? 'queued' : connection.send(data));
    const sendJson = (value: unknown): SendResult => {
      let text: unknown;
      try {
        text = JSON.stringify(value);
      } catch {
        // the connection reports it below
      }
      return typeof text === 'string' ? send(text) : connection.sendJson(value);
    };
    return { send, sendJson, disconnect, retryNow, connect: latestFirst(connection.connect), reauthenticate: latestFirst(connection.reauthenticate) };
  }, [connection, shared, urlNow, held]);
  return useMemo(() => createHandle(methods, state, tracked), [methods, state, tracked]);
}
