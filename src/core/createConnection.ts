import { assertCloseArgs, assertServerCloseArgs } from './assertCloseArgs';
import { browserNetwork } from './browserNetwork';
import { clientClose } from './clientClose';
import { decideReconnect } from './decideReconnect';
import { defaultTimers } from './defaultTimers';
import { guard } from './guard';
import { handlerSet } from './handlerSet';
import { isSendData } from './isSendData';
import { jsonText } from './jsonText';
import { LifelineError, type LifelineErrorCode, type LifelineErrorDetail } from './LifelineError';
import { normalizeUrl } from './normalizeUrl';
import { publicStatus } from './publicStatus';
import { queueLimits } from './queueLimits';
import { resolvePolicy } from './resolvePolicy';
import { reviseOptions } from './reviseOptions';
import { sessionQueue } from './sessionQueue';
import type { CloseInfo, Connection, ConnectionHandlers, ConnectionOptions, ConnectionState, Plugin, PluginApi, PluginHooks, SendData, SendResult, UrlSource } from './types';
import { endpointOf, identify, pointsTo, whenKnown } from './urlIdentity';

export type { Connection, ConnectionOptions } from './types';

/**
 * Where a connection is. Each phase holds what only it owns; `go` tears that down when the
 * phase is left, so no socket or timer outlives the phase it belongs to.
 *
 *   idle ──connect──▶ (offline) ─▶ (reauthenticating) ─▶ (resolving) ─▶ connecting
 *   connecting ──socket open──▶ (holding: a plug-in's handshake) ──ready──▶ open
 *   open ──disconnect──▶ closing ─▶ closed
 *   any socket's close ─▶ waiting ──timer, retryNow, online──▶ (offline) ─▶ … ─▶ connecting
 *                     └─▶ closed (the policy says never) or failed (maxAttempts)
 */
type Phase =
  | { name: 'idle'; starting?: boolean } // starting: a hook connects in its first effect; reported as 'connecting'
  | { name: 'resolving' | 'reauthenticating' | 'failed' }
  | { name: 'closed'; byClient: boolean }
  | { name: 'connecting'; socket: WebSocket }
  // holders: the plug-ins whose socketOpen said 'hold' (known once `asking` is over); answered: those that called ready().
  | { name: 'holding'; socket: WebSocket; event: Event; holders: Attached[]; answered: Attached[]; asking: boolean }
  | { name: 'open'; socket: WebSocket; timer?: unknown; provers: Attached[]; proved: boolean }
  | { name: 'closing'; socket: WebSocket; then: 'stop' | 'connect' | 'reauthenticate' }
  | { name: 'waiting'; timer: unknown; at: number; reauth: boolean }
  | { name: 'offline'; reauth: boolean };
type Owned = { socket?: WebSocket; timer?: unknown };

/** A plug-in the connection took: its hooks, and the plug-in object whose options it reads. */
type Attached = { plugin: Plugin; hooks: PluginHooks };

