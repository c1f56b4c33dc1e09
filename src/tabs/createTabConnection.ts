import { assertCloseArgs, LifelineError } from '../core';
import type { CloseInfo, Connection, ConnectionHandlers, ConnectionState, NetworkSource, QueueOptions, SendData, SendResult } from '../core';
import { copySendData as copy } from '../core/copySendData';
import { clientClose } from './clientClose';
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
 * How long a tab that just got the lock listens before it decides what to do: the last
 * leader's final words (a close, a disconnect) can arrive after its lock was released.
 */
const HANDOVER_MS = 25;

/**
 * One shared socket seen from one tab. The tab that holds the Web Lock named after the
 * socket's key leads: its own connection (`local`) owns the socket, and its state and every
 * message go out on a BroadcastChannel of the same name. The other tabs follow: they show
 * the leader's state (with their own `online`), hand their sends and commands to the leader,
 * and keep each send until the leader acknowledges it went out on an open socket. Each send
 * names the one before it still unacknowledged (`after`), so the leader delivers a tab's
 * messages in order, whatever was dropped or discarded between them.
 *
 * A tab that gets the lock listens for `HANDOVER_MS` (the last leader's final state may
 * still be on its way), then carries on from what the last leader showed: a socket the app
 * stopped, or that closed for good, stays stopped until a command; a scheduled retry keeps
 * its time, its attempt number and its re-authentication; an open socket opens again.
 */
