import { useContext, useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { createConnection, guard, LifelineError, mergePolicy, redactUrl } from '../core';
import type {
  Connection,
  ConnectionHandlers,
  ConnectionOptions,
  ConnectionState,
  Plugin,
  ReconnectPolicyOptions,
  SendData,
  SendResult,
  UrlSource,
} from '../core';
import { attachConnection } from './connectionOf';
import { box } from './box';
import { LifelineContext } from './LifelineContext';
import { reportClose } from './reportClose';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

/** The hook's options: the connection's (protocols, binaryType, queue, plug-ins, callbacks), and the hook's own. */
export interface UseWebSocketOptions<In = unknown> extends ConnectionHandlers<In>, Pick<ConnectionOptions<In>, 'protocols' | 'binaryType' | 'queue'> {
  /** Default true; false closes with 1000 and stays idle. */
  enabled?: boolean | undefined;
  /**
   * `true`: one socket per (URL, protocols) for every hook below the nearest provider given
   * `share={sharedSockets()}` (`react-lifeline/share`), ref-counted. URLs are compared
   * normalised, a URL function by what it returns. The hook that mounts first sets the
   * socket's queue and plug-ins; every hook keeps its own `parse` and callbacks, and policy
   * changes reach the shared socket. `'tabs'`: one socket for every tab of the browser
   * profile, under a provider given `share={crossTab()}` (`react-lifeline/tabs`).
   */
  share?: boolean | 'tabs' | undefined;
  /** Merged over the providers' policy. */
  policy?: ReconnectPolicyOptions | undefined;
  /** Taken after the providers' plug-ins, e.g. `heartbeat()` from `react-lifeline/heartbeat`. */
  plugins?: readonly Plugin[] | undefined;
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
const STATE_KEYS: readonly StateKey[] = ['status', 'readyState', 'lastClose', 'lastMessage', 'messageCount', 'attempt', 'nextRetryAt', 'online', 'error', 'plugins'];

/**
 * What one hook sees of its connection: the state, with messages parsed by its own `parse`
 * (and counted) and its own parse failures (shown until the connection reports an error of
 * its own). The snapshot is built only when React reads it, so a message that changes nothing
 * this component read costs a comparison, not an object.
 */
function createView<In>(connection: Connection<unknown>, tracked: Set<StateKey>) {
  let message: In | undefined;
  let count = 0;
  let error: LifelineError | null = null;
  let over: LifelineError | null = null;
  let from: ConnectionState | undefined;
  let snapshot: ConnectionState<In>;
  let changed = () => {};
  const read = (key: StateKey, state = connection.getState()) =>
    key === 'lastMessage' ? message : key === 'messageCount' ? count : key === 'error' ? (error && state.error === over ? error : state.error) : state[key];
  const getSnapshot = () => {
    const state = connection.getState();
    if (state !== from || snapshot.messageCount !== count || snapshot.error !== read('error', state)) {
      from = state;
      snapshot = { ...state, lastMessage: message, messageCount: count, error: read('error', state) as LifelineError | null };
    }
    return snapshot;
  };
  return {
    getSnapshot,
    subscribe(onChange: () => void) {
      getSnapshot();
      // Compared with the last snapshot React read: a field first read in a later render counts
      // from what that render showed.
      changed = () => {
        for (const key of tracked) if (!Object.is(snapshot[key], read(key))) return onChange();
      };
      const unsubscribe = connection.subscribe(changed);
      return () => {
        unsubscribe();
        changed = () => {};
      };
    },
    received(next: In) {
      message = next;
      count += 1;
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
 * (code, reason, initiator, action, willRetry, retryAt), `lastMessage` and `messageCount`,
 * `attempt`, `nextRetryAt`. A component re-renders only when a field it read changes: one
 * that reads `status` does not re-render per message. `onMessage` sees every message, in
 * order, exactly once.
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
  const { protocols, enabled = true, share = false, binaryType, queue } = options;
  const active = enabled && url !== null;
  // A disabled or URL-less hook holds no shared socket: it uses its own idle connection.
  const pool = share && active ? config?.pool : undefined;
  const policy = mergePolicy(config?.policy, options.policy);
  const plugins = config?.plugins.length ? [...config.plugins, ...(options.plugins ?? [])] : options.plugins;
  const settings = { protocols, policy, binaryType, queue, plugins, WebSocket: config?.WebSocket, network: config?.network };
  // The latest props, for callbacks (read when a socket event comes, never in render).
  const [latest] = useState(() => box({ options, url }));
  useIsomorphicLayoutEffect(() => latest.set({ options, url }));
  const create = (pending: boolean, source = url) =>
    createConnection(source, {
      ...settings,
      // Reported once per connection, however many hooks share it; with the URL the socket used.
      onClose: (close, used) => reportClose(config, close, redactUrl(used ?? latest.get().url)),
      startPending: pending && typeof (settings.WebSocket ?? globalThis.WebSocket) === 'function',
      keepLastMessage: false, // each hook keeps its own, parsed with its own parse
    });
  // Cheap while unused: a connection opens nothing until it is retained.
  const [own] = useState(() => create(active && !pool));
  // The shared socket this hook had: it stays on it while a new async URL function answers.
  const [had] = useState(() => box({ connection: null as Connection<unknown> | null, tentative: false, warned: false }));
  const picked = pool?.pick(url!, protocols, share as true | 'tabs', had.get().connection, (source) => create(true, source), queue, process.env.NODE_ENV !== 'production' ? JSON.stringify([queue, plugins?.map((p) => p.name), binaryType]) : '');
  const connection = picked?.connection ?? own;
  useIsomorphicLayoutEffect(() => {
    const warned = had.get().warned;
    had.set({ connection: picked ? connection : null, tentative: !!picked?.tentative, warned: warned || !!picked?.tentative });
    if (process.env.NODE_ENV !== 'production' && picked?.tentative && !warned) {
      console.warn('react-lifeline: a shared hook got a new async URL function, which is asked where it points (a token fetch per render); sends are refused until it answers. Pass a stable function (useCallback or module scope).');
    }
  });
  const [, answered] = useState<unknown>(null);
  const answer = picked?.answer;
  useEffect(() => {
    let live = true;
    void answer?.then((key) => live && answered(key)); // renders again with the answer (once per new answer)
    return () => {
      live = false;
    };
  }, [answer]);

  useEffect(() => {
    // A shared socket's URL and protocols are its identity; its policy follows the provider.
    // A hook's own connection always knows the latest URL: connect() on a disabled hook uses it.
    connection.setOptions(picked ? { policy } : { url, ...settings, ...(!active && { startPending: false }) });
  });

  useEffect(() => {
    if (process.env.NODE_ENV === 'production' || !share) return;
    const [module, entry] = share === 'tabs' ? ['crossTab', 'tabs'] : ['sharedSockets', 'share'];
    const needs = `useWebSocket({ share: ${JSON.stringify(share)} }) needs a <WebSocketProvider share={${module}()}> above it (${module} from 'react-lifeline/${entry}')`;
    if (!config?.pool) console.warn(`react-lifeline: ${needs}; this hook opened a socket of its own.`);
    else if (share === 'tabs' && !config.sharing?.acrossTabs) console.warn(`react-lifeline: ${needs}; this hook shares its socket within its provider only.`);
  }, [share, config]);

  const [tracked] = useState(() => new Set<StateKey>());
  const view = useMemo(() => createView<In>(connection, tracked), [connection, tracked]);
  // This hook's own error (its parse failed, a send it refused): its view and its onError only.
  // An onError that throws is recorded there too, never told to the other hooks of the socket.
  const tell = useMemo(
    () => (error: LifelineError) => {
      view.failed(error);
      guard('onError', latest.get().options.onError, [error], view.failed);
    },
    [view, latest],
  );
  // This hook's side of every event: its own parse, then its latest callbacks.
  const forward = useMemo<ConnectionHandlers>(() => {
    const call = <K extends keyof ConnectionHandlers<In>>(name: K) =>
      ((arg: never, more: never) => (latest.get().options[name] as ((a: never, b: never) => void) | undefined)?.(arg, more)) as never;
    return {
      onOpen(event) {
        view.opened();
        latest.get().options.onOpen?.(event);
      },
      onMessage(data, event) {
        const { parse, onMessage } = latest.get().options;
        let failed = false;
        const message = parse ? guard('parse', parse, [data], (error) => ((failed = true), tell(error)), 'parse-failed') : (data as In);
        if (failed) return;
        view.received(message as In);
        onMessage?.(message as In, event);
      },
      onClose: call('onClose'),
      onError: call('onError'),
      onGiveUp: call('onGiveUp'),
    };
  }, [view, latest, tell]);

  // Holds the connection while active, with this hook's handlers (registered first, so a
  // failure on mount reaches onError). Inactive, it only listens; when it goes, it stops
  // what a manual connect() started, unless someone else holds it.
  useEffect(() => {
    if (pool) return pool.retain(connection, forward);
    if (active) return connection.retain(true, forward);
    const detach = connection.addHandlers(forward);
    return () => {
      connection.retain(false, forward)();
      detach();
    };
  }, [connection, active, pool, forward]);

  // Devtools (react-lifeline/devtools) find this hook's connection here while it is mounted.
  useEffect(() => {
    const record = [connection, latest, config!] as const;
    config?.hooks.add(record);
    return () => void config?.hooks.delete(record);
  }, [connection, latest, config]);

  const state = useSyncExternalStore(view.subscribe, view.getSnapshot, connection.getServerState as () => ConnectionState<In>);
  const methods = useMemo(() => {
    const { connect, disconnect, retryNow, reauthenticate } = connection;
    // While a new async URL function has not answered, where a message belongs is not known yet.
    const gate =
      <A>(method: (value: A) => SendResult) =>
      (value: A): SendResult => {
        if (!had.get().tentative) return method(value);
        tell(new LifelineError('not-open', { status: 'resolving' }));
        return 'rejected';
      };
    return { send: gate(connection.send), sendJson: gate(connection.sendJson), connect, disconnect, retryNow, reauthenticate };
  }, [connection, had, tell]);
  return useMemo(() => attachConnection(createHandle(methods, state, tracked), connection), [methods, state, tracked, connection]);
}