const STOPPED = ['idle', 'closed', 'failed'];
const NONE = Object.freeze({});

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
  const { timers = initialOptions.plugins?.find((plugin) => plugin.timers)?.timers ?? defaultTimers, network = browserNetwork } = initialOptions;
  const listeners = new Set<(state: ConnectionState<In>) => void>();
  const handlers = handlerSet<In>();
  const queue = sessionQueue();
  let sent = 0; // messages put on a socket, for `stats()`
  let inbound = 0; // messages the server sent, a plug-in's (a pong) included, for `stats()`
  let plugins: Attached[] = [];
  let pluginsUp = false; // set up on the first start, let go when the last holder leaves (or dispose())
  let carried: Readonly<Record<string, unknown>> | undefined; // resume(): the annotations of the connection this one carries on
  let inStateHooks = false;
  let phase: Phase = { name: 'idle', starting: !!initialOptions.startPending };
  let target: unknown; // the URL identity (a function's: its endpoint) the session's last socket used
  let refs = 0;
  let stopDue = false; // the last holder let go: stop after this task, unless someone wants it again
  let moves = 0; // URL changes seen; `settled` is the last one decided (until then, nothing is sent or flushed)
  let settled = 0;
  let rejected: string[] = []; // the bad option values the last setOptions reported
  let known: [UrlSource, ReturnType<typeof identify>] | undefined; // the last URL source asked where it points
  // Asks each URL source once: the previous render's answer serves as "where it pointed".
  const identityOf = (source: UrlSource) => (known?.[0] === source ? known[1] : (known = [source, identify(source, report)])[1]);
  let warnedFast = false; // development only
  let disposed = false;
  let unlistenNetwork: (() => void) | null = null;
  // Options that were invalid at creation: the connection fails, and stays failed until they are mended.
  const initial = reviseOptions({}, initialOptions, resolvePolicy());
  let { options, policy } = initial;
  let [invalid] = initial.errors;
  const idle: ConnectionState<In> = { status: 'idle', readyState: 3, lastClose: null, lastMessage: undefined, messageCount: 0, attempt: 0, nextRetryAt: null, online: true, error: null, plugins: NONE };
  let state: ConnectionState<In> = { ...idle, online: network.isOnline(), ...publicStatus('idle', 0, options.startPending) };

  // --- state, callbacks, errors --------------------------------------------------------------

  const setState = (patch: Partial<ConnectionState<In>>) => {
    let changed = false;
    for (const key in patch) changed ||= !Object.is(state[key as keyof typeof state], patch[key as keyof typeof patch]);
    if (!changed) return;
    state = { ...state, ...patch };
    // A subscriber that throws cannot be told through the state: its error surfaces in a later task.
    for (const listener of listeners) guard('subscribe', listener, [state]);
    // A plug-in's state hook that throws is reported as any throw; the state change that report
    // makes (or one the hook makes) reaches the other subscribers, not the state hooks again.
    if (inStateHooks) return;
    inStateHooks = true;
    try {
      for (const { plugin, hooks } of plugins) call(`${plugin.name}.state`, hooks.state, state as ConnectionState);
    } finally {
      inStateHooks = false;
    }
  };

  /** Calls code the connection was given; a throw is reported (an `onError` that throws, quietly: never back into itself). */
  const call = <A extends unknown[], R>(name: string, fn: ((...args: A) => R) | undefined, ...args: A): R | undefined =>
    guard(name, fn, args, name === 'onError' ? (error) => setState({ error }) : report);

  // The options' own callbacks, then every added set.
  const emit = <K extends keyof ConnectionHandlers<In>>(name: K, ...args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>) => {
    const each = (_: K, fn: ConnectionHandlers<In>[K], a: unknown[]) => call(name, fn as (...b: unknown[]) => void, ...a);
    each(name, options[name], args);
    handlers.emit(name, args, each);
  };

  function report(problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail, failed?: boolean): void {
    const error = typeof problem === 'string' ? new LifelineError(problem, detail) : problem;
    // A failed connection's error stays why it failed: a send refused afterwards does not hide it.
    if (failed || phase.name !== 'failed') setState({ error });
    emit('onError', error);
  }

  /** Where the network source reports a throw from the app code it calls (NetInfo, AppState). */
  const reportError = (error: LifelineError) => report(error);

  /** Every plug-in's answer to one hook, in order. */
  const hear = <K extends keyof PluginHooks>(hook: K, ...args: Parameters<NonNullable<PluginHooks[K]>>) =>
    plugins.map(({ plugin, hooks }) => call(`${plugin.name}.${hook}`, hooks[hook] as (...a: typeof args) => unknown, ...args));
  /** The plug-ins that answered a hook with `answer` (a hold, a proof). */
  const answering = <K extends 'socketOpen' | 'open'>(hook: K, answer: string) => {
    const answers = hear(hook, ...([] as unknown as Parameters<NonNullable<PluginHooks[K]>>));
    return plugins.filter((_, index) => answers[index] === answer);
  };

  // --- the one transition --------------------------------------------------------------------

  /** Leaves the current phase (tearing down what it owned), enters `next`, then publishes the state. */
  function go(next: Phase, patch: Partial<ConnectionState<In>> = {}, beforePublish?: () => void): void {
    const left = phase as Owned & Phase;
    phase = next;
    if (left.timer !== undefined) timers.clearTimeout(left.timer);
    // A socket the next phase does not carry on is closed now, even mid-handshake: never two live sockets.
    if (left.socket && left.socket !== (next as Owned).socket && left.socket.readyState < 2) left.socket.close(1000);
    if ((left.name === 'holding' || left.name === 'open') && next.name !== 'open') hear('close');
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
    hear('end');
    settled = ++moves; // a URL comparison still under way belongs to the session that ended
    const count = queue.discard();
    go(next, { ...patch, lastClose: cancelRetry(patch.lastClose ?? state.lastClose) });
    if (count) report('queue-discarded', { count, status: next.name });
  }

  function fail(problem: LifelineErrorCode | LifelineError, detail?: LifelineErrorDetail): void {
    end({ name: 'failed' });
    report(problem, detail, true);
  }

  // --- the way to a socket: (offline) → (reauthenticating) → (resolving) → connecting ------------

  function begin(reauth: boolean, attempt = 0): void {
    if (phase.name === 'closing' && phase.then !== 'reauthenticate') phase.then = reauth ? 'reauthenticate' : 'connect';
    if (disposed || url === null || !STOPPED.includes(phase.name)) return; // a null URL stays idle
    if (process.env.NODE_ENV !== 'production' && invalid) return fail(invalid); // options invalid since creation (checked in development): nothing runs with them
    if (!pluginsUp) {
      pluginsUp = true;
      takePlugins(options.plugins);
    }
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

  /** Runs a sync or async step of the app's in its own phase; the outcome counts only while that phase is current. */
  function settle<T>(name: 'resolving' | 'reauthenticating', step: () => T | Promise<T>, then: (value: T) => void, failure: LifelineErrorCode): void {
    const owner: Phase = { name };
    go(owner);
    const field = name === 'resolving' ? 'url' : 'policy.reauthenticate';
    const failed = (error: LifelineError) => phase === owner && fail(error);
    let threw = false;
    const result = guard(field, step, [], (error) => ((threw = true), failed(error)), failure);
    if (threw) return;
    if (isThenable(result)) result.then((value) => phase === owner && then(value), (cause) => failed(new LifelineError(failure, { field, cause })));
    else then(result as T);
  }

  function open(input: unknown): void {
    const href = normalizeUrl(input);
    if (href instanceof LifelineError) return fail(href);
    target = typeof url === 'function' ? endpointOf(href) : href;
    // A plug-in may open another URL (a stream position in its query); one that is no WebSocket URL is reported, and the app's stands.
    let socketUrl = href;
    for (const answer of hear('url', href)) {
      const next = answer === undefined ? socketUrl : normalizeUrl(answer);
      if (next instanceof LifelineError) report(next);
      else socketUrl = next;
    }
    const Impl = options.WebSocket ?? globalThis.WebSocket;
    if (typeof Impl !== 'function') return fail('no-websocket');
    let socket: WebSocket;
    try {
      socket = new Impl(socketUrl, options.protocols) as unknown as WebSocket;
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
      // Plug-ins' handshakes (readiness steps) may hold the open until each of them has called ready().
      const holding: Extract<Phase, { name: 'holding' }> = { name: 'holding', socket, event, holders: [], answered: [], asking: true };
      go(holding, {}, () => {
        holding.holders = answering('socketOpen', 'hold');
        holding.asking = false;
        if (phase === holding) release(holding);
      });
    } else if (type === 'message') {
      received(event as MessageEvent);
    } else if (type === 'error') {
      // Browsers give no detail on purpose; the close event that follows has the code.
      emit('onError', new LifelineError('socket-error', { cause: event }));
    } else {
      const byClient = phase.name === 'closing';
      // React Native's close is a plain object without `wasClean`, and its failures come as 1006
      // with the native error as the reason: read as browsers give them (1006 and 1015 never
      // come on the wire, so no reason and not clean).
      const { code = 1005, reason = '', wasClean } = event as Partial<CloseEvent>;
      const lost = code === 1006 || code === 1015;
      closed({ code, reason: lost ? '' : reason, wasClean: wasClean ?? !lost }, byClient ? 'client' : lost ? 'network' : 'server', byClient, socket.url);
    }
  }

  // --- open: onOpen, then the queue, then the plug-ins; proved alive -----------------------------

  /**
   * Opens a held socket once no plug-in still holds it: every holder has called ready() or is no longer
   * among the plug-ins. Proved alive when at least one handshake answered.
   */
  function release(holding: Extract<Phase, { name: 'holding' }>): void {
    if (holding.asking) return; // the holders are not known yet
    const waiting = holding.holders.some((entry) => plugins.includes(entry) && !holding.answered.includes(entry));
    if (!waiting) opened(holding.socket, holding.event, holding.answered.length > 0);
  }

  /** The connection counts as open. `proved`: a plug-in's handshake already proved the link alive. */
  function opened(socket: WebSocket, event: Event, proved: boolean): void {
    const next: Phase = { name: 'open', socket, provers: [], proved };
    const closeDone = cancelRetry(state.lastClose); // its retry worked: no longer "will retry"
    go(next, { error: null, lastClose: closeDone, ...(proved && { attempt: 0 }) }, () => {
      emit('onOpen', event); // a hello sent here goes before the queue
      flush();
      if (phase !== next) return;
      // Proved alive (the attempt counter resets): by a plug-in (a handshake, a heartbeat's answer), else after stableAfterMs open.
      next.provers = answering('open', 'prove');
      if (!next.provers.length) proveAfterStable();
    });
  }

  /** Open and not proved alive by a plug-in: after stableAfterMs open, it counts as proved. */
  function proveAfterStable(): void {
    if (phase.name !== 'open' || phase.proved) return;
    const open = phase;
    open.timer = timers.setTimeout(() => {
      open.proved = true;
      setState({ attempt: 0 });
    }, policy.stableAfterMs);
  }

  /** Sends what the session queued, once open and once any URL change is decided. */
  function flush(): void {
    const { socket } = phase as Owned;
    // Only onto a socket that is OPEN now: one whose open event comes late (the server already
    // closing it) keeps the queue for the next socket, which its close event brings.
    if (phase.name !== 'open' || settled !== moves || socket!.readyState !== 1) return;
    try {
      queue.flush((data) => (socket!.send(data), sent++));
    } catch (cause) {
      report('send-failed', { cause });
    }
  }

  function received(event: MessageEvent): void {
    const { data } = event;
    inbound++;
    if (hear('message', data).includes(true)) return; // a pong, an ack: a plug-in's, not the app's
    let failed = false;
    const message = options.parse ? guard('parse', options.parse, [data], (error) => ((failed = true), report(error)), 'parse-failed') : (data as In);
    if (failed) return;
    if (options.keepLastMessage !== false) setState({ lastMessage: message, messageCount: state.messageCount + 1 });
    emit('onMessage', message as In, event);
    hear('delivered');
  }

  // --- after any close: record it, ask the policy, wait or stop -----------------------------------

  function closed(event: Pick<CloseInfo, 'code' | 'reason' | 'wasClean'>, initiator: CloseInfo['initiator'], requested: boolean, url?: string): void {
    const at = timers.now();
    const { attempt } = state;
    const owner = phase;
    const after = phase.name === 'closing' ? phase.then : 'stop';
    const base = { ...event, at, initiator };
    if (requested) return record(clientClose(event.code, event.reason, at, event.wasClean), null, after, url);
    const { shouldReconnect } = policy;
    const verdict: typeof shouldReconnect = shouldReconnect && ((close, next) => call('policy.shouldReconnect', shouldReconnect, close, next));
    const decision = decideReconnect(base, attempt, { ...policy, shouldReconnect: verdict }, options.random);
    if (phase !== owner) return; // the app moved on while the policy was asked (an onError that disconnects)
    const { delayMs, action } = decision;
    const retryAt = delayMs === null ? null : at + delayMs;
    record({ ...base, action, willRetry: retryAt !== null, retryAt }, decision, after, url);
  }

  /** Enters what a close leads to (a wait, or a stop), then tells the app; a closing handshake's `then` follows. */
  function record(lastClose: CloseInfo, decision: ReturnType<typeof decideReconnect> | null, after: string, url: string | undefined): void {
    const { attempt } = state;
    if (lastClose.retryAt !== null) {
      const reauth = lastClose.action === 'reauth';
      go({ name: 'waiting', at: lastClose.retryAt, reauth, timer: timers.setTimeout(() => proceed(reauth), decision!.delayMs!, 'retry') }, { lastClose, attempt: attempt + 1 });
    } else if (after !== 'stop' && !decision) {
      go({ name: 'closed', byClient: true }, { lastClose }); // a connect() is due: what was sent for it stays queued
    } else {
      end(decision?.giveUp ? { name: 'failed' } : { name: 'closed', byClient: !decision }, { lastClose });
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
      }, reportError);
      // Back from the back/forward cache: Chrome closed the socket, so reconnect now.
      const offRestore = network.subscribePageRestore?.(() => {
        const { socket } = phase as Owned;
        if (socket && socket.readyState > 1 && phase.name !== 'closing') closed({ code: 1006, reason: '', wasClean: false }, 'network', false, socket.url);
        if (phase.name === 'waiting') proceed(phase.reauth);
      }, reportError);
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
      // Where the session is now: a retry may have reached the new URL meanwhile. A new
      // function that cannot answer points nowhere known: not here, so the session moves (and
      // the attempt asks it again), rather than send what is meant for it to the old URL.
      const here = typeof to === 'string' && (target ?? from) === to && !protocolsChanged;
      // Keep what was sent for where the session ends up: before any change if it stays, after
      // this change either way; what was sent for a URL abandoned on the way is dropped.
      const count = queue.discard((epoch) => epoch === token || (here && epoch <= before));
      if (count) report('queue-discarded', { count, status: 'moved' });
      if (here) return flush();
      target = undefined;
      hear('end');
      if (phase.name === 'idle') return;
      // A re-authentication that was due still runs first.
      const reauth = phase.name === 'reauthenticating' || ((phase.name === 'waiting' || phase.name === 'offline') && phase.reauth);
      setState({ attempt: 0, lastClose: cancelRetry(state.lastClose) });
      proceed(reauth); // leaving the current phase closes its socket
    });
  }

  const stop = () => end({ name: 'idle' });

  // --- plug-ins -----------------------------------------------------------------------------------

  /** Takes a new set of plug-ins, by name: one already there keeps running with the new object's options; one let go is disposed and its annotation removed from `state.plugins`. */
  function takePlugins(next: readonly Plugin[] = []): void {
    if (!pluginsUp) return; // set up on the first start
    const before = plugins;
    plugins = next.map((plugin) => {
      const kept = before.find((entry) => entry.plugin.name === plugin.name);
      if (kept) return Object.assign(kept, { plugin });
      const entry: Attached = { plugin, hooks: {} };
      entry.hooks = call(`${plugin.name}.setup`, plugin.setup, pluginApi(entry)) ?? {};
      // Joining an open socket: it hears the open, and may prove the link alive itself.
      if (phase.name === 'open' && call(`${plugin.name}.open`, entry.hooks.open) === 'prove') phase.provers.push(entry);
      return entry;
    });
    const gone = before.filter((entry) => !plugins.includes(entry));
    for (const entry of gone) call(`${entry.plugin.name}.dispose`, entry.hooks.dispose);
    // A plug-in let go leaves no annotation behind (state.plugins only says what plug-ins running now said).
    if (gone.some((entry) => entry.plugin.name in state.plugins)) {
      const annotations = Object.entries(state.plugins).filter(([name]) => plugins.some((entry) => entry.plugin.name === name));
      setState({ plugins: annotations.length ? Object.fromEntries(annotations) : NONE });
    }
    // A handshake whose holders are all gone no longer holds the socket; a link whose provers are all gone is proved by stableAfterMs.
    if (phase.name === 'holding') release(phase);
    else if (phase.name === 'open' && phase.provers.length && !phase.provers.some((entry) => plugins.includes(entry))) {
      phase.provers = [];
      proveAfterStable();
    }
  }

  function pluginApi(entry: Attached): PluginApi {
    const own = (name: string) => `${entry.plugin.name}.${name}`;
    return {
      timers,
      network,
      carried: carried?.[entry.plugin.name],
      options: () => entry.plugin.options,
      getState: () => state as ConnectionState,
      send(data) {
        const { socket } = phase as Owned;
        if ((phase.name !== 'open' && phase.name !== 'holding') || socket!.readyState !== 1) return false;
        try {
          socket!.send(data);
          sent++;
          return true;
        } catch (cause) {
          report('send-failed', { cause });
          return false;
        }
      },
      ready() {
        if (phase.name === 'holding') {
          // Open only once every plug-in that holds the open has answered (one that went away no longer holds).
          if (!phase.answered.includes(entry)) phase.answered.push(entry);
          release(phase);
        } else if (phase.name === 'open') {
          if (phase.timer !== undefined) timers.clearTimeout(phase.timer);
          phase.timer = undefined;
          phase.proved = true;
          setState({ attempt: 0 });
        }
      },
      close(code, reason, error) {
        const owner = phase;
        if (owner.name !== 'open' && owner.name !== 'holding') return;
        const { socket } = owner;
        guard(own('close'), () => socket.close(code, reason), [], report);
        report(error);
        // No answer to wait for: the link is presumed dead. Unless onError moved on (disconnect()), the policy decides.
        if (phase === owner) closed({ code, reason, wasClean: false }, 'client', false, socket.url);
      },
      annotate: (value) => setState({ plugins: { ...state.plugins, [entry.plugin.name]: value } }),
      call: (name, fn, ...args) => call(name, fn, ...args),
      report: (error) => report(error),
    };
  }

  if (process.env.NODE_ENV !== 'production' && invalid) {
    phase = { name: 'failed' };
    state = { ...state, status: 'failed', readyState: 3, error: invalid };
  }

  /** Lets go of every plug-in (they are set up again on the next start). */
  const dropPlugins = () => {
    hear('dispose');
    plugins = [];
    pluginsUp = false;
  };

  // --- the public surface -------------------------------------------------------------------------

  const send = (data: SendData): SendResult => {
    if (!isSendData(data) || disposed) {
      report(disposed ? 'not-open' : 'invalid-data', disposed ? { status: 'disposed' } : { got: data });
      return 'rejected';
    }
    const { socket } = phase as Owned;
    // The socket's own readyState too: it turns CLOSING before its close event arrives.
    if (phase.name === 'open' && socket!.readyState === 1 && settled === moves) {
      try {
        socket!.send(data);
        sent++;
        return 'sent';
      } catch (cause) {
        report('send-failed', { cause });
        return 'rejected';
      }
    }
    // Idle queues for the next connect(), and so does a closing handshake with a connect() due;
    // after a close or a failure nothing would deliver it.
    const restarting = phase.name === 'closing' && phase.then !== 'stop';
    const limits = queueLimits(phase.name === 'closing' && !restarting ? 'closing' : restarting ? 'connecting' : state.status, options.queue);
    if (!limits) report('not-open', { status: options.queue === false ? 'queue-off' : state.status });
    else if (queue.push(data, limits.max, limits.dropOldest, moves)) return 'queued';
    else report('queue-full', { count: limits.max, status: state.status });
    return 'rejected';
  };

  const { add: addHandlers } = handlers;

  const connection: Connection<In> = {
    getState: () => state,
    getServerState: () => idle,
    stats: () => ({ sent, received: inbound, queued: queue.size }),
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
      const text = jsonText(value);
      if (typeof text === 'string') return send(text);
      report(text);
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
    resume(attempt, reauth, taken) {
      stopDue = false;
      // What the plug-ins of the connection carried on from annotated, for their setup (a stream position).
      if (!pluginsUp) carried = taken;
      begin(reauth, attempt);
      carried = undefined;
    },
    setOptions(next) {
      const previous = options;
      const revised = reviseOptions(previous, next, policy);
      ({ options, policy } = revised);
      if (process.env.NODE_ENV !== 'production') {
        if (!revised.errors.length) invalid = undefined;
        // A bad value is reported once, however often renders repeat it.
        for (const error of revised.errors) if (!rejected.includes(error.message)) report(error);
        rejected = revised.errors.map((error) => error.message);
      }
      if ('plugins' in next) takePlugins(options.plugins);
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
    retain(start = true, entry) {
      const detach = entry ? addHandlers(entry) : () => {};
      stopDue = false;
      if (++refs === 1 && start && phase.name === 'idle') begin(false);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--refs) return detach();
        // After a microtask, so a StrictMode remount (or a connect()) in the same task keeps it;
        // the handlers hear what the stop discards, then go.
        stopDue = true;
        queueMicrotask(() => {
          if (stopDue) {
            stopDue = false;
            stop();
            dropPlugins();
          }
          detach();
        });
      };
    },
    dispose() {
      stop();
      disposed = true;
      dropPlugins();
      listeners.clear();
      handlers.clear();
      watchNetwork();
    },
  };
  if (process.env.NODE_ENV !== 'production') {
    connection.simulateClose = (code, reason = '') => {
      assertServerCloseArgs(code, reason);
      const owner = phase;
      if (owner.name !== 'open' && owner.name !== 'holding') return;
      const { socket } = owner;
      // The real socket closes quietly underneath (its events are ignored from now on); the connection hears the close it is told.
      guard('simulateClose', () => socket.close(1000, ''), [], report);
      closed({ code, reason, wasClean: code !== 1006 }, code === 1006 ? 'network' : 'server', false, socket.url);
    };
  }
  return connection;
}
