import { assertCloseArgs } from './assertCloseArgs';
import { browserNetwork } from './browserNetwork';
import { createHeartbeat, type Heartbeat } from './createHeartbeat';
import { decideReconnect } from './decideReconnect';
import { defaultTimers } from './defaultTimers';
import { describeCloseCode } from './describeCloseCode';
import { LifelineError } from './LifelineError';
import { normalizeUrl } from './normalizeUrl';
import { resolvePolicy } from './resolvePolicy';
import { samePolicy } from './samePolicy';
import type {
  CloseInfo,
  ConnectionHandlers,
  ConnectionState,
  HeartbeatOptions,
  NetworkSource,
  QueueOptions,
  ReconnectPolicy,
  ReconnectPolicyOptions,
  SendData,
  SendResult,
  Timers,
  UrlSource,
  WebSocketConstructor,
} from './types';

export interface ConnectionOptions<In = unknown> extends ConnectionHandlers<In> {
  protocols?: string | string[] | undefined;
  /** Merged over the built-in defaults. Changing it never reconnects an open socket. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
  binaryType?: BinaryType | undefined;
  /** Messages sent while not open wait here. Default `{ max: 1000, overflow: 'reject' }`. */
  queue?: false | QueueOptions | undefined;
  /**
   * Ping every `intervalMs`; no pong within `timeoutMs` and the client closes with 3008
   * (Timeout), retried per the policy. Messages `isPong` accepts are not delivered.
   */
  heartbeat?: HeartbeatOptions | undefined;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor | undefined;
  timers?: Timers | undefined;
  /** Default `Math.random`; seed it in tests. */
  random?: (() => number) | undefined;
  network?: NetworkSource | undefined;
  /** @internal Report `connecting` before `connect()`, for a hook that connects in its first effect. */
  startPending?: boolean | undefined;
}

export interface Connection<In = unknown> {
  getState(): ConnectionState<In>;
  /** The idle state, for server rendering and hydration. */
  getServerState(): ConnectionState<In>;
  /** Called after every state change. Returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState<In>) => void): () => void;
  /** Called for every message, in order, exactly once. */
  onMessage(listener: (message: In, event: MessageEvent) => void): () => void;
  /** Adds a set of callbacks (several hooks may share one connection). */
  addHandlers(handlers: ConnectionHandlers<In>): () => void;
  send(data: SendData): SendResult;
  sendJson(value: unknown): SendResult;
  /** (Re)starts from `idle`, `closed` or `failed`. */
  connect(): void;
  /** Closes as the client; never reconnects afterwards. Throws a RangeError for a bad code or reason. */
  disconnect(code?: number, reason?: string): void;
  /** Skips the wait of a scheduled retry. */
  retryNow(): void;
  /** Runs `policy.reauthenticate` (if any), then reconnects: the "Sign in again" button. */
  reauthenticate(): void;
  /** Updates options; a changed URL or protocols reconnects once. */
  setOptions(options: ConnectionOptions<In> & { url?: UrlSource | null | undefined }): void;
  /** Holds the connection open; the last release (after a microtask, so StrictMode remounts are free) stops it. */
  retain(): () => void;
  /** Stops and forgets every listener. */
  dispose(): void;
}

const DEFAULT_QUEUE = { max: 1000, overflow: 'reject' } as const;
const SOCKET_EVENTS = ['open', 'message', 'error', 'close'] as const;

/** Reports a throw from user code without breaking the state machine. */
function rethrowLater(error: unknown): void {
  queueMicrotask(() => {
    throw error;
  });
}

function call<A extends unknown[]>(handler: ((...args: A) => void) | undefined, args: A): void {
  if (!handler) return;
  try {
    handler(...args);
  } catch (error) {
    rethrowLater(error);
  }
}

const sameProtocols = (a: string | string[] | undefined, b: string | string[] | undefined) =>
  String(a ?? '') === String(b ?? '');

// A function URL is re-read before every attempt, so a new function (an inline arrow) is no change.
const sameUrl = (a: UrlSource | null, b: UrlSource | null) =>
  typeof a === 'function' && typeof b === 'function' ? true : a === b || (a !== null && b !== null && String(a) === String(b));

