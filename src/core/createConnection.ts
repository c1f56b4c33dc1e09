import { assertCloseArgs } from './assertCloseArgs';
import { browserNetwork } from './browserNetwork';
import { checkOptions } from './checkOptions';
import { createHeartbeat, type Heartbeat } from './createHeartbeat';
import { decideReconnect } from './decideReconnect';
import { defaultTimers } from './defaultTimers';
import { describeCloseCode } from './describeCloseCode';
import { LifelineError, type LifelineErrorCode, type LifelineErrorDetail } from './LifelineError';
import { normalizeUrl } from './normalizeUrl';
import { resolvePolicy } from './resolvePolicy';
import { samePolicy } from './samePolicy';
import { sessionQueue } from './sessionQueue';
import type {
  CloseInfo,
  ConnectionHandlers,
  ConnectionState,
  ConnectionStatus,
  HeartbeatOptions,
  NetworkSource,
  QueueOptions,
  ReadyOptions,
  ReconnectPolicy,
  ReconnectPolicyOptions,
  SendData,
  SendResult,
  Timers,
  UrlSource,
  WebSocketConstructor,
} from './types';
import { identify } from './urlIdentity';

export interface ConnectionOptions<In = unknown> extends ConnectionHandlers<In> {
  protocols?: string | string[] | undefined;
  /** Merged over the built-in defaults. Changing it never reconnects an open socket. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
  binaryType?: BinaryType | undefined;
  /** Messages sent while not open wait here, for this session only. Default `{ max: 1000, overflow: 'reject' }`. */
  queue?: false | QueueOptions | undefined;
  /** Ping while open; no pong within `timeoutMs` and the client closes with 3008, retried per the policy. */
  heartbeat?: HeartbeatOptions | undefined;
  /** Count as open only once the server accepts the connection (e.g. graphql-ws `connection_ack`). */
  ready?: ReadyOptions | undefined;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor | undefined;
  timers?: Timers | undefined;
  /** Default `Math.random`; seed it in tests. */
  random?: (() => number) | undefined;
  network?: NetworkSource | undefined;
  /** @internal Report `connecting` (and queue sends) before `connect()`, for a hook that connects in its first effect. */
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
  /** (Re)starts from `idle`, `closed` or `failed`; while `closing`, right after the close. */
  connect(): void;
  /** Closes as the client and discards the queue; nothing reconnects until `connect()`. Throws a RangeError for a bad code or reason. */
  disconnect(code?: number, reason?: string): void;
  /** Skips the wait of a scheduled retry (a due re-authentication still runs first). */
  retryNow(): void;
  /** Runs `policy.reauthenticate` (if any), then reconnects: the "Sign in again" button. */
  reauthenticate(): void;
  /** Updates options. A URL that points elsewhere, or other protocols, moves the session once. */
  setOptions(options: ConnectionOptions<In> & { url?: UrlSource | null | undefined }): void;
  /** Holds the connection open; the last release (after a microtask, so StrictMode remounts are free) stops it. */
  retain(): () => void;
  /** Stops and forgets every listener. */
  dispose(): void;
}

/**
 * Where a connection is. Each phase holds what only it owns; leaving a phase tears that
 * down (`go`), so no timer, heartbeat or socket outlives the phase it belongs to.
 */
type Phase =
  | { name: 'idle' | 'resolving' | 'reauthenticating' | 'failed' }
  | { name: 'closed'; byClient: boolean }
  | { name: 'connecting'; socket: WebSocket }
  | { name: 'readying'; socket: WebSocket; timer: unknown }
  | { name: 'open'; socket: WebSocket; timer: unknown; heartbeat: Heartbeat | undefined }
  | { name: 'closing'; socket: WebSocket; reconnect: boolean }
  | { name: 'waiting'; timer: unknown; at: number; reauth: boolean }
  | { name: 'offline'; reauth: boolean };
type Owned = { socket?: WebSocket; timer?: unknown; heartbeat?: Heartbeat };

const STOPPED = ['idle', 'closed', 'failed'];
const STATUS: Readonly<Record<string, ConnectionStatus>> = { idle: 'idle', open: 'open', closing: 'closing', closed: 'closed', failed: 'failed', waiting: 'reconnecting' };
const READY_STATE = { connecting: 0, readying: 1, open: 1, closing: 2 } as const;
const EVENTS = ['open', 'message', 'error', 'close'] as const;

/** Reports a throw from user code without breaking the state machine. */
const rethrowLater = (error: unknown) =>
  queueMicrotask(() => {
    throw error;
  });