export function createTabConnection<In>(key: string | Promise<string>, local: Connection<In>, options: TabConnectionOptions): Connection<In> {
  const { id, network } = options;
  const listeners = new Set<(state: ConnectionState<In>) => void>();
  const handlers = new Set<ConnectionHandlers<In>>();
  let refs = 0;
  let leaving = false;
  let session: AbortController | null = null;
  let channel: { post(message: Outgoing): void; close(): void } | null = null;
  let unlock: (() => void) | null = null;
  let offNetwork = () => {};
  // --- leading: holds the lock; decided once the handover is over; `release` once the local connection runs
  let leading = false;
  let decided = false;
  let release: (() => void) | null = null;
  let unsubscribe = () => {};
  let inherited: ConnectionState<In> | null = null; // the last leader's state, until this tab's connection runs
  let carried: CloseInfo | null = null; // the last close the tabs saw, until this tab's connection has one
  let stop: Stop = null; // the app's disconnect() stands
  let timer: ReturnType<typeof setTimeout> | undefined; // the handover, then an inherited retry
  const delivered = new Map<string, number>(); // per sender: the last sequence number sent on the socket
  // --- following
  let outbox: Array<{ seq: number; data: SendData }> = []; // sent through a leader, not acknowledged yet
  let seq = 0;
  let pending: Command[] = []; // this tab's commands no leader has confirmed (sent again to each new leader)
  let commands = 0;
  let held: Held[] = []; // commands heard during the handover, run when it ends
  let heard = false; // a leader's state has come
  let listening = false; // a leader is there to hear commands
  let mirror: ConnectionState<In> = { ...local.getServerState(), status: 'connecting', readyState: 0 };
  let mirrorStop: Stop = null;
  let ownError: LifelineError | null = null;
  let state = mirror;

  const emit = (handler: keyof ConnectionHandlers<In>, ...args: unknown[]) => {
    for (const entry of [...handlers]) (entry[handler] as ((...a: unknown[]) => void) | undefined)?.(...args);
  };
  const leaderState = (): ConnectionState<In> => {
    if (!release) return inherited ?? mirror;
    const own = local.getState();
    return own.lastClose || !carried ? own : { ...own, lastClose: carried };
  };
  const update = () => {
    const base = leading ? leaderState() : { ...mirror, error: ownError ?? mirror.error };
    const next = { ...base, online: network.isOnline() }; // `online` is each tab's own
    if (Object.keys(next).some((field) => !Object.is(next[field as keyof ConnectionState], state[field as keyof ConnectionState]))) {
      state = next;
      if (decided) channel?.post({ t: 'state', state: toWire(state, stop) });
      for (const listener of [...listeners]) listener(state);
    }
  };
  const fail = (code: 'not-open' | 'queue-full' | 'invalid-json', detail: ConstructorParameters<typeof LifelineError>[1]) => {
    const error = new LifelineError(code, detail);
    if (!leading) ownError = error;
    else if (!release) inherited = { ...leaderState(), error };
    update();
    emit('onError', error);
  };
  const post = (entry: { seq: number; data: SendData }, index: number) =>
    channel?.post({ t: 'send', seq: entry.seq, after: index > 0 ? outbox[index - 1]!.seq : null, data: entry.data });
  const resend = () => outbox.forEach(post);
  const discard = (notify = (error: LifelineError) => emit('onError', error)) => {
    if (outbox.length) notify(new LifelineError('queue-discarded', { count: outbox.length }));
    outbox = [];
  };

  // --- the leader ----------------------------------------------------------------------------

  /** The local connection runs, started by `then`. */
  const start = (then: (connection: Connection<In>) => void) => {
    clearTimeout(timer);
    if (!release) {
      release = local.retain(false);
      unsubscribe = local.subscribe((next) => {
        if (next.status === 'open') flushOwn();
        update();
      });
    }
    then(local);
    update();
  };
  /** Carries on the inherited retry: its attempt number, and its re-authentication if it had one. */
  const resume = (reauth = inherited?.lastClose?.action === 'reauth' && inherited.lastClose.willRetry) => {
    const attempt = inherited?.attempt ?? 0;
    start((connection) => connection.resume!(attempt, reauth));
  };
  // What this tab sent as a follower and no leader acknowledged goes out once the socket is open
  // (an acknowledgement from the last leader may still be on its way).
  const flushOwn = () => {
    if (local.getState().status !== 'open') return;
    const pending = outbox;
    outbox = [];
    for (const { data } of pending) local.send(data);
  };

  const decide = () => {
    decided = true;
    const error = inherited?.error; // a send refused during the handover
    const next = takeOver(heard ? mirror : null, heard ? mirrorStop : null);
    inherited = next.state;
    carried = next.state?.lastClose ?? null;
    if (next.start === 'never') stop = heard ? mirrorStop : null;
    else if (next.start === 'at') timer = setTimeout(() => resume(next.reauth), Math.max(0, next.at - Date.now()));
    // A disconnect() said during the handover: no socket to open and close again.
    else if (![...pending, ...held].some((command) => command.name === 'disconnect')) resume(next.reauth);
    if (error && !release) inherited = { ...inherited!, error };
    // This tab's own unconfirmed commands, then what others said meanwhile.
    const queue = [...pending.map((command) => ({ ...command, from: id })), ...held];
    pending = held = [];
    queue.forEach(run);
    update();
    channel?.post({ t: 'state', state: toWire(state, stop) }); // also for tabs that asked during the handover
  };

  const run = (command: Held) => {
    if (!decided) return void held.push(command); // after the handover
    if (command.from !== id) channel?.post({ t: 'done', to: command.from, seq: command.seq });
    if (command.name === 'disconnect') return stopHere(command.code, command.reason);
    const waiting = !release && !STOPPED.includes(inherited?.status ?? '');
    // As the core: connect() while a retry waits changes nothing; retryNow() only skips a wait.
    if (waiting) return command.name === 'retryNow' ? resume() : command.name === 'reauthenticate' ? resume(true) : undefined;
    if (command.name !== 'retryNow') stop = null;
    if (release) return local[command.name]();
    if (command.name !== 'retryNow') start((connection) => connection[command.name]());
  };

  const stopHere = (code: number, reason: string) => {
    discard(); // this tab's own, then every other tab's: nothing sent before disconnect() goes out after it
    channel?.post({ t: 'discard' });
    stop = [code, reason];
    if (release) return local.disconnect(code, reason);
    clearTimeout(timer);
    // Not running (a stopped or waiting socket taken over): the app's stop is the last close, as in the core.
    const now = leaderState();
    const already = STOPPED.includes(now.status) && now.lastClose?.initiator === 'client';
    const close = already ? now.lastClose! : clientClose(stop);
    inherited = { ...now, status: 'closed', readyState: 3, nextRetryAt: null, lastClose: close };
    carried = close;
    update();
    if (!already) emit('onClose', close);
  };

  const passOn = () => channel?.post({ t: 'state', state: toWire(mirror, mirrorStop) });

  const lead = () => {
    leading = true;
    delivered.clear();
    channel?.post({ t: 'hello' });
    // A tab that never heard a leader has nothing to carry on from: it starts at once.
    if (heard) timer = setTimeout(decide, HANDOVER_MS);
    else decide();
  };

  const fromFollower = (message: TabMessage) => {
    // In the handover, what the last leader showed (it is what this tab carries on from).
    if (message.t === 'ask') return decided ? channel?.post({ t: 'state', state: toWire(state, stop) }) : heard && passOn();
    if (message.t === 'cmd') return run(message);
    if (message.t !== 'send') return;
    const last = delivered.get(message.from);
    if (last !== undefined && message.seq <= last) return channel?.post({ t: 'ack', to: message.from, seq: last });
    // Only onto an open socket, and only after the one before it: else the follower sends it again when it sees `open`.
    if (!release || local.getState().status !== 'open' || (message.after !== null && message.after !== last)) return;
    local.send(message.data as SendData);
    delivered.set(message.from, message.seq);
    channel?.post({ t: 'ack', to: message.from, seq: message.seq });
  };

  // --- a follower (and a tab in its handover) ------------------------------------------------------

  const fromLeader = (message: TabMessage) => {
    if (message.t === 'bye') {
      listening = false;
      // The leader's tab goes: an open socket goes with it, and the next leader opens another. A stopped
      // or waiting one stays as it was, for the next leader to carry on from.
      if (mirror.status === 'open') mirror = { ...mirror, status: 'connecting', readyState: 0 };
      return update();
    }
    if (message.t !== 'hello' && message.t !== 'state') return;
    // A leader speaks: it hears what this tab said meanwhile, and a new one what its last leader did not confirm.
    if ((!listening || message.t === 'hello') && !leading) pending.forEach((command) => channel?.post(command));
    listening = true;
    if (message.t === 'hello') return leading ? undefined : resend();
    if (message.t !== 'state') return;
    const before = mirror;
    const wire = message.state;
    const sameError = wire.error && before.error && wire.error.code === before.error.code && wire.error.message === before.error.message;
    mirror = { ...before, ...wire, error: wire.error ? (sameError ? before.error : fromWire(wire.error)) : null };
    mirrorStop = wire.stop;
    const first = !heard;
    heard = true;
    if (mirror.status !== before.status) ownError = null; // as the core clears its error on a new start and on open
    // As the core's queue: a session that ends for good (or by disconnect()) takes this tab's waiting sends with it.
    if (STOPPED.includes(mirror.status) && !STOPPED.includes(before.status) && !leading) discard();
    update();
    if (mirror.status === 'open' && before.status !== 'open' && !leading) resend(); // before onOpen: a hello sent there goes after
    if (first) return; // a tab that joins late hears the state, not the events before it
    const close = wire.lastClose;
    if (close && (close.at !== before.lastClose?.at || close.code !== before.lastClose?.code)) emit('onClose', close);
    if (mirror.status === 'failed' && before.status !== 'failed' && close) emit('onGiveUp', close);
    if (mirror.status === 'open' && before.status !== 'open') emit('onOpen', new Event('open'));
  };

  const receive = (message: TabMessage) => {
    if (message.t === 'msg') return emit('onMessage', message.data, new MessageEvent('message', { data: message.data })); // also one the last leader got just before it left
    if (message.t === 'ack' || message.t === 'done') {
      if (message.to !== id) return;
      if (message.t === 'ack') outbox = outbox.filter((entry) => entry.seq > message.seq);
      else pending = pending.filter((command) => command.seq > message.seq);
      return;
    }
    if (message.t === 'discard') return discard();
    if (leading && (message.t === 'ask' || message.t === 'send' || message.t === 'cmd')) return fromFollower(message);
    if (!decided) fromLeader(message);
  };

  // --- joining and leaving the tabs of this socket ------------------------------------------------

  const join = () => {
    leaving = false;
    if (session) return;
    const current = (session = new AbortController());
    const offChange = network.subscribe((online) => {
      // Back online during a retry wait taken over: retry now, as the core does (reconnectOnOnline).
      if (online && decided && !release && inherited?.status === 'reconnecting') resume();
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
        channel.post({ t: 'ask' });
        return options.locks.request(`react-lifeline ${name}`, { signal: current.signal }, () =>
          current.signal.aborted ? Promise.resolve() : new Promise<void>((resolve) => ((unlock = resolve), lead())),
        );
      })
      .catch(() => {}); // aborted while waiting for the lock: this tab left
  };

  const leave = (notify?: (error: LifelineError) => void) => {
    session?.abort();
    session = null;
    offNetwork();
    clearTimeout(timer);
    if (leading && !decided && heard) passOn(); // leaving in the handover: the next tab carries on from the same state
    if (leading) channel?.post({ t: 'bye' });
    unsubscribe();
    release?.();
    leading = decided = listening = heard = false;
    release = inherited = carried = stop = null;
    unlock?.();
    unlock = null;
    channel?.close();
    channel = null;
    discard(notify);
    pending = held = []; // what others said here, they say again to the next leader
    mirror = { ...mirror, status: 'connecting', readyState: 0 };
    update();
  };

  const command = (message: Said) => {
    const numbered = { ...message, seq: (commands += 1) } as Command;
    if (leading) return run({ ...numbered, from: id });
    // Kept until a leader confirms it: the next leader hears it again, or this tab runs it if it leads first.
    pending.push(numbered);
    if (channel && listening) channel.post(numbered);
  };

  const send = (data: SendData): SendResult => {
    if (leading && release && !outbox.length) return local.send(data);
    const shown = state.status;
    const open = shown === 'open' && (!leading || !!release);
    const limits = options.queue ?? {};
    const max = limits ? (limits.max ?? 1000) : 0;
    if (!open && (!limits || ['closing', 'closed', 'failed'].includes(shown))) {
      fail('not-open', { status: limits ? shown : 'queue-off' });
      return 'rejected';
    }
    if (!open && outbox.length >= max) {
      if (!limits || limits.overflow !== 'drop-oldest' || max <= 0) {
        fail('queue-full', { count: max, status: shown });
        return 'rejected';
      }
      outbox.shift();
    }
    outbox.push({ seq: ++seq, data: copy(data) });
    if (leading) flushOwn();
    else if (open) post(outbox.at(-1)!, outbox.length - 1);
    return open ? 'sent' : 'queued';
  };

  const api: Connection<In> = {
    getState: () => state,
    getServerState: local.getServerState,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    onMessage: (listener) => api.addHandlers({ onMessage: listener }),
    addHandlers(entry) {
      const own = { ...entry };
      handlers.add(own);
      return () => void handlers.delete(own);
    },
    send,
    sendJson(value) {
      if (leading && release && !outbox.length) return local.sendJson(value);
      let text: unknown;
      try {
        text = JSON.stringify(value);
      } catch (cause) {
        text = cause;
      }
      if (typeof text === 'string') return send(text);
      fail('invalid-json', { cause: text, got: value });
      return 'rejected';
    },
    connect: () => ((ownError = null), command({ t: 'cmd', name: 'connect' })),
    retryNow: () => command({ t: 'cmd', name: 'retryNow' }),
    reauthenticate: () => ((ownError = null), command({ t: 'cmd', name: 'reauthenticate' })),
    disconnect(code = 1000, reason = '') {
      assertCloseArgs(code, reason);
      if (leading) return command({ t: 'cmd', name: 'disconnect', code, reason });
      discard(); // this tab's own now; the leader discards every other tab's
      command({ t: 'cmd', name: 'disconnect', code, reason });
    },
    setOptions: (next) => local.setOptions(next),
    retain() {
      refs += 1;
      join();
      let released = false;
      return (notify) => {
        if (released) return;
        released = true;
        if (--refs) return;
        // After a microtask, like the core: a StrictMode remount keeps the lock and the socket.
        leaving = true;
        queueMicrotask(() => leaving && refs === 0 && leave(notify));
      };
    },
    dispose() {
      leave();
      local.dispose();
      listeners.clear();
      handlers.clear();
    },
  };

  local.addHandlers({
    onOpen: (event) => leading && emit('onOpen', event),
    onMessage(data, event) {
      if (!leading) return;
      channel?.post({ t: 'msg', data: event.data });
      emit('onMessage', data, event);
    },
    onClose: (close, url) => leading && emit('onClose', close, url),
    onError: (error) => emit('onError', error),
    onGiveUp: (close) => leading && emit('onGiveUp', close),
  });
  return api;
}
