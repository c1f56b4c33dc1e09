import { assertCloseArgs, assertServerCloseArgs, clientClose, guard, handlerSet, isSendData, jsonText, LifelineError, queueLimits, sessionQueue } from '../../core';
import type { CloseInfo, Connection, ConnectionHandlers, ConnectionState, LifelineErrorCode, LifelineErrorDetail, NetworkSource, QueueOptions, SendData, SendResult } from '../../core';
import { readTabMessage } from './readTabMessage';
import { STOPPED, takeOver } from './takeOver';
import { fromWire, toWire } from './toWire';
import type { ChannelConstructor, LockManagerLike, Outgoing, TabMessage, WireState } from './types';

export interface TabConnectionOptions {
  locks: LockManagerLike;
  BroadcastChannel: ChannelConstructor;
  network: NetworkSource;
  /** This connection's id on the channel (unique per connection, not per tab: a remount is a new sender). */
  id: string;
  /** The hook's queue option: what a follower does with a send while the socket is not open. */
  queue?: QueueOptions | false | undefined;
}

type Command = Outgoing<Extract<TabMessage, { t: 'cmd' }>>;
type Held = Command & { from: string };
type Said = Command extends infer C ? (C extends unknown ? Omit<C, 'seq'> : never) : never;
type Stop = WireState['stop'];

/**
 * Where this tab stands with one shared socket. Each role holds what only it owns; `become`
 * tears that down when the role is left.
 *
 *   away ──a hook holds it──▶ joining ──channel open, lock asked for──▶ following
 *   following ──lock granted──▶ leading ──the last hook lets go (or the tab closes)──▶ away
 *
 * Leading, the tab's own connection (`local`) either runs (`release`: this tab holds it) or
 * not yet: then the tab shows what it took over (`shown`: a socket stopped for good or by the
 * app, or a retry waiting for its `timer`).
 */
type Role =
  | { name: 'away' | 'joining' | 'following' }
  | { name: 'leading'; shown: ConnectionState | null; carried: CloseInfo | null; timer?: ReturnType<typeof setTimeout>; release?: () => void; unsubscribe?: () => void; commanded?: boolean };
type Leading = Extract<Role, { name: 'leading' }>;

/**
 * One shared socket seen from one tab. The tab that holds the Web Lock named after the
 * socket's key leads: its own connection owns the socket, and its state and every message go
 * out on a BroadcastChannel of the same name. The other tabs follow: they show the leader's
 * state (with their own `online`), hand their sends and commands to the leader, and keep each
 * send until the leader acknowledges it went out on an open socket. Each send names the one
 * before it still unacknowledged (`after`), so the leader delivers a tab's messages in order,
 * whatever was dropped or discarded between them.
 *
 * A tab that gets the lock decides at once from what the last leader showed: a socket the
 * app stopped, or that closed for good, stays stopped until a command; a scheduled retry
 * keeps its time, its attempt number and its re-authentication; an open socket opens again.
 * No wait for the last leader's final words: if they come after the lock (browsers do not
 * order the two), an app's stop among them still stops the socket.
 *
 * Sends, send results, the queue, dispatch and the disconnect record are the core's
 * (`sessionQueue`, `queueLimits`, `handlerSet`, `clientClose`, `guard`).
 */