const cancelRetry = (close: CloseInfo | null) => (close?.willRetry ? { ...close, willRetry: false, retryAt: null } : close);

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
export function createConnection<In = unknown>(initialUrl: UrlSource | null, initialOptions: ConnectionOptions<In> = {}): Connection<In> {
  let url = initialUrl;
  let options = initialOptions;
  const timers = options.timers ?? defaultTimers;
  const network = options.network ?? browserNetwork;
  const listeners = new Set<(state: ConnectionState<In>) => void>();
  const handlers = new Set<ConnectionHandlers<In>>([options]);
  const queue = sessionQueue();
  let phase: Phase = { name: 'idle' };
  let pending = !!options.startPending; // reported as 'connecting': a hook connects in its first effect
  let target: string | object | undefined; // where the session's last socket pointed (see urlIdentity)
  let refs = 0;
  let disposed = false;
  let unlistenNetwork: (() => void) | null = null;
  let policy: ReconnectPolicy;
  let broken: LifelineError | null = null;
  try {
    policy = resolvePolicy(options.policy);
    broken = checkOptions(options);
  } catch (error) {
    policy = resolvePolicy();
    broken = error as LifelineError;
  }
  const idle: ConnectionState<In> = {
    status: 'idle',
    readyState: 3,
    lastClose: null,
    lastMessage: undefined,
    attempt: 0,
    nextRetryAt: null,
    online: true,
    error: null,
  };
  let state: ConnectionState<In> = pending ? { ...idle, online: network.isOnline(), status: 'connecting', readyState: 0 } : { ...idle, online: network.isOnline() };
  if (broken) {
    phase = { name: 'failed' };
    state = { ...state, status: 'failed', error: broken };
  }

  // --- state and callbacks ---------------------------------------------------------------

  function setState(patch: Partial<ConnectionState<In>>): void {
    let changed = false;
    for (const key in patch) changed ||= !Object.is(state[key as keyof typeof state], patch[key as keyof typeof patch]);
    if (!changed) return;
    state = { ...state, ...patch };
    for (const listener of listeners) call(listener, [state]);
  }

  function call<A extends unknown[]>(handler: ((...args: A) => void) | undefined, args: A): void {
    try {
      handler?.(...args);
    } catch (error) {
      rethrowLater(error);
    }
  }

  function emit<K extends keyof ConnectionHandlers<In>>(name: K, ...args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>): void {
    for (const entry of handlers) call(entry[name] as ((...a: typeof args) => void) | undefined, args);
  }

  function report(problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail): void {
    const error = typeof problem === 'string' ? new LifelineError(problem, detail) : problem;
    setState({ error });
    emit('onError', error);
  }

  // --- the one transition ---------------------------------------------------------------

  /** Leaves the current phase (tearing down what it owned), enters `next`, publishes the state. */
  function go(next: Phase, patch: Partial<ConnectionState<In>> = {}, beforePublish?: () => void): void {
    const left = phase as Owned;
    const kept = (next as Owned).socket;
    phase = next;
    if (left.timer !== undefined) timers.clearTimeout(left.timer);
    left.heartbeat?.stop();
    // A socket the next phase does not carry on is closed now, even mid-handshake:
    // the connection never holds two live sockets. Its events are ignored from here on.
    if (left.socket && left.socket !== kept && left.socket.readyState < 2) left.socket.close(1000);
    beforePublish?.();
    if (phase !== next) return; // a callback moved on; that transition published
    const attempt = patch.attempt ?? state.attempt;
    const starting = next.name === 'idle' && pending;
    setState({
      ...patch,
      status: starting ? 'connecting' : (STATUS[next.name] ?? (attempt > 0 ? 'reconnecting' : 'connecting')),
      readyState: starting ? 0 : (READY_STATE[next.name as keyof typeof READY_STATE] ?? 3),
      nextRetryAt: next.name === 'waiting' ? next.at : null,
    });
    watchNetwork();
  }

  /** Ends the session: what is still queued is discarded and reported, never sent elsewhere. */
  function end(next: Phase, patch: Partial<ConnectionState<In>> = {}): void {
    pending = false;
    target = undefined;
    const count = queue.discard();
    go(next, { ...patch, lastClose: cancelRetry(patch.lastClose ?? state.lastClose) });
    if (count > 0) report('queue-discarded', { count, status: next.name });
  }

  function fail(problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail): void {
    end({ name: 'failed' });
    report(problem, detail);
  }

  // --- the way to a socket: (offline) -> (reauthenticating) -> (resolving) -> connecting -----

  function begin(reauth: boolean): void {
    if (disposed) return;
    if (phase.name === 'closing') {
      phase.reconnect = true;
      return;
    }
    if (!STOPPED.includes(phase.name)) return;
    pending = false;
    setState({ attempt: 0, error: null });
    proceed(reauth);
  }

  function proceed(reauth = false, force = false): void {
    if (!force && policy.pauseWhileOffline && !network.isOnline()) return go({ name: 'offline', reauth });
    if (!reauth || !policy.reauthenticate) return resolve();
    const authenticating: Phase = { name: 'reauthenticating' };
    go(authenticating);
    settle(policy.reauthenticate, authenticating, () => proceed(false, force), 'reauth-failed');
  }

  /** Runs a sync or async step; its outcome counts only if the phase it started in is still current. */
  function settle<T>(step: () => T | Promise<T>, owner: Phase, then: (value: T) => void, failure: LifelineErrorCode): void {
    const failed = (cause: unknown) => phase === owner && fail(failure, { cause });
    let result: T | Promise<T>;
    try {
      result = step();
    } catch (error) {
      failed(error);
      return;
    }
    if (result instanceof Promise) result.then((value) => phase === owner && then(value), failed);
    else then(result);
  }

  function resolve(): void {
    const source = url;
    if (typeof source !== 'function') return open(source);
    const resolving: Phase = { name: 'resolving' };
    go(resolving);
    settle(source, resolving, open, 'url-failed');
  }

  function open(input: unknown): void {
    const href = normalizeUrl(input);
    if (href instanceof LifelineError) return fail(href);
    target = href;
    const Impl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof Impl !== 'function') return fail('no-websocket');
    let socket: WebSocket;
    try {
      socket = new Impl(href, options.protocols) as unknown as WebSocket;
    } catch (error) {
      return fail('socket-failed', { cause: error });
    }
    if (options.binaryType) socket.binaryType = options.binaryType;
    const listener = (event: Event) => (phase as Owned).socket === socket && onSocketEvent(socket, event);
    for (const type of EVENTS) socket.addEventListener(type, listener);
    go({ name: 'connecting', socket });
  }

  function onSocketEvent(socket: WebSocket, event: Event): void {
    if (event.type === 'open') {
      const { ready } = options;
      if (!ready) return opened(socket, event);
      const timeoutMs = ready.timeoutMs ?? 10_000;
      const timer = timers.setTimeout(() => closeDead(socket, 'ready-timeout', timeoutMs), timeoutMs);
      go({ name: 'readying', socket, timer }, {}, () => ready.message !== undefined && socket.send(typeof ready.message === 'function' ? ready.message() : ready.message));
    } else if (event.type === 'message') {
      received(socket, event as MessageEvent);
    } else if (event.type === 'error') {
      // Browsers give no detail on purpose; the close event that follows has the code.
      emit('onError', new LifelineError('socket-error', { cause: event }));
    } else {
      const { code, reason, wasClean } = event as CloseEvent;
      const byClient = phase.name === 'closing';
      closed({ code, reason, wasClean }, byClient ? 'client' : code === 1006 || code === 1015 ? 'network' : 'server', byClient);
    }
  }

  // --- open: onOpen, then the queue, then the world hears 'open' --------------------------

  function opened(socket: WebSocket, event: Event): void {
    const { heartbeat, ready } = options;
    // Proved alive: a readiness step now; with a heartbeat, at the first answer; else after stableAfterMs.
    const timer = heartbeat || ready ? undefined : timers.setTimeout(() => setState({ attempt: 0 }), policy.stableAfterMs);
    const beat = heartbeat && createHeartbeat(heartbeat, timers);
    const next: Phase = { name: 'open', socket, timer, heartbeat: beat };
    go(next, ready ? { attempt: 0, error: null } : { error: null }, () => {
      emit('onOpen', event); // a hello sent here goes before the queue
      if (phase !== next) return;
      try {
        queue.flush((data) => socket.send(data));
      } catch (error) {
        report('send-failed', { cause: error });
      }
      if (phase === next) beat?.start(
        (message) => socket.readyState === 1 && socket.send(message),
        () => closeDead(socket, 'heartbeat-timeout', heartbeat!.timeoutMs),
      );
    });
  }

  function received(socket: WebSocket, event: MessageEvent): void {
    const { data } = event;
    const { heartbeat, ready, parse } = options;
    if (phase.name === 'readying' && ready!.isReady(data)) return opened(socket, event);
    if (phase.name === 'open') {
      phase.heartbeat?.received(data);
      if (heartbeat && !ready && state.attempt) setState({ attempt: 0 });
      if (heartbeat?.isPong?.(data)) return;
    }
    let message = data as In;
    if (parse) {
      try {
        message = parse(data);
      } catch (error) {
        report('parse-failed', { cause: error });
        return;
      }
    }
    setState({ lastMessage: message });
    emit('onMessage', message, event);
  }

  /** No answer in time: the link is half-open. Close it ourselves, do not wait for the peer, let the policy decide. */
  function closeDead(socket: WebSocket, code: 'heartbeat-timeout' | 'ready-timeout', ms: number): void {
    socket.close(3008, code === 'ready-timeout' ? 'Ready timeout' : 'Heartbeat timeout');
    report(code, { got: ms });
    closed({ code: 3008, reason: code === 'ready-timeout' ? 'Ready timeout' : 'Heartbeat timeout', wasClean: false }, 'client', false);
  }

  // --- after any close: record it, ask the policy, wait or stop ----------------------------

  function closed(event: Pick<CloseInfo, 'code' | 'reason' | 'wasClean'>, initiator: CloseInfo['initiator'], requested: boolean): void {
    const now = timers.now();
    const { attempt } = state;
    const base = { ...event, at: now, initiator, meaning: describeCloseCode(event.code) };
    const decision = requested ? null : decideReconnect(base, attempt, policy, options.random);
    const delayMs = decision?.delayMs ?? null;
    const lastClose: CloseInfo = { ...base, action: decision?.action ?? 'never', willRetry: delayMs !== null, retryAt: delayMs === null ? null : now + delayMs };
    const reconnect = phase.name === 'closing' && phase.reconnect;
    if (delayMs !== null) {
      const waiting: Phase = { name: 'waiting', at: now + delayMs, reauth: decision!.action === 'reauth', timer: undefined };
      waiting.timer = timers.setTimeout(() => proceed(waiting.reauth), delayMs);
      go(waiting, { lastClose, attempt: attempt + 1 });
    } else {
      end(decision?.giveUp ? { name: 'failed' } : { name: 'closed', byClient: requested }, { lastClose });
    }
    emit('onClose', lastClose);
    if (decision?.giveUp) emit('onGiveUp', lastClose);
    if (reconnect) begin(false);
  }

  // --- the network: online/offline and the back/forward cache ------------------------------

  /** Listens while someone watches the state or a session runs, so `online` never goes stale. */
  function watchNetwork(): void {
    const wanted = !disposed && (listeners.size > 0 || !STOPPED.includes(phase.name));
    if (wanted && !unlistenNetwork) {
      const offOnline = network.subscribe(onNetwork);
      const offRestore = network.subscribePageRestore?.(onPageRestore);
      unlistenNetwork = () => {
        offOnline();
        offRestore?.();
      };
      setState({ online: network.isOnline() });
    } else if (!wanted && unlistenNetwork) {
      unlistenNetwork();
      unlistenNetwork = null;
    }
  }

  function onNetwork(online: boolean): void {
    setState({ online });
    if (online && (phase.name === 'offline' || (phase.name === 'waiting' && policy.reconnectOnOnline))) proceed(phase.reauth);
  }

  // Back from the back/forward cache: Chrome closed the socket, so reconnect now.
  function onPageRestore(): void {
    const { socket } = phase as Owned;
    if (socket && socket.readyState > 1 && phase.name !== 'closing') closed({ code: 1006, reason: '', wasClean: false }, 'network', false);
    if (phase.name === 'waiting') proceed(phase.reauth);
  }

  // --- moving the session: another URL or other protocols -----------------------------------

  let moves = 0;
  /**
   * The URL source or the protocols changed while a session runs. A source is compared by
   * where it points (a function by what it returns), so a new inline arrow to the same URL
   * changes nothing; another URL moves the session: the queue is discarded, never delivered there.
   */
  function move(previous: UrlSource, protocolsChanged: boolean): void {
    const token = ++moves;
    const relocate = (from: unknown, to: unknown) => {
      if (token !== moves || (from === to && !protocolsChanged) || phase.name === 'closed' || phase.name === 'failed') return;
      const count = queue.discard();
      target = undefined;
      if (phase.name !== 'idle') {
        setState({ attempt: 0, lastClose: cancelRetry(state.lastClose) });
        proceed(); // leaving the current phase closes its socket
      }
      if (count > 0) report('queue-discarded', { count, status: 'moved' });
    };
    const from = target ?? identify(previous);
    const to = identify(url!);
    if (from instanceof Promise || to instanceof Promise) void Promise.all([from, to]).then(([a, b]) => relocate(a, b));
    else relocate(from, to);
  }

  function stop(): void {
    end({ name: 'idle' });
  }

  // --- the public surface -------------------------------------------------------------------

  const send = (data: SendData): SendResult => {
    const { socket } = phase as Owned;
    // The socket's own readyState too: it turns CLOSING before its close event arrives.
    if (phase.name === 'open' && socket!.readyState === 1) {
      try {
        socket!.send(data);
        return 'sent';
      } catch (error) {
        report('send-failed', { cause: error });
        return 'rejected';
      }
    }
    const limits = options.queue ?? {};
    // Idle queues for the next connect(); after a close or a failure nothing will deliver it.
    if (limits === false || (phase.name !== 'idle' && STOPPED.includes(phase.name)) || phase.name === 'closing') {
      report('not-open', { status: limits === false ? 'queue-off' : state.status });
      return 'rejected';
    }
    const max = limits.max ?? 1000;
    if (queue.push(data, max, limits.overflow === 'drop-oldest')) return 'queued';
    report('queue-full', { count: max, status: state.status });
    return 'rejected';
  };

  return {
    getState: () => state,
    getServerState: () => idle,
    subscribe(listener) {
      listeners.add(listener);
      watchNetwork();
      return () => {
        listeners.delete(listener);
        watchNetwork();
      };
    },
    onMessage: (listener) => addHandlers({ onMessage: listener }),
    addHandlers,
    send,
    sendJson(value) {
      let text: string | undefined;
      try {
        text = JSON.stringify(value);
      } catch (error) {
        report('invalid-json', { cause: error });
        return 'rejected';
      }
      if (text !== undefined) return send(text);
      report('invalid-json', { got: value });
      return 'rejected';
    },
    connect: () => begin(false),
    reauthenticate() {
      if (phase.name === 'waiting' || phase.name === 'offline') proceed(true, true);
      else begin(true);
    },
    disconnect(code = 1000, reason = '') {
      assertCloseArgs(code, reason);
      const { socket } = phase as Owned;
      if (phase.name === 'closing') phase.reconnect = false;
      else if (socket && socket.readyState === 1) {
        end({ name: 'closing', socket, reconnect: false });
        socket.close(code, reason);
      } else end({ name: 'closed', byClient: true });
    },
    retryNow() {
      if (phase.name === 'waiting' || phase.name === 'offline') proceed(phase.reauth, true);
    },
    setOptions(next) {
      const previous = options;
      options = { ...options, ...next };
      handlers.delete(previous);
      handlers.add(options);
      if ('policy' in next && !samePolicy(next.policy, previous.policy)) {
        try {
          policy = resolvePolicy(next.policy);
        } catch (error) {
          // Keep the last valid policy; report a problem once, not on every render that repeats it.
          if (state.error?.message !== (error as Error).message) report(error as LifelineError);
        }
      }
      const invalid = checkOptions(next);
      if (invalid) {
        const field = invalid.field!.split('.')[0] as 'queue' | 'heartbeat' | 'ready';
        options = { ...options, [field]: previous[field] };
        if (state.error?.message !== invalid.message) report(invalid);
      }
      const previousUrl = url;
      const protocolsChanged = String(options.protocols ?? '') !== String(previous.protocols ?? '');
      url = 'url' in next ? (next.url ?? null) : url;
      if (url === previousUrl && !protocolsChanged) return;
      if (url === null) stop();
      else if (previousUrl !== null && (phase.name === 'idle' ? queue.size > 0 : !STOPPED.includes(phase.name))) move(previousUrl, protocolsChanged);
      // A URL change after the server closed (or a failure) tries the new URL; after disconnect() nothing reconnects.
      else if (refs > 0 && (phase.name === 'failed' || (phase.name === 'closed' && !phase.byClient))) begin(false);
    },
    retain() {
      refs += 1;
      if (refs === 1 && phase.name === 'idle') begin(false);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        refs -= 1;
        queueMicrotask(() => refs === 0 && stop());
      };
    },
    dispose() {
      stop();
      disposed = true;
      listeners.clear();
      handlers.clear();
      watchNetwork();
    },
  };

  function addHandlers(entry: ConnectionHandlers<In>): () => void {
    // A wrapper, so the same object can be added twice and removed once.
    const own = { ...entry };
    handlers.add(own);
    return () => handlers.delete(own);
  }
}