class WebSocketConnection<In> implements Connection<In> {
  #url: UrlSource | null;
  #options: ConnectionOptions<In>;
  #policy: ReconnectPolicy;
  #timers: Timers;
  #state: ConnectionState<In>;
  #serverState: ConnectionState<In>;
  #listeners = new Set<(state: ConnectionState<In>) => void>();
  #handlers = new Set<ConnectionHandlers<In>>();
  #socket: WebSocket | null = null;
  #detachSocket: (() => void) | null = null;
  #clientClose = false;
  #openedAt: number | null = null;
  #queue: SendData[] = [];
  #generation = 0;
  #active = false;
  #waitingForNetwork = false;
  #reauthBeforeRetry = false;
  #retryTimer: unknown = null;
  #stableTimer: unknown = null;
  #heartbeat: Heartbeat | null = null;
  #unlistenNetwork: (() => void) | null = null;
  #refs = 0;
  #disposed = false;

  constructor(url: UrlSource | null, options: ConnectionOptions<In>) {
    this.#url = url;
    this.#options = options;
    this.#timers = options.timers ?? defaultTimers;
    const idle: ConnectionState<In> = {
      status: 'idle',
      readyState: 3,
      lastClose: null,
      lastMessage: undefined,
      attempt: 0,
      nextRetryAt: null,
      online: this.#network().isOnline(),
      error: null,
    };
    this.#serverState = { ...idle, online: true };
    let policy: ReconnectPolicy;
    try {
      policy = resolvePolicy(options.policy);
    } catch (error) {
      policy = resolvePolicy();
      idle.error = error as Error;
      idle.status = 'failed';
    }
    this.#policy = policy;
    this.#state = options.startPending && idle.status === 'idle' ? { ...idle, status: 'connecting', readyState: 0 } : idle;
  }

  getState = (): ConnectionState<In> => this.#state;
  getServerState = (): ConnectionState<In> => this.#serverState;

  subscribe = (listener: (state: ConnectionState<In>) => void): (() => void) => {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  };

  onMessage = (listener: (message: In, event: MessageEvent) => void): (() => void) =>
    this.addHandlers({ onMessage: listener });

  addHandlers = (handlers: ConnectionHandlers<In>): (() => void) => {
    // A wrapper, so the same object can be added twice and removed once.
    const entry = { ...handlers };
    this.#handlers.add(entry);
    return () => this.#handlers.delete(entry);
  };

  send = (data: SendData): SendResult => {
    const socket = this.#socket;
    // The socket's own readyState, not only ours: it turns CLOSING before its close event arrives.
    if (socket && this.#state.status === 'open' && socket.readyState === 1) {
      try {
        socket.send(data);
        return 'sent';
      } catch (error) {
        return this.#reject(new LifelineError('send-failed', `the socket refused the message: ${(error as Error).message}`, { cause: error }));
      }
    }
    const { status } = this.#state;
    const queue = this.#options.queue ?? DEFAULT_QUEUE;
    if (queue === false) {
      return this.#reject(new LifelineError('not-open', `send() while ${status} with the queue off (queue: false): the message was not sent.`));
    }
    if (status === 'closing' || status === 'closed' || status === 'failed') {
      return this.#reject(new LifelineError('not-open', `send() while ${status}: nothing will deliver it. Call connect() first.`));
    }
    const max = queue.max ?? DEFAULT_QUEUE.max;
    if (this.#queue.length >= max) {
      if ((queue.overflow ?? DEFAULT_QUEUE.overflow) === 'reject' || max <= 0) {
        return this.#reject(new LifelineError('queue-full', `the send queue is full (${max} messages) while ${status}: the message was rejected. Raise queue.max or use overflow: 'drop-oldest'.`));
      }
      this.#queue.shift();
    }
    this.#queue.push(data);
    return 'queued';
  };

