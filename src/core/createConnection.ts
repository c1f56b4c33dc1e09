import { assertCloseArgs } from './assertCloseArgs';
import { browserNetwork } from './browserNetwork';
import { createHeartbeat, type Heartbeat } from './createHeartbeat';
import { decideReconnect } from './decideReconnect';
import { defaultTimers } from './defaultTimers';
import { describeCloseCode } from './describeCloseCode';
import { LifelineError, type LifelineErrorCode, type LifelineErrorDetail } from './LifelineError';
import { normalizeUrl } from './normalizeUrl';
import { resolvePolicy } from './resolvePolicy';
import { reviseOptions } from './reviseOptions';
import { publicStatus } from './publicStatus';
import { sessionQueue } from './sessionQueue';
import type { CloseInfo, Connection, ConnectionHandlers, ConnectionOptions, ConnectionState, SendData, SendResult, UrlSource } from './types';
import { endpointOf, identify, pointsTo, whenKnown } from './urlIdentity';

export type { Connection, ConnectionOptions } from './types';

/**
 * Where a connection is. Each phase holds what only it owns; `go` tears that down when the
 * phase is left, so no socket, timer or heartbeat outlives the phase it belongs to.
 *
 *   idle ──connect──▶ (offline) ─▶ (reauthenticating) ─▶ (resolving) ─▶ connecting
 *   connecting ──open──▶ (readying) ──ready──▶ open ──disconnect──▶ closing ─▶ closed
 *   any socket's close ─▶ waiting ──timer, retryNow, online──▶ (offline) ─▶ … ─▶ connecting
 *                     └─▶ closed (the policy says never) or failed (maxAttempts)
 */
type Phase =
  | { name: 'idle'; starting?: boolean } // starting: a hook connects in its first effect; reported as 'connecting'
  | { name: 'resolving' | 'reauthenticating' | 'failed' }
  | { name: 'closed'; byClient: boolean }
  | { name: 'connecting'; socket: WebSocket }
  | { name: 'readying'; socket: WebSocket; timer: unknown }
  | { name: 'open'; socket: WebSocket; timer: unknown; heartbeat: Heartbeat | undefined }
  | { name: 'closing'; socket: WebSocket; then: 'stop' | 'connect' | 'reauthenticate' }
  | { name: 'waiting'; timer: unknown; at: number; reauth: boolean }
  | { name: 'offline'; reauth: boolean };
type Owned = { socket?: WebSocket; timer?: unknown; heartbeat?: Heartbeat };

const STOPPED = ['idle', 'closed', 'failed'];