export function createTabConnection<In>(key: string | Promise<string>, local: Connection<In>, options: TabConnectionOptions): Connection<In> {
  const { id, network } = options;
  const listeners = new Set<(state: ConnectionState<In>) => void>();
  const handlers = handlerSet<In>();
  const outbox = sessionQueue(); // this tab's sends no leader acknowledged yet (epoch: their sequence number)
  let seq = 0;
  let pending: Command[] = []; // this tab's commands no leader has confirmed (said again to each new leader)
  let commands = 0;
  let held: Held[] = []; // other tabs' commands no leader has confirmed yet: this tab runs them if it leads first
  const ran = new Map<string, number>(); // leading: per sender, the last command run
  let role: Role = { name: 'away' };
  let refs = 0;
  let leaving = false;
  let session: AbortController | null = null;
  let channel: { post(message: Outgoing): void; close(): void } | null = null;
  let unlock: (() => void) | null = null;
  let offNetwork = () => {};
  let stop: Stop = null; // leading: the app's disconnect() stands
  const delivered = new Map<string, number>(); // leading: per sender, the last sequence number sent on the socket
  // What this tab heard of the leader.
  let heard = false; // a leader's state has come
  let listening = false; // a leader is there to hear commands
  let mirror = { ...local.getServerState(), status: 'connecting', readyState: 0 } as ConnectionState<In>;
  let mirrorStop: Stop = null;
  let stopping = false; // following: this tab's disconnect() is on its way to the leader
  let ownError: LifelineError | null = null; // a send refused here; gone when the status moves on
  let state = mirror;
  let shownStatus = state.status;

  // --- state, dispatch, errors ---------------------------------------------------------------------

  const leaderState = (leading: Leading): ConnectionState<In> => {
    if (!leading.release) return (leading.shown ?? mirror) as ConnectionState<In>;
    const own = local.getState();
    if (own.lastClose || !leading.carried) return own;
    // The close taken over, until this tab's connection has one: its retry worked once open.
    const carried = own.status === 'open' && leading.carried.willRetry ? { ...leading.carried, willRetry: false, retryAt: null } : leading.carried;
    return { ...own, lastClose: carried };
  };
  const update = () => {
    const base = role.name === 'leading' ? leaderState(role) : stopping && !STOPPED.includes(mirror.status) ? { ...mirror, status: 'closing' as const, readyState: 2 as const, nextRetryAt: null } : mirror;
    if (base.status !== shownStatus) ownError = null; // as the core clears its error on a new start and on open
    shownStatus = base.status;
    const next = { ...base, error: ownError ?? base.error, online: network.isOnline() }; // `online` is each tab's own
    if (!Object.keys(next).some((field) => !Object.is(next[field as keyof ConnectionState], state[field as keyof ConnectionState]))) return;
    state = next;
    if (role.name === 'leading') channel?.post({ t: 'state', state: toWire(state, stop) });
    for (const listener of [...listeners]) guard('subscribe', listener, [state]);
  };
  const emit = <K extends keyof ConnectionHandlers<In>>(name: K, ...args: Parameters<NonNullable<ConnectionHandlers<In>[K]>>) =>
    handlers.emit(name, args, (_, fn, a) => guard(name, fn as (...b: unknown[]) => void, a, name === 'onError' ? undefined : report));
  function report(error: LifelineError): void {
    ownError = error;
    update();
    emit('onError', error);
  }
  const fail = (code: LifelineErrorCode, detail: LifelineErrorDetail) => report(new LifelineError(code, detail));

  // --- this tab's sends: kept until a leader acknowledges them --------------------------------------

  /** Puts this tab's send number `number` on the channel, naming the one before it still unacknowledged. */
  const post = (number: number, data: SendData, after: number | null) => channel?.post({ t: 'send', seq: number, after, data });
  const resend = () => {
    let after: number | null = null;
    outbox.each((data, number) => {
      post(number, data, after);
      after = number;
    });
  };
  const discard = () => {
    const count = outbox.discard();
    if (count) fail('queue-discarded', { count, status: 'closed' });
  };

  // --- roles ---------------------------------------------------------------------------------------

  /** Leaves the current role (tearing down what it owned) for `next`. */
  const become = (next: Role) => {
    const left = role;
    role = next;
    if (left.name !== 'leading') return;
    clearTimeout(left.timer);
    left.unsubscribe?.();
    left.release?.();
  };

  /** Leading: the local connection runs, started by `then`. */
  const start = (leading: Leading, then: (connection: Connection<In>) => void) => {
    clearTimeout(leading.timer);
    if (!leading.release) {
      leading.release = local.retain(false);
      leading.unsubscribe = local.subscribe((next) => {
        if (next.status === 'open') flushOwn();
        update();
      });
    }
    then(local);
    update();
  };
  /** Carries on the retry taken over: its attempt number, and its re-authentication if it had one. */
  const resume = (leading: Leading, reauth = leading.shown?.lastClose?.action === 'reauth' && leading.shown.lastClose.willRetry) =>
    start(leading, (connection) => connection.resume!(leading.shown?.attempt ?? 0, reauth, leading.shown?.plugins));
  // What this tab sent as a follower and no leader acknowledged goes out once the socket is open.
  const flushOwn = () => local.getState().status === 'open' && outbox.flush((data) => local.send(data));

  /** The lock is this tab's: carry on from what the last leader showed, at once. */
  const lead = () => {
    const next = takeOver(heard ? mirror : null, heard ? mirrorStop : null);
    const leading: Leading = { name: 'leading', shown: next.state, carried: next.state?.lastClose ?? null };
    become(leading);
    delivered.clear();
    channel?.post({ t: 'hello' });
    if (next.start === 'never') stop = heard ? mirrorStop : null;
    else if (next.start === 'at') leading.timer = setTimeout(() => resume(leading, next.reauth), Math.max(0, next.at - Date.now()));
    // This tab's own unconfirmed commands, then what other tabs said that no leader confirmed.
    const queue = [...pending.map((command) => ({ ...command, from: id })), ...held];
    pending = held = [];
    // A disconnect() said meanwhile: no socket to open and close again.
    if (next.start === 'now' && !queue.some((command) => command.name === 'disconnect')) resume(leading, next.reauth);
    for (const command of queue) run(command);
    update();
    channel?.post({ t: 'state', state: toWire(state, stop) }); // also for tabs that asked before this one led
  };

  /** Leading: a command from this tab or another (each once, however often it is said). */
  const run = (command: Held) => {
    const leading = role as Leading;
    if (command.from !== id) channel?.post({ t: 'done', to: command.from, seq: command.seq });
    if (command.seq <= (ran.get(command.from) ?? 0)) return;
    ran.set(command.from, command.seq);
    leading.commanded = true;
    if (command.name === 'disconnect') return stopHere(leading, command.code, command.reason);
    // Development only: on the socket this tab holds (nothing while none is open, as in the core).
    if (command.name === 'simulateClose') return void local.simulateClose?.(command.code, command.reason);
    const waiting = !leading.release && !STOPPED.includes(leading.shown?.status ?? '');
    // As the core: connect() while a retry waits changes nothing; retryNow() only skips a wait.
    if (waiting) return command.name === 'retryNow' ? resume(leading) : command.name === 'reauthenticate' ? resume(leading, true) : undefined;
    if (command.name !== 'retryNow') stop = null;
    if (leading.release) return local[command.name]();
    if (command.name !== 'retryNow') start(leading, (connection) => connection[command.name]());
  };

  /** Leading: the app's disconnect(), from any tab. Nothing sent before it goes out after it. */
  const stopHere = (leading: Leading, code: number, reason: string) => {
    discard(); // this tab's own, then every other tab's
    channel?.post({ t: 'discard' });
    stop = [code, reason];
    if (leading.release) return local.disconnect(code, reason);
    clearTimeout(leading.timer);
    // Not running (a stopped or waiting socket taken over): the app's stop is the last close, as in the core.
    const now = leaderState(leading);
    const already = STOPPED.includes(now.status) && now.lastClose?.initiator === 'client';
    const close = already ? now.lastClose! : clientClose(code, reason, Date.now());
    leading.shown = { ...now, status: 'closed', readyState: 3, nextRetryAt: null, lastClose: close };
    leading.carried = close;
    update();
    if (!already) emit('onClose', close);
  };

  /** Leading: what a follower says. */
  const fromFollower = (leading: Leading, message: TabMessage) => {
    // The last leader's final words, come after the lock: the app's stop among them stands, unless this tab was told otherwise since.
    if (message.t === 'state') return message.state.stop && !leading.commanded && stopHere(leading, ...message.state.stop);
    if (message.t === 'ask') return channel?.post({ t: 'state', state: toWire(state, stop) });
    if (message.t === 'cmd') return run(message);
    if (message.t !== 'send') return;
    const last = delivered.get(message.from);
    if (last !== undefined && message.seq <= last) return channel?.post({ t: 'ack', to: message.from, seq: last });
    // Only onto an open socket, and only after the one before it: else the follower sends it again when it sees `open`.
    if (!leading.release || local.getState().status !== 'open' || (message.after !== null && message.after !== last)) return;
    local.send(message.data as SendData);
    delivered.set(message.from, message.seq);
    channel?.post({ t: 'ack', to: message.from, seq: message.seq });
  };

  /** Following: what the leader says. */
  const fromLeader = (message: TabMessage) => {
    if (message.t === 'bye') {
      listening = false;
      // The leader's tab goes: an open socket goes with it, and the next leader opens another. A stopped
      // or waiting one stays as it was, for the next leader to carry on from.
      if (mirror.status === 'open') mirror = { ...mirror, status: 'connecting', readyState: 0 };
      return update();
    }
    if (message.t !== 'hello' && message.t !== 'state') return;
    // What a follower that left last heard counts only for a tab that hears no leader.
    if (message.t === 'state' && message.relay && heard && listening) return;
    // A leader speaks: it hears what this tab said meanwhile, and a new one what its last leader did not confirm.
    if (!listening || message.t === 'hello') for (const command of pending) channel?.post(command);
    listening = true;
    if (message.t !== 'state') return resend(); // a new leader's hello
    if (message.relay) listening = false; // no leader speaks: a relay is not one
    const before = mirror;
    const wire = message.state;
    const sameError = wire.error && before.error && wire.error.code === before.error.code && wire.error.message === before.error.message;
    mirror = { ...before, ...wire, plugins: wire.plugins ?? before.plugins, error: wire.error ? (sameError ? before.error : fromWire(wire.error)) : null };
    mirrorStop = wire.stop;
    const first = !heard;
    heard = true;
    if (STOPPED.includes(mirror.status)) stopping = false; // this tab's disconnect() reached the leader (or the socket stopped anyway)
    // As the core's queue: a session that ends for good (or by disconnect()) takes this tab's waiting sends with it.
    if (STOPPED.includes(mirror.status) && !STOPPED.includes(before.status)) discard();
    update();
    if (mirror.status === 'open' && before.status !== 'open') resend(); // before onOpen: a hello sent there goes after
    if (first) return; // a tab that joins late hears the state, not the events before it
    const close = wire.lastClose;
    if (close && (close.at !== before.lastClose?.at || close.code !== before.lastClose?.code)) emit('onClose', close);
    if (mirror.status === 'failed' && before.status !== 'failed' && close) emit('onGiveUp', close);
    if (mirror.status === 'open' && before.status !== 'open') emit('onOpen', new Event('open'));
  };

  const receive = (message: TabMessage) => {
    if (message.t === 'msg') return emit('onMessage', message.data as In, new MessageEvent('message', { data: message.data })); // also one the last leader got just before it left
    if (message.t === 'done') {
      // A leader ran it: nobody holds it any more.
      held = held.filter((command) => command.from !== message.to || command.seq > message.seq);
      if (message.to === id) pending = pending.filter((command) => command.seq > message.seq);
      return;
    }
    if (message.t === 'ack') {
      if (message.to === id) outbox.discard((number) => number > message.seq);
      return;
    }
    if (message.t === 'cmd' && role.name !== 'leading') {
      if (!held.some((command) => command.from === message.from && command.seq === message.seq)) held.push(message);
      return;
    }
    if (message.t === 'discard') return discard();
    if (role.name === 'leading') fromFollower(role, message);
    else if (role.name === 'following') fromLeader(message);
  };

  // --- joining and leaving the tabs of this socket --------------------------------------------------

  const join = () => {
    leaving = false;
    if (session) return;
    const current = (session = new AbortController());
    become({ name: 'joining' });
    const offChange = network.subscribe((online) => {
      // Back online during a retry wait taken over: retry now, as the core does (reconnectOnOnline).
      if (online && role.name === 'leading' && !role.release && role.shown?.status === 'reconnecting') resume(role);
      update();
    });
    const offRestore = network.subscribePageRestore?.(() => channel?.post({ t: 'ask' })) ?? (() => {});
    offNetwork = () => (offChange(), offRestore());
    void Promise.resolve(key)
      .then((name) => {
        if (current.signal.aborted) return;
        const raw = new options.BroadcastChannel(`react-lifeline ${name}`);
        raw.onmessage = (event) => {
          const message = readTabMessage(event.data);
          if (message && message.from !== id) receive(message);
        };
        channel = {
          post(message) {
            try {
              raw.postMessage({ ...message, from: id });
            } catch {
              // A closed channel (the page is going away) or data that cannot be cloned: the other tabs will ask again.
            }
          },
          close: () => raw.close(),
        };
        become({ name: 'following' });
        channel.post({ t: 'ask' });
        return options.locks.request(`react-lifeline ${name}`, { signal: current.signal }, () =>
          current.signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => ((unlock = resolve), lead())),
        );
      })
      .catch(() => {}); // aborted while waiting for the lock: this tab left
  };

  const leave = () => {
    session?.abort();
    session = null;
    offNetwork();
    // Final words, for the tab that takes over (also one that joined after the last change): the
    // leader's state, then bye; a follower's relay of what it heard, if it heard anything.
    if (role.name === 'leading') {
      channel?.post({ t: 'state', state: toWire(state, stop) });
      channel?.post({ t: 'bye' });
    } else if (heard) channel?.post({ t: 'state', state: toWire(mirror, mirrorStop), relay: true });
    become({ name: 'away' });
    stop = null;
    unlock?.();
    unlock = null;
    channel?.close();
    channel = null;
    discard();
    pending = held = []; // what others said here, they say again to the next leader
    heard = listening = stopping = false;
    mirror = { ...mirror, status: 'connecting', readyState: 0 };
    update();
  };

  const command = (message: Said) => {
    const numbered = { ...message, seq: (commands += 1) } as Command;
    if (role.name === 'leading') return run({ ...numbered, from: id });
    // Kept until a leader confirms it: every tab hears it now (one that leads next runs it), and
    // a new leader hears it again; or this tab runs it if it leads first.
    pending.push(numbered);
    channel?.post(numbered);
  };

  const send = (data: SendData): SendResult => {
    if (!isSendData(data)) {
      fail('invalid-data', { got: data });
      return 'rejected';
    }
    const leading = role.name === 'leading' ? role : null;
    if (leading?.release && !outbox.size) return local.send(data);
    const shown = state.status;
    const open = shown === 'open' && (!leading || !!leading.release);
    const limits = queueLimits(shown, options.queue);
    if (!open && !limits) {
      fail('not-open', { status: options.queue === false ? 'queue-off' : shown });
      return 'rejected';
    }
    // While open, a follower keeps what it handed the leader until acknowledged, whatever the queue's size.
    if (!outbox.push(data, open ? Infinity : limits!.max, !!limits?.dropOldest, (seq += 1))) {
      fail('queue-full', { count: limits!.max, status: shown });
      return 'rejected';
    }
    if (leading) flushOwn();
    else if (open) {
      let after: number | null = null;
      outbox.each((_, number) => number < seq && (after = number));
      post(seq, data, after);
    }
    return open ? 'sent' : 'queued';
  };

  const api: Connection<In> = {
    getState: () => state,
    getServerState: local.getServerState,
    stats() {
      const own = local.stats?.();
      // No `received`: the socket changes tabs; the devtools count the messages this tab hears.
      return { sent: own?.sent ?? 0, queued: role.name === 'leading' ? (own?.queued ?? 0) : outbox.size, role: role.name };
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onMessage: (listener) => handlers.add({ onMessage: listener }),
    addHandlers: handlers.add,
    send,
    sendJson(value) {
      const text = jsonText(value);
      if (typeof text === 'string') return send(text);
      report(text);
      return 'rejected';
    },
    connect() {
      ownError = null;
      stopping = false;
      command({ t: 'cmd', name: 'connect' });
    },
    retryNow: () => command({ t: 'cmd', name: 'retryNow' }),
    reauthenticate() {
      ownError = null;
      stopping = false;
      command({ t: 'cmd', name: 'reauthenticate' });
    },
    disconnect(code = 1000, reason = '') {
      assertCloseArgs(code, reason);
      if (role.name !== 'leading') {
        discard(); // this tab's own now; the leader discards every other tab's
        stopping = true; // as the core's closing: what this tab sends from now on is refused
        update();
      }
      command({ t: 'cmd', name: 'disconnect', code, reason });
    },
    setOptions: (next) => local.setOptions(next),
    retain(_start, entry) {
      const detach = entry ? handlers.add(entry) : () => {};
      refs += 1;
      join();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        if (--refs) return detach();
        // After a microtask, like the core: a StrictMode remount keeps the lock and the socket.
        leaving = true;
        queueMicrotask(() => {
          if (leaving && refs === 0) leave();
          detach();
        });
      };
    },
    dispose() {
      leave();
      local.dispose();
      listeners.clear();
      handlers.clear();
    },
  };

  // Development only: a simulated close happens on the leader's socket, so a follower's goes to the leader, as its commands do.
  if (process.env.NODE_ENV !== 'production') {
    api.simulateClose = (code, reason = '') => {
      assertServerCloseArgs(code, reason);
      command({ t: 'cmd', name: 'simulateClose', code, reason });
    };
  }
  local.addHandlers({
    onOpen: (event) => role.name === 'leading' && emit('onOpen', event),
    onMessage(data, event) {
      if (role.name !== 'leading') return;
      channel?.post({ t: 'msg', data: event.data });
      emit('onMessage', data, event);
    },
    onClose: (close, url) => role.name === 'leading' && emit('onClose', close, url),
    onError: (error) => emit('onError', error),
    onGiveUp: (close) => role.name === 'leading' && emit('onGiveUp', close),
  });
  return api;
}
