// react-use-websocket's `useWebSocket(url, options, connect)` (v4.13: its signature, options
// and return value) on top of react-lifeline's `useWebSocket`. It exists to run
// react-use-websocket's own tests against our hook and to show, option by option, where the
// two meet (docs/migrating-from-react-use-websocket.md). It is a test fixture, not a shim to
// ship: every mapping below is a line of that page.
import { useMemo, useState } from 'react';
import { useWebSocket as useLifeline } from '../../../src';
import type { CloseInfo, LifelineError, Plugin, UrlSource } from '../../../src';
import { heartbeat as heartbeatPlugin } from '../../../src/plugins/heartbeat';

export const ReadyState = { UNINSTANTIATED: -1, CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3 } as const;
export type ReadyStateValue = (typeof ReadyState)[keyof typeof ReadyState];

export interface HeartbeatOptions {
  message?: string | (() => string);
  returnMessage?: string;
  timeout?: number;
  interval?: number;
}

export interface Options {
  queryParams?: Record<string, string | number>;
  protocols?: string | string[];
  share?: boolean;
  onOpen?: (event: Event) => void;
  onClose?: (event: CloseEvent) => void;
  onMessage?: (event: MessageEvent) => void;
  onError?: (event: Event) => void;
  onReconnectStop?: (numAttempts: number) => void;
  shouldReconnect?: (event: CloseEvent) => boolean;
  /** A function of the attempt is not supported: the policy's initialDelayMs, factor and maxDelayMs shape the waits. */
  reconnectInterval?: number | ((lastAttemptNumber: number) => number);
  reconnectAttempts?: number;
  filter?: (message: MessageEvent) => boolean;
  retryOnError?: boolean;
  heartbeat?: boolean | HeartbeatOptions;
  disableJson?: boolean;
  /** Not supported: react-lifeline speaks WebSocket only. */
  eventSourceOptions?: never;
  /** Not supported: use a socket.io client for socket.io. */
  fromSocketIO?: never;
}

export interface SendMessage {
  (message: string | ArrayBufferLike | Blob | ArrayBufferView, keep?: boolean): void;
}

export interface WebSocketHook<T = unknown> {
  sendMessage: SendMessage;
  sendJsonMessage: (message: T, keep?: boolean) => void;
  lastMessage: MessageEvent | null;
  lastJsonMessage: T;
  readyState: ReadyStateValue;
  getWebSocket: () => WebSocket | null;
}

// react-use-websocket's defaults.
const DEFAULT_RECONNECT_ATTEMPTS = 20;
const DEFAULT_RECONNECT_INTERVAL_MS = 5000;
const DEFAULT_HEARTBEAT: HeartbeatOptions & { message: string; timeout: number; interval: number } = { message: 'ping', timeout: 60_000, interval: 25_000 };

/** What react-use-websocket hands `onClose` and `shouldReconnect`, rebuilt from our `CloseInfo`. */
function toCloseEvent(close: CloseInfo): CloseEvent {
  return new CloseEvent('close', { code: close.code, reason: close.reason, wasClean: close.wasClean });
}

/** `queryParams`: appended to the URL (a URL function's answer too). */
function withQuery(url: UrlSource, params: Options['queryParams']): UrlSource {
  if (!params) return url;
  const append = (href: string | URL) => {
    const target = new URL(String(href));
    for (const [key, value] of Object.entries(params)) target.searchParams.append(key, String(value));
    return target.href;
  };
  return typeof url === 'function' ? async () => append(await url()) : append(url);
}