const isThenable = <T>(value: T | PromiseLike<T>): value is PromiseLike<T> => typeof (value as PromiseLike<T>)?.then === 'function';

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
  const { timers = defaultTimers, network = browserNetwork } = options;
  const listeners = new Set<(state: ConnectionState<In>) => void>();
  const handlers = new Set<ConnectionHandlers<In>>();
  const queue = sessionQueue();
  let phase: Phase = { name: 'idle', starting: !!options.startPending };
  let target: unknown; // the URL identity (a function's: its endpoint) the session's last socket used
  let refs = 0;
  let stopDue = false; // the last holder let go: stop after this task, unless someone wants it again
  let releaser: ((error: LifelineError) => void) | undefined; // hears what that stop discards
  let moves = 0; // URL changes seen; `settled` is the last one decided (until then, nothing is sent or flushed)
  let settled = 0;
  let rejected: string[] = []; // the bad option values the last setOptions reported
  let known: [UrlSource, ReturnType<typeof identify>] | undefined; // the last URL source asked where it points
  // Asks each URL source once: the previous render's answer serves as "where it pointed".
  const identityOf = (source: UrlSource) => (known?.[0] === source ? known[1] : (known = [source, identify(source)])[1]);
  let warnedFast = false; // development only
  let disposed = false;
  let unlistenNetwork: (() => void) | null = null;
  // Invalid options at creation: failed at once, with the error; nothing opens.
  const initial = reviseOptions({}, options, resolvePolicy());
  const [invalid] = initial.errors;
  let { policy } = initial;
  const idle: ConnectionState<In> = { status: 'idle', readyState: 3, lastClose: null, lastMessage: undefined, attempt: 0, nextRetryAt: null, online: true, error: null };
  let state: ConnectionState<In> = { ...idle, online: network.isOnline(), ...publicStatus('idle', 0, options.startPending) };
  if (invalid) {
    phase = { name: 'failed' };
    state = { ...state, status: 'failed', readyState: 3, error: invalid };
  }

  // --- state, callbacks, errors --------------------------------------------------------------

  const setState = (patch: Partial<ConnectionState<In>>) => {
    let changed = false;
    for (const key in patch) changed ||= !Object.is(state[key as keyof typeof state], patch[key as keyof typeof patch]);
    if (!changed) return;
    state = { ...state, ...patch };
    for (const listener of listeners) call(listener, state);
  };

  // A throw from user code is reported later, never breaking the state machine.
  function call<A extends unknown[]>(handler: ((...args: A) => void) | undefined, ...args: A): void {
    try {
      handler?.(...args);
    } catch (error) {
      queueMicrotask(() => {
        throw error;
      });
    }
  }

  // The options' own callbacks, then every added set (each once, even if a callback calls setOptions).
  const emit = <K extends keyof ConnectionHandlers<In>>(name: K, ...args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>) => {
    call(options[name] as (...a: typeof args) => void, ...args);
    for (const entry of handlers) call(entry[name] as (...a: typeof args) => void, ...args);
  };

  const report = (problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail, failed?: boolean) => {
    const error = typeof problem === 'string' ? new LifelineError(problem, detail) : problem;
    // A failed connection's error stays why it failed: a send refused afterwards does not hide it.
    if (failed || phase.name !== 'failed') setState({ error });
    emit('onError', error);
  };

  // --- the one transition --------------------------------------------------------------------

  /** Leaves the current phase (tearing down what it owned), enters `next`, then publishes the state. */
  function go(next: Phase, patch: Partial<ConnectionState<In>> = {}, beforePublish?: () => void): void {
    const left = phase as Owned;
    phase = next;
    if (left.timer !== undefined) timers.clearTimeout(left.timer);
    left.heartbeat?.stop();
    // A socket the next phase does not carry on is closed now, even mid-handshake: never two live sockets.
    if (left.socket && left.socket !== (next as Owned).socket && left.socket.readyState < 2) left.socket.close(1000);
    beforePublish?.();
    if (phase !== next) return; // a callback moved on, and that transition published
    setState({
      ...patch,
      ...publicStatus(next.name, patch.attempt ?? state.attempt, next.name === 'idle' && next.starting),
      nextRetryAt: next.name === 'waiting' ? next.at : null,
    });
    watchNetwork();
  }

  /** Ends the session: what is still queued is discarded and reported, never sent elsewhere. */
  function end(next: Phase, patch: Partial<ConnectionState<In>> = {}): void {
    target = undefined;
    settled = ++moves; // a URL comparison still under way belongs to the session that ended
    const count = queue.discard();
    go(next, { ...patch, lastClose: cancelRetry(patch.lastClose ?? state.lastClose) });
    if (count) discarded(count, next.name);
  }

  /** Reports messages dropped unsent, to every handler and to the hook that let go, if that caused it. */
  function discarded(count: number, status: string): void {
    const error = new LifelineError('queue-discarded', { count, status });
    report(error);
    releaser?.(error);
  }

  function fail(problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail): void {
    end({ name: 'failed' });
    report(problem, detail, true);
  }

  // --- the way to a socket: (offline) → (reauthenticating) → (resolving) → connecting ------------

  function begin(reauth: boolean, attempt = 0): void {
    if (phase.name === 'closing' && phase.then !== 'reauthenticate') phase.then = reauth ? 'reauthenticate' : 'connect';
    if (disposed || url === null || !STOPPED.includes(phase.name)) return; // a null URL stays idle
    const close = state.lastClose;
    // Signing in again takes up the policy's re-authentication for that close: it is retried after all.
    setState({ attempt, error: null, ...(reauth && close?.action === 'reauth' && policy.reauthenticate && { lastClose: { ...close, willRetry: true } }) });
    proceed(reauth);
  }

  function proceed(reauth = false, force = false): void {
    if (!force && policy.pauseWhileOffline && !network.isOnline()) return go({ name: 'offline', reauth });
    if (reauth && policy.reauthenticate) return settle('reauthenticating', policy.reauthenticate, () => proceed(false, force), 'reauth-failed');
    const source = url;
    if (typeof source === 'function') {
      const ask = () => {
        const answer = source();
        known = [source, pointsTo(answer)]; // where it points: a render meanwhile need not ask again
        return answer;
      };
      return settle('resolving', ask, open, 'url-failed');
    }
    open(url);
  }

  /** Runs a sync or async step in its own phase; the outcome counts only while that phase is current. */
  function settle<T>(name: 'resolving' | 'reauthenticating', step: () => T | Promise<T>, then: (value: T) => void, failure: LifelineErrorCode): void {
    const owner: Phase = { name };
    go(owner);
    const failed = (cause: unknown) => phase === owner && fail(failure, { cause });
    try {
      const result = step();
      if (isThenable(result)) result.then((value) => phase === owner && then(value), failed);
      else then(result);
    } catch (error) {
      failed(error);
    }
  }

  function open(input: unknown): void {
    const href = normalizeUrl(input);
    if (href instanceof LifelineError) return fail(href);
    target = typeof url === 'function' ? endpointOf(href) : href;
    const Impl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof Impl !== 'function') return fail('no-websocket');
    let socket: WebSocket;
    try {
      socket = new Impl(href, options.protocols) as unknown as WebSocket;
    } catch (cause) {
      return fail('socket-failed', { cause });
    }
    if (options.binaryType) socket.binaryType = options.binaryType;
    // Events of a socket no phase holds any more are ignored.
    const listener = (event: Event) => (phase as Owned).socket === socket && onSocketEvent(socket, event);
    for (const type of ['open', 'message', 'error', 'close']) socket.addEventListener(type, listener);
    go({ name: 'connecting', socket });
  }

  function onSocketEvent(socket: WebSocket, event: Event): void {
    const { type } = event;
    if (type === 'open') {
      const { ready } = options;
      if (!ready) return opened(socket, event);
      const ms = ready.timeoutMs ?? 10_000;
      const { message } = ready;
      go({ name: 'readying', socket, timer: timers.setTimeout(() => closeDead(socket, 'ready-timeout', ms), ms) }, {}, () => {
        // The handshake goes straight out, before anything queued; a throw waits for the timeout.
        try {
          if (message !== undefined) socket.send(typeof message === 'function' ? message() : message);
        } catch (cause) {
          report('send-failed', { cause });
        }
      });
    } else if (type === 'message') {
      received(socket, event as MessageEvent);
    } else if (type === 'error') {
      // Browsers give no detail on purpose; the close event that follows has the code.
      emit('onError', new LifelineError('socket-error', { cause: event }));
    } else {
      const byClient = phase.name === 'closing';
      const { code, reason, wasClean } = event as CloseEvent;
      closed({ code, reason, wasClean }, byClient ? 'client' : code === 1006 || code === 1015 ? 'network' : 'server', byClient, socket.url);
    }
  }

  // --- open: onOpen, then the queue, then the world hears 'open' --------------------------------

  function opened(socket: WebSocket, event: Event): void {
    const { heartbeat, ready } = options;
    // Proved alive (the attempt counter resets): by the readiness step now; with a heartbeat, at
    // the first answer (see received); otherwise after stableAfterMs open.
    const timer = heartbeat || ready ? undefined : timers.setTimeout(() => setState({ attempt: 0 }), policy.stableAfterMs);
    const beat = heartbeat && createHeartbeat(heartbeat, timers);
    const next: Phase = { name: 'open', socket, timer, heartbeat: beat };
    go(next, ready ? { attempt: 0, error: null } : { error: null }, () => {
      emit('onOpen', event); // a hello sent here goes before the queue
      flush();
      if (phase === next) beat?.start((ping) => socket.send(ping), () => closeDead(socket, 'heartbeat-timeout', heartbeat!.timeoutMs));
    });
  }

  /** Sends what the session queued, once open and once any URL change is decided. */
  function flush(): void {
    const { socket } = phase as Owned;
    if (phase.name !== 'open' || settled !== moves) return;
    try {
      queue.flush((data) => socket!.send(data));
    } catch (cause) {
      report('send-failed', { cause });
    }
  }

  function received(socket: WebSocket, event: MessageEvent): void {
    const { data } = event;
    const { ready, parse } = options;
    if (phase.name === 'readying') {
      let accepted = !ready; // readiness turned off meanwhile: this message opens it, and is delivered
      try {
        accepted ||= ready!.isReady(data);
      } catch (cause) {
        report('parse-failed', { cause });
      }
      if (accepted) opened(socket, event);
      if (accepted && ready) return;
    }
    const beat = phase.name === 'open' ? phase.heartbeat : undefined;
    if (beat) {
      if (!ready && state.attempt) setState({ attempt: 0 }); // an answer proves the link alive
      if (beat.received(data)) return; // a pong is not delivered
    }
    let message = data as In;
    try {
      if (parse) message = parse(data);
    } catch (cause) {
      return report('parse-failed', { cause });
    }
    if (options.keepLastMessage !== false) setState({ lastMessage: message });
    emit('onMessage', message, event);
  }

  /** No answer in time: the link is half-open. Close it ourselves, without waiting for the peer, and let the policy decide. */
  function closeDead(socket: WebSocket, code: 'heartbeat-timeout' | 'ready-timeout', ms: number): void {
    const reason = code === 'ready-timeout' ? 'Ready timeout' : 'Heartbeat timeout';
    const owner = phase;
    socket.close(3008, reason);
    report(code, { got: ms });
    if (phase === owner) closed({ code: 3008, reason, wasClean: false }, 'client', false, socket.url); // unless onError moved on (disconnect())
  }

  // --- after any close: record it, ask the policy, wait or stop -----------------------------------

  function closed(event: Pick<CloseInfo, 'code' | 'reason' | 'wasClean'>, initiator: CloseInfo['initiator'], requested: boolean, url?: string): void {
    const at = timers.now();
    const { attempt } = state;
    const after = phase.name === 'closing' ? phase.then : 'stop';
    const base = { ...event, at, initiator, meaning: describeCloseCode(event.code) };
    const decision = requested ? null : decideReconnect(base, attempt, policy, options.random);
    const delayMs = decision?.delayMs ?? null;
    const retryAt = delayMs === null ? null : at + delayMs;
    const lastClose: CloseInfo = { ...base, action: decision?.action ?? 'never', willRetry: retryAt !== null, retryAt };
    if (retryAt !== null) {
      const reauth = decision!.action === 'reauth';
      go({ name: 'waiting', at: retryAt, reauth, timer: timers.setTimeout(() => proceed(reauth), delayMs!) }, { lastClose, attempt: attempt + 1 });
    } else {
      end(decision?.giveUp ? { name: 'failed' } : { name: 'closed', byClient: requested }, { lastClose });
    }
    const entered = phase;
    emit('onClose', lastClose, url);
    if (decision?.giveUp) emit('onGiveUp', lastClose);
    if (after !== 'stop' && phase === entered) begin(after === 'reauthenticate'); // unless a callback decided otherwise
  }

  // --- the network: online/offline and the back/forward cache -------------------------------------

  /** Listens while someone watches the state or a session runs, so `online` never goes stale. */
  function watchNetwork(): void {
    const wanted = !disposed && (listeners.size > 0 || !STOPPED.includes(phase.name));
    if (wanted && !unlistenNetwork) {
      const offline = network.subscribe((online) => {
        setState({ online });
        if (online && (phase.name === 'offline' || (phase.name === 'waiting' && policy.reconnectOnOnline))) proceed(phase.reauth);
      });
      // Back from the back/forward cache: Chrome closed the socket, so reconnect now.
      const offRestore = network.subscribePageRestore?.(() => {
        const { socket } = phase as Owned;
        if (socket && socket.readyState > 1 && phase.name !== 'closing') closed({ code: 1006, reason: '', wasClean: false }, 'network', false, socket.url);
        if (phase.name === 'waiting') proceed(phase.reauth);
      });
      unlistenNetwork = () => (offline(), offRestore?.());
      setState({ online: network.isOnline() });
    } else if (!wanted && unlistenNetwork) {
      unlistenNetwork();
      unlistenNetwork = null;
    }
  }

  // --- moving the session: another URL or other protocols -----------------------------------------

  /**
   * The URL or protocols changed while a session runs. A URL is compared by where it points (a
   * function by what it returns), so a new inline arrow to the same URL changes nothing. Another
   * URL moves the session: the queue is discarded, never delivered there.
   */
  function move(previous: UrlSource, protocolsChanged: boolean): void {
    if (process.env.NODE_ENV !== 'production' && settled !== moves && !warnedFast) {
      warnedFast = true;
      console.warn('react-lifeline: the URL changed again before the last URL function answered; sends wait until one answers. Pass a stable URL function (useCallback or module scope).');
    }
    const token = ++moves;
    const before = settled;
    whenKnown(target ?? identityOf(previous), identityOf(url!), (from, to) => {
      if (token !== moves) return; // a later change, or the end of the session, decides
      settled = token;
      // Where the session is now: a retry may have reached the new URL meanwhile.
      // A new function that cannot answer points nowhere known: no reason to move.
      const here = (typeof to !== 'string' || (target ?? from) === to) && !protocolsChanged;
      // Keep what was sent for where the session ends up: before any change if it stays, after
      // this change either way; what was sent for a URL abandoned on the way is dropped.
      const count = queue.discard((epoch) => epoch === token || (here && epoch <= before));
      if (count) discarded(count, 'moved');
      if (here) return flush();
      target = undefined;
      if (phase.name === 'idle') return;
      // A re-authentication that was due still runs first.
      const reauth = phase.name === 'reauthenticating' || ((phase.name === 'waiting' || phase.name === 'offline') && phase.reauth);
      setState({ attempt: 0, lastClose: cancelRetry(state.lastClose) });
      proceed(reauth); // leaving the current phase closes its socket
    });
  }

  const stop = () => end({ name: 'idle' });

  // --- the public surface -------------------------------------------------------------------------

  const send = (data: SendData): SendResult => {
    const { socket } = phase as Owned;
    // The socket's own readyState too: it turns CLOSING before its close event arrives.
    if (phase.name === 'open' && socket!.readyState === 1 && settled === moves) {
      try {
        socket!.send(data);
        return 'sent';
      } catch (cause) {
        report('send-failed', { cause });
        return 'rejected';
      }
    }
    // Idle queues for the next connect(); after a close or a failure nothing would deliver it.
    const limits = options.queue ?? {};
    const max = limits ? (limits.max ?? 1000) : 0;
    if (!limits || phase.name === 'closing' || phase.name === 'closed' || phase.name === 'failed') report('not-open', { status: limits ? state.status : 'queue-off' });
    else if (queue.push(data, max, limits.overflow === 'drop-oldest', moves)) return 'queued';
    else report('queue-full', { count: max, status: state.status });
    return 'rejected';
  };

  const addHandlers = (entry: ConnectionHandlers<In>) => {
    const own = { ...entry }; // a copy, so the same object can be added twice and removed once
    handlers.add(own);
    return () => void handlers.delete(own);
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
      let text: unknown;
      try {
        text = JSON.stringify(value);
      } catch (cause) {
        text = cause;
      }
      if (typeof text === 'string') return send(text);
      report('invalid-json', { cause: text, got: value }); // a throw, or undefined: no JSON form
      return 'rejected';
    },
    connect() {
      stopDue = false; // wanted again: a stop a release asked for is off
      begin(false);
    },
    reauthenticate() {
      stopDue = false;
      if (phase.name === 'waiting' || phase.name === 'offline') proceed(true, true);
      else begin(true);
    },
    disconnect(code = 1000, reason = '') {
      assertCloseArgs(code, reason);
      const { socket } = phase as Owned;
      if (phase.name === 'closing') phase.then = 'stop';
      else if (socket?.readyState === 1) {
        end({ name: 'closing', socket, then: 'stop' });
        socket.close(code, reason);
      } else if (phase.name === 'idle' || (phase.name === 'closed' && phase.byClient)) end({ name: 'closed', byClient: true });
      // No closing handshake to wait for: the app's stop is the last close now (an incident it ends).
      else closed({ code, reason, wasClean: true }, 'client', true, socket?.url);
    },
    retryNow: () => (phase.name === 'waiting' || phase.name === 'offline') && proceed(phase.reauth, true),
    resume(attempt, reauth) {
      stopDue = false;
      begin(reauth, attempt);
    },
    setOptions(next) {
      const previous = options;
      const revised = reviseOptions(previous, next, policy);
      ({ options, policy } = revised);
      // A bad value is reported once, however often renders repeat it.
      for (const error of revised.errors) if (!rejected.includes(error.message)) report(error);
      rejected = revised.errors.map((error) => error.message);
      if (next.startPending === false && phase.name === 'idle' && phase.starting) go({ name: 'idle' }); // no longer about to start
      const previousUrl = url;
      const protocolsChanged = String(options.protocols ?? '') !== String(previous.protocols ?? '');
      if ('url' in next) url = next.url ?? null;
      if (url === previousUrl && !protocolsChanged) return;
      if (url === null) return phase.name === 'closing' ? undefined : stop(); // a closing handshake still records its close
      // Nothing to move: no URL before, a close under way (after disconnect() nothing reconnects), or a stop due.
      if (previousUrl === null || phase.name === 'closing' || stopDue) return;
      if (phase.name === 'idle' ? queue.size : !STOPPED.includes(phase.name)) return move(previousUrl, protocolsChanged);
      // After the server closed, or a failure, a held connection tries a URL that points elsewhere.
      if (refs && (phase.name === 'failed' || (phase.name === 'closed' && !phase.byClient))) {
        const stoppedIn = phase;
        // Only a known, different answer restarts: a URL function that failed (or fails now)
        // points nowhere known, and asking it again on every render would be a loop.
        if (state.error?.code === 'url-failed' && typeof url === 'function') return; // connect() (Reconnect) asks the function again
        whenKnown(identityOf(previousUrl), identityOf(url), (a, b) => ((typeof b === 'string' && a !== b) || protocolsChanged) && phase === stoppedIn && begin(false));
      }
    },
    retain(start = true) {
      stopDue = false;
      if (++refs === 1 && start && phase.name === 'idle') begin(false);
      let released = false;
      return (notify) => {
        if (released) return;
        released = true;
        if (--refs) return;
        // After a microtask, so a StrictMode remount (or a connect()) in the same task keeps it.
        stopDue = true;
        queueMicrotask(() => {
          if (!stopDue) return;
          stopDue = false;
          releaser = notify;
          stop();
          releaser = undefined;
        });
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
}
