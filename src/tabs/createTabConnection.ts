import { assertCloseArgs, LifelineError } from '../core';
import type {
  CloseInfo,
  Connection,
  ConnectionHandlers,
  ConnectionState,
  NetworkSource,
  QueueOptions,
  SendData,
  SendResult,
} from '../core';
import { readTabMessage } from './readTabMessage';
import type { ChannelConstructor, LockManagerLike, Outgoing, TabMessage, WireState } from './types';

export interface TabConnectionOptions {
  locks: LockManagerLike;
  BroadcastChannel: ChannelConstructor;
  network: NetworkSource;
  /** This tab's id on the channel. */
  id: string;
  /** The hook's queue option: what a follower does with a send while the socket is not open. */
  queue?: QueueOptions | false | undefined;
}

// Browsers copy at send(); what a follower holds for the leader must not change with the caller's buffer.
const copy = (data: SendData): SendData =>
  typeof data === 'string' || (typeof Blob === 'function' && data instanceof Blob)
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : new Uint8Array(data as ArrayBufferLike).slice().buffer;

const toWire = (state: ConnectionState): WireState => ({
  status: state.status,
  readyState: state.readyState,
  lastClose: state.lastClose,
  attempt: state.attempt,
  nextRetryAt: state.nextRetryAt,
  error: state.error && { code: state.error.code, message: state.error.message, field: state.error.field, count: state.error.count },
});

// A LifelineError as another tab reported it: same code, field, count and words, and `instanceof` holds.
const revive = (error: NonNullable<WireState['error']>): LifelineError =>
  Object.assign(Object.create(LifelineError.prototype) as LifelineError, { ...error, name: 'LifelineError' });