  sendJson = (value: unknown): SendResult => {
    let text: string | undefined;
    try {
      text = JSON.stringify(value);
    } catch (error) {
      return this.#reject(new LifelineError('invalid-json', `sendJson() could not serialise the value: ${(error as Error).message}`, { cause: error }));
    }
    if (text === undefined) {
      return this.#reject(new LifelineError('invalid-json', `sendJson() got ${typeof value}, which has no JSON form.`));
    }
    return this.send(text);
  };

  connect = (): void => this.#start(false);

  reauthenticate = (): void => {
    if (this.#active && this.#state.status === 'reconnecting' && !this.#socket) {
      this.#reauthBeforeRetry = true;
      this.#retry(true);
    } else {
      this.#start(true);
    }
  };

  disconnect = (code = 1000, reason = ''): void => {
    assertCloseArgs(code, reason);
    this.#halt();
    const socket = this.#socket;
    // An open socket gets a closing handshake; one still connecting is closed when it opens.
    if (socket && socket.readyState === 1) {
      this.#clientClose = true;
      this.#setState({ status: 'closing', readyState: 2, nextRetryAt: null });
      socket.close(code, reason);
    } else {
      this.#replaceSocket();
      this.#setState({ status: 'closed', readyState: 3, nextRetryAt: null });
    }
  };

  retryNow = (): void => {
    if (this.#active && this.#state.status === 'reconnecting' && !this.#socket) this.#retry(true);
  };

  setOptions = (options: ConnectionOptions<In> & { url?: UrlSource | null | undefined }): void => {
    const { url, ...rest } = options;
    const previous = this.#options;
    const next = { ...previous, ...rest };
    const nextUrl = 'url' in options ? (url ?? null) : this.#url;
    const restart = !sameUrl(nextUrl, this.#url) || !sameProtocols(next.protocols, this.#options.protocols);
    this.#url = nextUrl;
    this.#options = next;
    if ('policy' in options && !samePolicy(rest.policy, previous.policy)) {
      try {
        this.#policy = resolvePolicy(next.policy);
      } catch (error) {
        // Keep the last valid policy: a bad value changes nothing else. Report a problem once,
        // not on every render that repeats it.
        const { error: current } = this.#state;
        if (!(current instanceof LifelineError && current.message === (error as Error).message)) this.#reportError(error as Error);
      }
    }
    if (!restart || !(this.#active || this.#refs > 0)) return;
    if (nextUrl === null) return this.#stop();
    this.#halt();
    this.#replaceSocket();
    this.connect();
  };

  retain = (): (() => void) => {
    this.#refs += 1;
    if (this.#refs === 1 && (this.#state.status === 'idle' || (this.#state.status === 'connecting' && !this.#active))) this.connect();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#refs -= 1;
      queueMicrotask(() => {
        if (this.#refs === 0) this.#stop();
      });
    };
  };

  dispose = (): void => {
    this.#stop();
    this.#disposed = true;
    this.#listeners.clear();
    this.#handlers.clear();
    this.#queue = [];
  };

  // --- internals -------------------------------------------------------------------------

  #start(reauth: boolean): void {
    if (this.#disposed || this.#active) return;
    this.#replaceSocket();
    this.#active = true;
    this.#setState({ attempt: 0, error: null, status: 'connecting', readyState: 0 });
    this.#listenNetwork();
    this.#reauthBeforeRetry = reauth;
    this.#retry();
  }

  #network(): NetworkSource {
    return this.#options.network ?? browserNetwork;
  }

  #setState(patch: Partial<ConnectionState<In>>): void {
    const current = this.#state;
    let changed = false;
    for (const key in patch) {
      if (!Object.is(current[key as keyof ConnectionState<In>], patch[key as keyof ConnectionState<In>])) {
        changed = true;
        break;
      }
    }
    if (!changed) return;
    this.#state = { ...current, ...patch };
    for (const listener of this.#listeners) {
      try {
        listener(this.#state);
      } catch (error) {
        rethrowLater(error);
      }
    }
  }

  #emit<K extends keyof ConnectionHandlers<In>>(name: K, ...args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>): void {
    type Handler = ((...a: typeof args) => void) | undefined;
    call(this.#options[name] as Handler, args);
    for (const handlers of this.#handlers) call(handlers[name] as Handler, args);
  }

  #reportError(error: Error): void {
    this.#setState({ error });
    this.#emit('onError', error);
  }

  #reject(error: LifelineError): SendResult {
    this.#reportError(error);
    return 'rejected';
  }

  /** Stops wanting a connection: no timers, no network listener, no pending attempt. */
  #halt(): void {
    this.#active = false;
    this.#waitingForNetwork = false;
    this.#reauthBeforeRetry = false;
    this.#generation += 1;
    this.#clearTimer('retry');
    this.#unlistenNetwork?.();
    this.#unlistenNetwork = null;
  }

  #stop(): void {
    this.#halt();
    this.#replaceSocket();
    this.#setState({ status: 'idle', readyState: 3, nextRetryAt: null, attempt: 0 });
  }

  #fail(error: Error): void {
    this.#halt();
    this.#replaceSocket();
    this.#setState({ status: 'failed', readyState: 3, nextRetryAt: null });
    this.#reportError(error);
  }

