import { useCallback, useContext, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createConnection, type Connection, type ConnectionOptions } from '../core';
import { mergePolicy } from '../core';
import type {
  CloseInfo,
  ConnectionHandlers,
  ConnectionState,
  HeartbeatOptions,
  QueueOptions,
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
   * One socket per (url, protocols) in the nearest `WebSocketProvider`, ref-counted.
   * The hook that mounts first sets its options (protocols, parse, queue, policy);
   * every hook gets its own callbacks.
   */
  share?: boolean | undefined;
  /** Merged over the providers' policy. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
  binaryType?: BinaryType | undefined;
  /** Default `{ max: 1000, overflow: 'reject' }`. */
  queue?: false | QueueOptions | undefined;
  /** Ping while open; no pong within `timeoutMs` closes with 3008 and retries per the policy. One schedule per socket. */
  heartbeat?: HeartbeatOptions | undefined;
}

export interface WebSocketHandle<In = unknown> extends ConnectionState<In> {
  send(data: SendData): SendResult;
  sendJson(value: unknown): SendResult;
  /** (Re)starts from `idle`, `closed` or `failed`. */
  connect(): void;
  /** A client close that never auto-reconnects. Throws a RangeError for a code other than 1000/3000-4999 or a reason over 123 UTF-8 bytes. */
  disconnect(code?: number, reason?: string): void;
  /** Skips the wait of a scheduled retry. */
  retryNow(): void;
  /** Runs the policy's `reauthenticate` (if any), then reconnects: what "Sign in again" does. */
  reauthenticate(): void;
}

type StateKey = keyof ConnectionState;
const STATE_KEYS: readonly StateKey[] = ['status', 'readyState', 'lastClose', 'lastMessage', 'attempt', 'nextRetryAt', 'online', 'error'];

/** A handle whose state getters record what the component read, so only those fields re-render it. */
function createHandle<In>(connection: Connection<In>, state: ConnectionState<In>, tracked: Set<StateKey>): WebSocketHandle<In> {
  const handle = {
    send: connection.send,
    sendJson: connection.sendJson,
    connect: connection.connect,
    disconnect: connection.disconnect,
    retryNow: connection.retryNow,
    reauthenticate: connection.reauthenticate,
  } as WebSocketHandle<In>;
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
 * (code, reason, initiator, meaning, willRetry), `lastMessage`, `attempt`, `nextRetryAt`.
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
  const { protocols, enabled = true, share = false, parse, binaryType, queue, heartbeat } = options;
  const active = enabled && url !== null;
  const WebSocketImpl = config?.WebSocket;
  // A disabled or URL-less hook holds no pool entry: it uses its own idle connection.
  const shared = share && active && config !== null;

  const connectionOptions: ConnectionOptions<In> = {
    protocols,
    policy: mergePolicy(config?.policy, options.policy),
    parse,
    binaryType,
    queue,
    heartbeat,
    WebSocket: WebSocketImpl,
  };
  const create = (): Connection<In> => {
    const report = config?.reportAbnormalClose ?? logAbnormalClose;
    return createConnection<In>(url, {
      ...connectionOptions,
      // Report abnormal closes once per connection, however many hooks share it.
      onClose: (close: CloseInfo) => ABNORMAL_CODES.has(close.code) && report(close, { url: urlForLog(url) }),
      startPending: active && typeof (WebSocketImpl ?? globalThis.WebSocket) === 'function',
    });
  };

  // Cheap while unused: a connection opens nothing until it is retained.
  const [own] = useState(create);
  const connection = shared ? config.pool.obtain(url, protocols, create) : own;

  // The latest callbacks, for handlers registered once per connection.
  const latest = useRef(options);
  useIsomorphicLayoutEffect(() => {
    latest.current = options;
  });

  useEffect(() => {
    if (!shared) connection.setOptions({ url, ...connectionOptions });
  });

  useEffect(() => {
    if (share && config === null) {
      console.warn('react-lifeline: useWebSocket({ share: true }) needs a <WebSocketProvider> above it; this hook opened a socket of its own.');
    }
  }, [share, config]);

  useEffect(
    () =>
      connection.addHandlers({
        onOpen: (event) => latest.current.onOpen?.(event),
        onMessage: (message, event) => latest.current.onMessage?.(message, event),
        onClose: (close) => latest.current.onClose?.(close),
        onError: (error) => latest.current.onError?.(error),
        onGiveUp: (close) => latest.current.onGiveUp?.(close),
      }),
    [connection],
  );

  const pool = config?.pool;
  useEffect(() => {
    if (!active) return undefined;
    return shared && pool ? pool.retain(url, protocols, connection) : connection.retain();
    // `url` and `protocols` are part of the shared connection's identity, already in `connection`.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [connection, active, shared, pool]);

  const [tracked] = useState(() => new Set<StateKey>());
  const subscribe = useCallback(
    (onChange: () => void) => {
      let previous = connection.getState();
      return connection.subscribe((next) => {
        const before = previous;
        previous = next;
        for (const key of tracked) {
          if (!Object.is(before[key], next[key])) return onChange();
        }
      });
    },
    [connection, tracked],
  );
  const state = useSyncExternalStore(subscribe, connection.getState, connection.getServerState);
  return useMemo(() => createHandle(connection, state, tracked), [connection, state, tracked]);
}
