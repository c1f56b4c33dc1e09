import { useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createConnection, LifelineError, mergePolicy, type Connection } from '../core';
import type {
  ConnectionHandlers,
  ConnectionOptions,
  ConnectionState,
  ReconnectPolicyOptions,
  SendData,
  SendResult,
  UrlSource,
} from '../core';
import { attachConnection } from './connectionOf';
import { LifelineContext } from './LifelineContext';
import { logAbnormalClose, urlForLog } from './logAbnormalClose';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/** The hook's options: the connection's (protocols, binaryType, queue, heartbeat, ready, callbacks), and the hook's own. */
export interface UseWebSocketOptions<In = unknown>
  extends ConnectionHandlers<In>,
    Pick<ConnectionOptions<In>, 'protocols' | 'binaryType' | 'queue' | 'heartbeat' | 'ready'> {
  /** Default true; false closes with 1000 and stays idle. */
  enabled?: boolean | undefined;
  /**
   * One socket per (URL, protocols) in the nearest `WebSocketProvider`, ref-counted. URLs
   * are compared normalised, a URL function by what it returns. The hook that mounts first
   * sets the socket's queue, heartbeat and readiness step (and whether it is shared across
   * tabs); every hook keeps its own `parse`
   * and callbacks, and policy changes reach the shared socket.
   *
   * `'tabs'`: one socket for every tab of the browser profile, under a provider given
   * `tabs={crossTab()}` from `react-lifeline/tabs` (without it, as `true`).
   */
  share?: boolean | 'tabs' | undefined;
  /** Merged over the providers' policy. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets this hook's `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
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
  const shared = !!share && active && !!pool;
  // Across tabs: the pool's connection is wrapped by the provider's cross-tab module.
  const tabs = share === 'tabs' && config?.tabs;
  const policy = mergePolicy(config?.policy, options.policy);
  const settings = { protocols, policy, binaryType, queue, heartbeat, ready, WebSocket: config?.WebSocket };
  // The latest URL prop, for the abnormal-close report (read when a socket closes, never in render).
  const [latestUrl] = useState(() => box(url));
  const create = (pending: boolean, reportedUrl: () => UrlSource | null) => {
    const report = config?.reportClose ?? logAbnormalClose;
    return createConnection(url, {
      ...settings,
      // Reported once per connection, however many hooks share it; with the URL the socket used.
      onClose: (close, used) => report(close, { url: urlForLog(used ?? reportedUrl()) }),
      startPending: pending && typeof (settings.WebSocket ?? globalThis.WebSocket) === 'function',
      keepLastMessage: false, // each hook keeps its own, parsed with its own parse
    });
  };
  // Cheap while unused: a connection opens nothing until it is retained.
  const [own] = useState(() => create(active && !shared, latestUrl.get));
  // A shared socket is found by where the URL points: a function by what it returns, asked once.
  // An async function that has not answered yet: a first render joins the entry the pool keeps
  // for that function (it connects by asking the function, and moves to its real key with the
  // answer); a later render stays on the socket it had until the answer, and refuses sends meanwhile.
  const known = shared ? pool.keyOf(url, protocols) : null;
  const [had] = useState(() => box<Connection<unknown> | null>(null));
  const hadKey = shared && had.get() ? pool.keyOfConnection(had.get()!) : undefined;
  const waiting = shared && known === null;
  const provisional = waiting ? pool.provisionalKey(url, protocols) : null;
  const key = !shared ? null : (known ?? hadKey ?? provisional);
  const connection = shared
    ? pool.obtain(
        key!,
        () => {
          const made = create(true, () => url); // a shared socket's URL never changes
          return tabs ? tabs.share(pool.answer(url!, protocols), made, queue) : made;
        },
        process.env.NODE_ENV !== 'production' ? JSON.stringify([queue, heartbeat?.intervalMs, ready?.timeoutMs, binaryType, options.policy]) : '',
      )
    : own;
  const [tentative] = useState(() => box(false));
  const [warned] = useState(() => box(false));
  useIsomorphicLayoutEffect(() => {
    had.set(shared ? connection : null);
    tentative.set(waiting && key !== provisional); // on another socket while this function answers
    if (process.env.NODE_ENV !== 'production' && waiting && key !== provisional && !warned.get()) {
      warned.set(true);
      console.warn(
        'react-lifeline: a shared hook (share: true) got a new async URL function. Each one is asked where it points (a token fetch per render), and sends are refused until it answers. Pass a stable function (useCallback or module scope).',
      );
    }
  });
  const [, setAnswered] = useState<string | null>(null);
  useEffect(() => {
    if (!waiting) return undefined;
    let live = true;
    void pool.answer(url!, protocols).then((next) => live && setAnswered(next)); // renders again with the answer
    return () => {
      live = false;
    };
  }, [waiting, pool, url, protocols]);

  // The latest callbacks, for handlers registered once per connection.
  const [latest] = useState(() => box(options));
  useIsomorphicLayoutEffect(() => {
    latest.set(options);
    latestUrl.set(url);
  });

  useEffect(() => {
    // A shared socket's URL and protocols are its identity; its policy follows the provider.
    // A hook's own connection always knows the latest URL: connect() on a disabled hook uses it.
    connection.setOptions(shared ? { policy } : { url, ...settings, ...(!active && { startPending: false }) });
  });

  useEffect(() => {
    if (process.env.NODE_ENV !== 'production' && share && !pool) {
      console.warn('react-lifeline: useWebSocket({ share: true }) needs a <WebSocketProvider> above it; this hook opened a socket of its own.');
    }
    if (process.env.NODE_ENV !== 'production' && share === 'tabs' && pool && !config.tabs) {
      console.warn("react-lifeline: useWebSocket({ share: 'tabs' }) needs a provider given tabs={crossTab()} (from 'react-lifeline/tabs'); this hook shares its socket within its provider only.");
    }
  }, [share, pool, config]);

  const [tracked] = useState(() => new Set<StateKey>());
  const view = useMemo(() => createView<In>(connection, tracked), [connection, tracked]);

  // Registered before the connection starts, so a failure on mount reaches onError.
  useEffect(() => {
    const forward: ConnectionHandlers = {
      onOpen(event) {
        view.opened();
        latest.get().onOpen?.(event);
      },
      onMessage(data, event) {
        const { parse, onMessage, onError } = latest.get();
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
      (forward as Record<string, (arg: never, url?: string) => void>)[name] = (arg, url) => latest.get()[name]?.(arg, url as never);
    }
    return connection.addHandlers(forward);
  }, [connection, view, latest]);

  useEffect(() => {
    // What the release discards (a shared hook moving away with messages queued) still reaches this hook.
    const notify = (error: LifelineError) => latest.get().onError?.(error);
    // An inactive hook holds nothing, but stops what a manual connect() started when it goes.
    if (!active) return () => connection.retain(false)(notify);
    const release = shared ? pool.retain(connection) : connection.retain();
    return () => release(notify);
  }, [connection, active, pool, shared, latest]);

  const state = useSyncExternalStore(view.subscribe, view.getSnapshot, connection.getServerState as () => ConnectionState<In>);
  const methods = useMemo(() => {
    const { connect, disconnect, retryNow, reauthenticate } = connection;
    // While a new async URL function has not answered, where a message belongs is not known yet.
    const refuse = (): SendResult => {
      const error = new LifelineError('not-open', { status: 'resolving' });
      view.failed(error);
      latest.get().onError?.(error);
      return 'rejected';
    };
    const send = (data: SendData) => (tentative.get() ? refuse() : connection.send(data));
    const sendJson = (value: unknown) => (tentative.get() ? refuse() : connection.sendJson(value));
    return { send, sendJson, connect, disconnect, retryNow, reauthenticate };
  }, [connection, view, tentative, latest]);
  return useMemo(() => attachConnection(createHandle(methods, state, tracked), connection), [methods, state, tracked, connection]);
}