/** A shared socket is everyone's: react-use-websocket hands out one that ignores `close()` and handler assignments. */
function protect(socket: WebSocket): WebSocket {
  return new Proxy(socket, {
    get: (target, key) => {
      if (key === 'close') return () => {};
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
    set: () => true,
  });
}

export function useWebSocket<T = unknown>(url: string | (() => string | Promise<string>) | null, options: Options = {}, connect = true): WebSocketHook<T> {
  if (options.eventSourceOptions || options.fromSocketIO) throw new Error('react-lifeline speaks WebSocket only: eventSourceOptions and fromSocketIO have no counterpart.');
  const [lastMessage, setLastMessage] = useState<MessageEvent | null>(null);
  // The socket, as its open event names it; an error seen since, for retryOnError.
  const [seen] = useState(() => ({ socket: null as WebSocket | null, errored: false }));
  const { heartbeat, queryParams, reconnectAttempts = DEFAULT_RECONNECT_ATTEMPTS, reconnectInterval: interval = DEFAULT_RECONNECT_INTERVAL_MS } = options;
  if (typeof interval === 'function') throw new Error('reconnectInterval as a function: use the policy (initialDelayMs, factor, maxDelayMs).');
  const reconnectInterval = interval;

  const source = useMemo(() => (url === null ? null : withQuery(url, queryParams)), [url, queryParams]);
  const beat = heartbeat === true ? DEFAULT_HEARTBEAT : heartbeat ? { ...DEFAULT_HEARTBEAT, ...heartbeat } : null;
  const plugins: Plugin[] = beat
    ? [
        heartbeatPlugin({
          message: beat.message,
          intervalMs: beat.interval,
          timeoutMs: beat.timeout,
          // No isPong: as in react-use-websocket, any message answers a ping.
        }),
      ]
    : [];

  const socket = useLifeline<unknown>(source, {
    enabled: connect,
    protocols: options.protocols,
    share: options.share ?? false,
    plugins,
    policy: {
      // A fixed wait between attempts, as reconnectInterval is.
      initialDelayMs: reconnectInterval,
      maxDelayMs: reconnectInterval,
      factor: 1,
      jitter: 'none',
      maxAttempts: reconnectAttempts,
      // react-use-websocket retries only when asked: shouldReconnect(event), or any close after an error with retryOnError.
      shouldReconnect: (close) => {
        const afterError = seen.errored;
        seen.errored = false;
        if (options.retryOnError && afterError) return true;
        return options.shouldReconnect?.(toCloseEvent(close)) ?? false;
      },
    },
    onOpen: (event) => {
      seen.socket = event.target as WebSocket;
      seen.errored = false;
      options.onOpen?.(event);
    },
    onMessage: (_data, event) => {
      options.onMessage?.(event);
      if (options.filter && options.filter(event) !== true) return;
      if (beat?.returnMessage !== undefined && event.data === beat.returnMessage) return; // react-use-websocket keeps pongs out of lastMessage
      setLastMessage(event);
    },
    onClose: (close) => options.onClose?.(toCloseEvent(close)),
    onError: (error: LifelineError) => {
      if (error.code !== 'socket-error') return;
      seen.errored = true;
      options.onError?.(error.cause as Event);
    },
    onGiveUp: () => options.onReconnectStop?.(reconnectAttempts),
  });

  const disableJson = options.disableJson;
  const lastJsonMessage = useMemo(() => {
    if (disableJson || !lastMessage) return null;
    try {
      return JSON.parse(String(lastMessage.data)) as unknown;
    } catch {
      return {};
    }
  }, [lastMessage, disableJson]) as T;

  const { send, sendJson } = socket;
  const readyState = (url === null || !connect ? ReadyState.UNINSTANTIATED : socket.readyState) as ReadyStateValue;
  const open = socket.readyState === ReadyState.OPEN;
  const share = options.share;
  return {
    // keep = false: dropped unless open (ours queues while not open, up to `queue.max`).
    sendMessage: (message, keep = true) => void ((keep || open) && send(message)),
    sendJsonMessage: (message, keep = true) => void ((keep || open) && sendJson(message)),
    lastMessage,
    lastJsonMessage,
    readyState,
    getWebSocket: () => (seen.socket && share ? protect(seen.socket) : seen.socket),
  };
}