/**
 * One shared socket seen from one tab. The tab that holds the Web Lock named after the
 * socket's key is the leader: its own connection (`local`) opens the socket, and its state
 * and every message go out on a BroadcastChannel of the same name. The other tabs follow:
 * they show the leader's state (with their own `online`), hand their sends and commands to
 * the leader, and keep each send until the leader acknowledges it went out on an open
 * socket, so a leader that closes or crashes loses nothing a follower sent. When the leader
 * tab goes, the lock passes to a follower, which opens the socket and says hello.
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
  let leading: (() => void) | null = null; // stops leading: unsubscribes and releases the local connection
  let offNetwork = () => {};
  // What this tab sent through the leader and the leader has not acknowledged, in order.
  let outbox: Array<{ seq: number; data: SendData }> = [];
  let seq = 0;
  // Leader side: the next sequence number expected from each follower (a gap waits for the resend).
  const expected = new Map<string, number>();
  let mirror: ConnectionState<In> = { ...local.getServerState(), status: 'connecting', readyState: 0 };
  let ownError: LifelineError | null = null;
  let state = mirror;

  const emit = (handler: keyof ConnectionHandlers<In>, ...args: unknown[]) => {
    for (const entry of [...handlers]) (entry[handler] as ((...a: unknown[]) => void) | undefined)?.(...args);
  };
  const update = () => {
    const next = leading ? local.getState() : { ...mirror, online: network.isOnline(), error: ownError ?? mirror.error };
    if (Object.keys(next).some((field) => !Object.is(next[field as keyof ConnectionState], state[field as keyof ConnectionState]))) {
      state = next;
      for (const listener of [...listeners]) listener(state);
    }
  };
  const fail = (code: 'not-open' | 'queue-full' | 'queue-discarded' | 'invalid-json', detail: ConstructorParameters<typeof LifelineError>[1]) => {
    ownError = new LifelineError(code, detail);
    update();
    emit('onError', ownError);
  };
  const resend = () => {
    for (const { seq: number, data } of outbox) channel?.post({ t: 'send', seq: number, data });
  };
  const discard = (notify = (error: LifelineError) => emit('onError', error)) => {
    if (outbox.length) notify(new LifelineError('queue-discarded', { count: outbox.length }));
    outbox = [];
  };

  // --- the leader ----------------------------------------------------------------------------

  const lead = () => {
    const release = local.retain();
    const unsubscribe = local.subscribe((next) => {
      channel?.post({ t: 'state', state: toWire(next) });
      update();
    });
    leading = () => {
      leading = null;
      unsubscribe();
      release();
    };
    expected.clear();
    channel?.post({ t: 'hello' });
    channel?.post({ t: 'state', state: toWire(local.getState()) });
    update();
    // What this tab sent as a follower and no leader acknowledged goes out from here now, first.
    for (const { data } of outbox) local.send(data);
    outbox = [];
  };

  const fromFollower = (message: TabMessage) => {
    if (message.t === 'ask') return channel?.post({ t: 'state', state: toWire(local.getState()) });
    if (message.t === 'cmd') {
      if (message.name === 'disconnect') return api.disconnect(message.code, message.reason);
      return local[message.name]();
    }
    if (message.t !== 'send') return;
    const next = expected.get(message.from);
    if (next !== undefined && message.seq < next) return channel?.post({ t: 'ack', to: message.from, seq: next - 1 });
    // Only onto an open socket, in order: otherwise the follower keeps it and sends it again when it sees `open`.
    if ((next !== undefined && message.seq > next) || local.getState().status !== 'open') return;
    local.send(message.data as SendData);
    expected.set(message.from, message.seq + 1);
    channel?.post({ t: 'ack', to: message.from, seq: message.seq });
  };

  // --- a follower ------------------------------------------------------------------------------

  const fromLeader = (message: TabMessage) => {
    if (message.t === 'hello') return resend();
    if (message.t === 'bye') {
      mirror = { ...mirror, status: 'connecting', readyState: 0 };
      return update();
    }
    if (message.t === 'discard') return discard();
    if (message.t === 'ack') {
      if (message.to === id) outbox = outbox.filter((entry) => entry.seq > message.seq);
      return;
    }
    if (message.t === 'msg') return emit('onMessage', message.data, new MessageEvent('message', { data: message.data }));
    if (message.t !== 'state') return;
    const before = mirror;
    const wire = message.state;
    const sameError = wire.error && before.error && wire.error.code === before.error.code && wire.error.message === before.error.message;
    mirror = { ...before, ...wire, error: wire.error ? (sameError ? before.error : revive(wire.error)) : null };
    const close: CloseInfo | null = wire.lastClose;
    if (mirror.status === 'open') ownError = null;
    update();
    if (close && (close.at !== before.lastClose?.at || close.code !== before.lastClose.code)) emit('onClose', close);
    if (mirror.status === 'failed' && before.status !== 'failed' && close) emit('onGiveUp', close);
    if (mirror.status === 'open' && before.status !== 'open') {
      emit('onOpen', new Event('open'));
      resend();
    }
  };

  // --- joining and leaving the tabs of this socket ------------------------------------------------

  const join = () => {
    leaving = false;
    if (session) return;
    const current = (session = new AbortController());
    offNetwork = network.subscribe(() => !leading && update()); // a follower's `online` is its own
    void Promise.resolve(key)
      .then((name) => {
        if (current.signal.aborted) return;
        const raw = new options.BroadcastChannel(`react-lifeline ${name}`);
        raw.onmessage = (event) => {
          const message = readTabMessage(event.data);
          if (message && message.from !== id) (leading ? fromFollower : fromLeader)(message);
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
    if (leading) {
      channel?.post({ t: 'bye' });
      leading();
    }
    unlock?.();
    unlock = null;
    channel?.close();
    channel = null;
    discard(notify);
    mirror = { ...mirror, status: 'connecting', readyState: 0 };
    update();
  };

  const relay = (command: Outgoing<Extract<TabMessage, { t: 'cmd' }>>) => (leading ? undefined : channel?.post(command));

  const send = (data: SendData): SendResult => {
    if (leading) return local.send(data);
    const open = mirror.status === 'open';
    const limits = options.queue ?? {};
    const max = limits ? (limits.max ?? 1000) : 0;
    if (!open && (!limits || ['closing', 'closed', 'failed'].includes(mirror.status))) {
      fail('not-open', { status: limits ? mirror.status : 'queue-off' });
      return 'rejected';
    }
    if (!open && outbox.length >= max) {
      if (!limits || limits.overflow !== 'drop-oldest' || max <= 0) {
        fail('queue-full', { count: max, status: mirror.status });
        return 'rejected';
      }
      outbox.shift();
    }
    const entry = { seq: ++seq, data: copy(data) };
    outbox.push(entry);
    if (open) channel?.post({ t: 'send', seq: entry.seq, data: entry.data });
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
    connect: () => (leading ? local.connect() : relay({ t: 'cmd', name: 'connect' })),
    retryNow: () => (leading ? local.retryNow() : relay({ t: 'cmd', name: 'retryNow' })),
    reauthenticate: () => (leading ? local.reauthenticate() : relay({ t: 'cmd', name: 'reauthenticate' })),
    disconnect(code = 1000, reason = '') {
      assertCloseArgs(code, reason);
      discard(); // this tab's own, then every other tab's: nothing sent before disconnect() goes out after it
      if (!leading) return relay({ t: 'cmd', name: 'disconnect', code, reason });
      channel?.post({ t: 'discard' });
      local.disconnect(code, reason);
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
    onClose: (close) => leading && emit('onClose', close),
    onError: (error) => emit('onError', error),
    onGiveUp: (close) => leading && emit('onGiveUp', close),
  });
  return api;
}