  /** Drops the current socket without waiting for its close event. */
  #replaceSocket(): void {
    const socket = this.#socket;
    this.#detachSocket?.();
    this.#detachSocket = null;
    this.#socket = null;
    this.#clientClose = false;
    this.#clearTimer('stable');
    this.#stopHeartbeat();
    if (!socket) return;
    if (socket.readyState === 1) socket.close(1000);
    // A handshake in flight may still complete on the server: close it the moment it opens.
    // (Closing it now would also make browsers log "closed before the connection is established".)
    else if (socket.readyState === 0) socket.addEventListener('open', () => socket.close(1000), { once: true });
  }

  #clearTimer(which: 'retry' | 'stable'): void {
    const handle = which === 'retry' ? this.#retryTimer : this.#stableTimer;
    if (handle !== null) this.#timers.clearTimeout(handle);
    if (which === 'retry') this.#retryTimer = null;
    else this.#stableTimer = null;
  }

  #listenNetwork(): void {
    if (this.#unlistenNetwork) return;
    const network = this.#network();
    this.#setState({ online: network.isOnline() });
    const unlistenOnline = network.subscribe((online) => {
      this.#setState({ online });
      if (!online || !this.#active || this.#socket) return;
      if (this.#waitingForNetwork || (this.#state.status === 'reconnecting' && this.#policy.reconnectOnOnline)) this.#retry();
    });
    // Back from the back/forward cache: the old socket is gone (Chrome closes it), so reconnect now.
    const unlistenRestore = network.subscribePageRestore?.(() => {
      if (!this.#active || (this.#socket && this.#socket.readyState <= 1)) return;
      this.#replaceSocket();
      this.#setState({ status: this.#state.status === 'connecting' ? 'connecting' : 'reconnecting' });
      this.#retry(true);
    });
    this.#unlistenNetwork = () => {
      unlistenOnline();
      unlistenRestore?.();
    };
  }

  #stopHeartbeat(): void {
    this.#heartbeat?.stop();
    this.#heartbeat = null;
  }

  /** No pong in time: the link is half-open. Close it ourselves and let the policy decide. */
  #onHeartbeatTimeout(socket: WebSocket): void {
    if (socket !== this.#socket) return;
    const { timeoutMs } = this.#options.heartbeat ?? { timeoutMs: 0 };
    this.#detachSocket?.();
    this.#detachSocket = null;
    this.#socket = null;
    // The peer may never answer the close frame; do not wait for it.
    socket.close(3008, 'Heartbeat timeout');
    this.#reportError(new LifelineError('heartbeat-timeout', `no pong within ${timeoutMs} ms: the connection was presumed dead and closed with 3008.`));
    this.#closed({ code: 3008, reason: 'Heartbeat timeout', wasClean: false }, 'client', false);
  }

  /** One connection attempt: resolve the URL, then open a socket. */
  #attempt(force = false): void {
    this.#clearTimer('retry');
    this.#setState({ nextRetryAt: null });
    if (!force && this.#policy.pauseWhileOffline && !this.#network().isOnline()) {
      this.#waitingForNetwork = true;
      return;
    }
    this.#waitingForNetwork = false;
    const generation = ++this.#generation;
    const source = this.#url;
    if (typeof source !== 'function') {
      this.#open(source);
      return;
    }
    let result: ReturnType<typeof source>;
    try {
      result = source();
    } catch (error) {
      this.#fail(new LifelineError('url-failed', `the URL function threw: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
      return;
    }
    if (!(result instanceof Promise)) {
      this.#open(result);
      return;
    }
    result.then(
      (url) => {
        if (generation === this.#generation) this.#open(url);
      },
      (error: unknown) => {
        if (generation === this.#generation) {
          this.#fail(new LifelineError('url-failed', `the URL function rejected: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
        }
      },
    );
  }

  #open(input: unknown): void {
    const url = normalizeUrl(input);
    if (url instanceof LifelineError) return this.#fail(url);
    const WebSocketImpl = this.#options.WebSocket ?? globalThis.WebSocket;
    if (typeof WebSocketImpl !== 'function') {
      return this.#fail(
        new LifelineError(
          'no-websocket',
          'no WebSocket implementation here. In Node (or tests), pass one: <WebSocketProvider WebSocket={WebSocket from "ws"}> or createConnection(url, { WebSocket }).',
        ),
      );
    }
    let socket: WebSocket;
    try {
      socket = new WebSocketImpl(url, this.#options.protocols);
    } catch (error) {
      return this.#fail(new LifelineError('socket-failed', `new WebSocket("${url}") threw: ${(error as Error).message}`, { cause: error }));
    }
    if (this.#options.binaryType) socket.binaryType = this.#options.binaryType;
    const listener = (event: Event) => this.#onSocketEvent(socket, event);
    for (const type of SOCKET_EVENTS) socket.addEventListener(type, listener);
    this.#socket = socket;
    this.#detachSocket = () => {
      for (const type of SOCKET_EVENTS) socket.removeEventListener(type, listener);
    };
    this.#setState({ readyState: 0 });
  }

  #onSocketEvent(socket: WebSocket, event: Event): void {
    if (socket !== this.#socket) return;
    switch (event.type) {
      case 'open':
        return this.#onOpen(socket, event);
      case 'message':
        return this.#onMessageEvent(event as MessageEvent);
      case 'error':
        // Browsers give no detail here on purpose; the close event that follows has the code.
        return this.#emit('onError', new LifelineError('socket-error', 'the WebSocket reported an error (the close that follows says more).'));
      case 'close':
        return this.#onClose(event as CloseEvent);
    }
  }

  #onOpen(socket: WebSocket, event: Event): void {
    this.#openedAt = this.#timers.now();
    this.#setState({ status: 'open', readyState: 1, error: null, nextRetryAt: null });
    if (this.#state.attempt > 0) {
      this.#stableTimer = this.#timers.setTimeout(() => {
        this.#stableTimer = null;
        this.#setState({ attempt: 0 });
      }, this.#policy.stableAfterMs);
    }
    // onOpen runs first, so a hello or auth message sent there goes before the queue.
    this.#emit('onOpen', event);
    if (this.#options.heartbeat && socket === this.#socket) {
      this.#heartbeat = createHeartbeat(this.#options.heartbeat, this.#timers);
      this.#heartbeat.start(
        (message) => socket.readyState === 1 && socket.send(message),
        () => this.#onHeartbeatTimeout(socket),
      );
    }
    while (this.#queue.length > 0 && socket === this.#socket && socket.readyState === 1) {
      try {
        socket.send(this.#queue[0]!);
      } catch (error) {
        this.#reportError(new LifelineError('send-failed', `a queued message was refused: ${(error as Error).message}`, { cause: error }));
        break;
      }
      this.#queue.shift();
    }
  }

  #onMessageEvent(event: MessageEvent): void {
    const heartbeat = this.#options.heartbeat;
    if (heartbeat) {
      this.#heartbeat?.received(event.data);
      if (heartbeat.isPong?.(event.data)) return;
    }
    let message: In;
    const { parse } = this.#options;
    if (parse) {
      try {
        message = parse(event.data);
      } catch (error) {
        this.#reportError(new LifelineError('parse-failed', `parse() threw on a message: ${(error as Error).message}`, { cause: error }));
        return;
      }
    } else {
      message = event.data as In;
    }
    this.#setState({ lastMessage: message });
    this.#emit('onMessage', message, event);
  }

  #onClose(event: CloseEvent): void {
    const byClient = this.#clientClose;
    this.#detachSocket?.();
    this.#detachSocket = null;
    this.#socket = null;
    this.#clientClose = false;
    const { code, reason, wasClean } = event;
    this.#closed({ code, reason, wasClean }, byClient ? 'client' : code === 1006 || code === 1015 ? 'network' : 'server', byClient);
  }

  /** After any close: record it, ask the policy, schedule the retry or stop. */
  #closed(
    { code, reason, wasClean }: Pick<CloseInfo, 'code' | 'reason' | 'wasClean'>,
    initiator: CloseInfo['initiator'],
    requested: boolean,
  ): void {
    this.#clearTimer('stable');
    this.#stopHeartbeat();
    const now = this.#timers.now();
    let { attempt } = this.#state;
    if (this.#openedAt !== null && now - this.#openedAt >= this.#policy.stableAfterMs) attempt = 0;
    this.#openedAt = null;

    const base = { code, reason, wasClean, at: now, initiator, meaning: describeCloseCode(code) };
    const decision =
      requested || !this.#active ? ({ action: 'stop' } as const) : decideReconnect(base, attempt, this.#policy, this.#options.random, false);
    const close: CloseInfo = { ...base, willRetry: decision.action === 'retry', retryAt: decision.action === 'retry' ? now + decision.delayMs : null };

    if (decision.action === 'retry') {
      const nextAttempt = attempt + 1;
      this.#setState({ status: 'reconnecting', readyState: 3, lastClose: close, attempt: nextAttempt, nextRetryAt: close.retryAt });
      this.#reauthBeforeRetry = decision.reauthenticate;
      this.#retryTimer = this.#timers.setTimeout(() => this.#retry(), decision.delayMs);
      this.#emit('onClose', close);
      return;
    }
    this.#halt();
    this.#setState({ status: decision.action === 'give-up' ? 'failed' : 'closed', readyState: 3, lastClose: close, attempt, nextRetryAt: null });
    this.#emit('onClose', close);
    if (decision.action === 'give-up') this.#emit('onGiveUp', close);
  }

  /** A scheduled retry, now: re-authenticate first if the close asked for it. */
  #retry(force = false): void {
    this.#clearTimer('retry');
    if (!this.#reauthBeforeRetry) return this.#attempt(force);
    this.#reauthBeforeRetry = false;
    this.#setState({ nextRetryAt: null });
    const generation = ++this.#generation;
    const failed = (error: unknown) => {
      if (generation === this.#generation) {
        this.#fail(new LifelineError('reauth-failed', `policy.reauthenticate failed: ${(error as Error)?.message ?? String(error)}`, { cause: error }));
      }
    };
    try {
      const result = this.#policy.reauthenticate?.();
      if (result instanceof Promise) {
        result.then(() => generation === this.#generation && this.#attempt(force), failed);
        return;
      }
    } catch (error) {
      failed(error);
      return;
    }
    this.#attempt(force);
  }
}

/**
 * A WebSocket connection as a state machine, without React. It starts `idle`:
 * call `connect()` (or `retain()`), read `getState()`, `subscribe()` to changes.
 *
 * @example
 * const chat = createConnection('wss://example.com/chat', { parse: JSON.parse });
 * chat.subscribe((state) => console.log(state.status, state.lastClose?.code));
 * chat.onMessage((message) => console.log(message));
 * chat.connect();
 */
export function createConnection<In = unknown>(url: UrlSource | null, options: ConnectionOptions<In> = {}): Connection<In> {
  return new WebSocketConnection<In>(url, options);
}
