// Connection-level defects of 0.1, each pinned by tests that must fail on 0.1 and pass once
// the v2 semantics (README: sessions and the queue, URL identity, proved alive). Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  createConnection,
  LifelineError,
  type CloseInfo,
  type Connection,
  type ConnectionOptions,
  type NetworkSource,
  type UrlSource,
} from 'react-lifeline/core';
import { createFakeServer, seededRandom, type FakeServer } from 'react-lifeline/testing';
import { heartbeat } from 'react-lifeline/heartbeat';
import { fakeNetwork } from '../helpers/fakeNetwork';

const URL_A = 'ws://127.0.0.1:1/a';
const URL_B = 'ws://127.0.0.1:1/b';

/** A network source with online/offline events and bfcache restores the test fires. */
function controllableNetwork(initiallyOnline = true) {
  const base = fakeNetwork(initiallyOnline);
  const restoreListeners = new Set<() => void>();
  const source: NetworkSource = {
    isOnline: base.source.isOnline,
    subscribe: base.source.subscribe,
    subscribePageRestore(listener) {
      restoreListeners.add(listener);
      return () => restoreListeners.delete(listener);
    },
  };
  return {
    source,
    set: (online: boolean) => base.set(online),
    /** `pageshow` with `persisted: true`. */
    restore: () => {
      for (const listener of [...restoreListeners]) listener();
    },
  };
}

function setup(options: ConnectionOptions = {}, url: UrlSource | null = URL_A, server: FakeServer = createFakeServer()) {
  const network = controllableNetwork();
  const errors: Error[] = [];
  const closes: CloseInfo[] = [];
  const giveUps: CloseInfo[] = [];
  const connection: Connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: network.source,
    random: seededRandom(1),
    onError: (error) => errors.push(error),
    onClose: (close) => closes.push(close),
    onGiveUp: (close) => giveUps.push(close),
    ...options,
  });
  return { server, network, errors, closes, giveUps, connection, state: () => connection.getState() };
}

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;
const discards = (errors: Error[]) => errors.filter((error) => codeOf(error) === 'queue-discarded');
const errorCodes = (errors: Error[]) => errors.map(codeOf);

/** Lets promise jobs (re-auth, async URLs, fake close handshakes) and 0 ms timers run. */
async function settle() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

/** The bytes a payload carries, whatever binary form it has. */
function bytesOf(data: unknown): number[] | unknown {
  if (data instanceof ArrayBuffer) return [...new Uint8Array(data)];
  if (ArrayBuffer.isView(data)) return [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
  return data;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('defect 1: queued messages never cross a session boundary', () => {
  it('does not send a message queued for URL A to URL B after a URL change; reports one discard with its count', async () => {
    const { server, connection, errors } = setup();
    const stateErrors: unknown[] = [];
    connection.subscribe((state) => void (state.error && stateErrors.push(state.error)));
    connection.connect();
    await settle();
    const socketA = server.last();
    expect(connection.send('for A')).toBe('queued');
    expect(connection.sendJson({ to: 'A' })).toBe('queued');

    connection.setOptions({ url: URL_B });
    await settle();
    const socketB = server.last();
    expect(socketB.url).toBe(URL_B);

    socketB.accept();
    await settle();
    expect(socketB.sent).toEqual([]);
    expect(socketA.sent).toEqual([]);
    expect(discards(errors)).toHaveLength(1);
    expect(discards(errors)[0]).toBeInstanceOf(LifelineError);
    expect(discards(errors)[0]).toMatchObject({ code: 'queue-discarded', count: 2 });
    // state.error showed it too (a new session may clear it again: look at what subscribers saw).
    expect(stateErrors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ code: 'queue-discarded', count: 2 }]);
  });

  it('does not send messages queued before disconnect() on the next connect() (logout, then login)', async () => {
    const { server, connection, state, errors } = setup();
    connection.connect();
    await settle();
    server.last().accept().drop(); // now waiting to reconnect
    expect(state().status).toBe('reconnecting');
    expect(connection.send('user 1: private note')).toBe('queued');

    connection.disconnect(); // logout
    await settle();
    expect(state().status).toBe('closed');
    const errorAfterDisconnect = state().error;
    connection.connect(); // the next user logs in
    await settle();
    server.last().accept();
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.last().sent).toEqual([]);
    expect(discards(errors)).toHaveLength(1);
    expect(discards(errors)[0]).toMatchObject({ code: 'queue-discarded', count: 1 });
    expect(errorAfterDisconnect).toMatchObject({ code: 'queue-discarded', count: 1 });
  });
});

describe('defect 3: nothing skips a pending policy.reauthenticate()', () => {
  async function duringReauth() {
    let token = 'old';
    const pending: Array<() => void> = [];
    const reauthenticate = vi.fn(() => new Promise<void>((resolve) => pending.push(resolve)));
    const context = setup({ policy: { reauthenticate, jitter: 'none', initialDelayMs: 1000 } }, () => `${URL_A}?token=${token}`);
    context.connection.connect();
    await settle();
    context.server.last().accept().serverClose(3000, 'expired');
    expect(context.state().lastClose).toMatchObject({ code: 3000, willRetry: true });
    await vi.advanceTimersByTimeAsync(1000); // the retry is due: the re-auth starts
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(context.server.sockets).toHaveLength(1);
    return {
      ...context,
      reauthenticate,
      urls: () => context.server.sockets.map((socket) => socket.url),
      async finishReauth() {
        token = 'new';
        for (const resolve of pending.splice(0)) resolve();
        await settle();
      },
    };
  }

  it.each([
    ['retryNow()', (context: Awaited<ReturnType<typeof duringReauth>>) => context.connection.retryNow()],
    [
      'the online event',
      (context: Awaited<ReturnType<typeof duringReauth>>) => {
        context.network.set(false);
        context.network.set(true);
      },
    ],
    ['a bfcache restore (pageshow persisted)', (context: Awaited<ReturnType<typeof duringReauth>>) => context.network.restore()],
  ])('%s while reauthenticate() is pending opens no socket with the old token; the retry then uses the new one', async (_trigger, trigger) => {
    const context = await duringReauth();
    trigger(context);
    await settle();
    expect(context.urls()).toEqual([`${URL_A}?token=old`]);

    await context.finishReauth();
    expect(context.urls()).toEqual([`${URL_A}?token=old`, `${URL_A}?token=new`]);
    expect(context.reauthenticate).toHaveBeenCalledTimes(1);
    context.server.last().accept();
    expect(context.state().status).toBe('open');
  });
});

describe('defect 4: the heartbeat stops at disconnect()', () => {
  it('a slow closing handshake after disconnect(4000) ends as 4000 from the client, never a 3008 heartbeat timeout', async () => {
    const server = createFakeServer();
    // The close frame goes out, but the server takes its time to answer it.
    class SlowCloseSocket extends server.WebSocket {
      override close(code?: number, reason?: string): void {
        if (this.readyState >= 2) return;
        this.closedByClient = { code, reason };
        this.readyState = 2;
      }
    }
    const fakeServer: FakeServer = { ...server, WebSocket: SlowCloseSocket, last: () => server.last() };
    const { connection, state, errors, closes } = setup(
      { plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 500 })], policy: { jitter: 'none' } },
      URL_A,
      fakeServer,
    );
    connection.connect();
    await settle();
    const socket = server.last().accept();
    await vi.advanceTimersByTimeAsync(1000);
    expect(socket.sent).toEqual(['ping']);
    socket.message('pong');
    await vi.advanceTimersByTimeAsync(500);

    connection.disconnect(4000, 'bye');
    expect(state().status).toBe('closing');
    expect(socket.closedByClient).toEqual({ code: 4000, reason: 'bye' });
    await vi.advanceTimersByTimeAsync(5000); // the server answers the close frame only now
    expect(errorCodes(errors)).not.toContain('heartbeat-timeout');
    expect(state().lastClose?.code).not.toBe(3008);
    expect(socket.sent).toEqual(['ping']);

    socket.serverClose(4000, 'bye');
    await settle();
    expect(state().status).toBe('closed');
    expect(state().lastClose).toMatchObject({ code: 4000, reason: 'bye', initiator: 'client', willRetry: false });
    expect(closes.map((close) => close.code)).toEqual([4000]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
  });
});

describe('defect 5: a heartbeat that never gets an answer does not count as a stable connection', () => {
  it('with intervalMs + timeoutMs >= stableAfterMs, a server that accepts and never answers ends failed after maxAttempts', async () => {
    const { server, connection, state, giveUps } = setup({
      plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 1000 })],
      policy: { maxAttempts: 3, stableAfterMs: 1500, initialDelayMs: 100, maxDelayMs: 100, jitter: 'none' },
    });
    connection.connect();
    await settle();
    // Accept every socket, answer nothing; 60 s is far more than 4 dead connections need.
    for (let i = 0; i < 120 && state().status !== 'failed'; i += 1) {
      const last = server.last();
      if (last.readyState === 0) last.accept();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(state().status).toBe('failed');
    expect(server.sockets).toHaveLength(4); // the first attempt and 3 retries
    expect(giveUps).toHaveLength(1);
    expect(state().lastClose).toMatchObject({ code: 3008, willRetry: false });
  });
});

describe('defect 6: queued binary data is copied', () => {
  it.each([
    [
      'an ArrayBuffer',
      () => {
        const buffer = new ArrayBuffer(3);
        new Uint8Array(buffer).set([1, 2, 3]);
        return { data: buffer as ArrayBufferLike, mutate: () => new Uint8Array(buffer).fill(0), expected: [1, 2, 3] };
      },
    ],
    [
      'a Uint8Array view into a larger buffer',
      () => {
        const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);
        const view = whole.subarray(2, 5);
        return { data: view as ArrayBufferView, mutate: () => whole.fill(0), expected: [1, 2, 3] };
      },
    ],
    [
      'a DataView',
      () => {
        const view = new DataView(new ArrayBuffer(4));
        view.setUint32(0, 0x01020304);
        return { data: view as ArrayBufferView, mutate: () => view.setUint32(0, 0), expected: [1, 2, 3, 4] };
      },
    ],
  ])('sends %s with the bytes it held when send() answered queued', async (_kind, make) => {
    const { server, connection } = setup();
    connection.connect();
    await settle();
    const { data, mutate, expected } = make();
    expect(connection.send(data)).toBe('queued');
    mutate();
    server.last().accept();
    await settle();
    expect(server.last().sent).toHaveLength(1);
    expect(bytesOf(server.last().sent[0])).toEqual(expected);
  });
});

describe('defect 12: disconnect() during a reconnect wait', () => {
  it('disconnect() while waiting to retry sets lastClose.willRetry false and retryAt null', async () => {
    const { server, connection, state } = setup();
    connection.connect();
    await settle();
    server.last().accept().drop();
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: true });
    connection.disconnect();
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    // No socket to close: the app's stop is the last close now, and it promises no retry.
    expect(state().lastClose).toMatchObject({ code: 1000, initiator: 'client', action: 'never', willRetry: false, retryAt: null });
  });

  it('disconnect() while waiting for the network sets lastClose.willRetry false', async () => {
    const { server, network, connection, state } = setup({ policy: { jitter: 'none' } });
    connection.connect();
    await settle();
    network.set(false);
    server.last().accept().drop();
    await vi.advanceTimersByTimeAsync(1000); // the retry is due, but the network is down
    expect(server.sockets).toHaveLength(1);
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: true });
    connection.disconnect();
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    // No socket to close: the app's stop is the last close now, and it promises no retry.
    expect(state().lastClose).toMatchObject({ code: 1000, initiator: 'client', action: 'never', willRetry: false, retryAt: null });
  });

  it('disconnect() while reauthenticate() is pending sets lastClose.willRetry false and never connects', async () => {
    const reauthenticate = vi.fn(() => new Promise<void>(() => {}));
    const { server, connection, state } = setup({ policy: { reauthenticate, jitter: 'none' } });
    connection.connect();
    await settle();
    server.last().accept().serverClose(3000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    connection.disconnect();
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    expect(state().lastClose).toMatchObject({ code: 1000, initiator: 'client', action: 'never', willRetry: false, retryAt: null });
  });
});

describe('defect 13: the queue goes out before "open" is announced', () => {
  it('a state subscriber that sends when status turns open gets its message out after the queued ones', async () => {
    const { server, connection } = setup();
    let answer: string | null = null;
    connection.subscribe((state) => {
      if (state.status === 'open' && answer === null) answer = connection.send('from the subscriber');
    });
    connection.connect();
    await settle();
    expect(connection.send('queued 1')).toBe('queued');
    expect(connection.send('queued 2')).toBe('queued');
    server.last().accept();
    await settle();
    expect(answer).toBe('sent');
    expect(server.last().sent).toEqual(['queued 1', 'queued 2', 'from the subscriber']);
  });
});

describe('defect 14: a URL change after disconnect() does not reconnect', () => {
  it('a held connection (as a hook holds it) stays closed when the URL changes after disconnect(); connect() then uses the new URL', async () => {
    const { server, connection, state } = setup();
    const release = connection.retain(); // what a mounted hook does
    await settle();
    server.last().accept();
    connection.disconnect();
    await settle();
    expect(state().status).toBe('closed');

    connection.setOptions({ url: URL_B });
    await settle();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(server.sockets).toHaveLength(1);
    expect(state().status).toBe('closed');

    connection.connect();
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.last().url).toBe(URL_B);
    release();
  });
});

describe('defect 15: queue and heartbeat options are validated', () => {
  const beat = { message: 'ping', intervalMs: 1000, timeoutMs: 500 };
  it.each<[field: string, value: string, options: ConnectionOptions]>([
    ['queue.max', 'NaN', { queue: { max: Number.NaN } }],
    ['queue.max', '-1', { queue: { max: -1 } }],
    ['queue.max', '1.5', { queue: { max: 1.5 } }],
    ['queue.overflow', "'sometimes'", { queue: { max: 1, overflow: 'sometimes' as never } }],
    ['heartbeat.intervalMs', 'NaN', { plugins: [heartbeat({ ...beat, intervalMs: Number.NaN })] }],
    ['heartbeat.intervalMs', '-1', { plugins: [heartbeat({ ...beat, intervalMs: -1 })] }],
    ['heartbeat.timeoutMs', 'NaN', { plugins: [heartbeat({ ...beat, timeoutMs: Number.NaN })] }],
    ['heartbeat.message', '42', { plugins: [heartbeat({ ...beat, message: 42 as never })] }],
    ['heartbeat.isPong', "'pong'", { plugins: [heartbeat({ ...beat, isPong: 'pong' as never })] }],
  ])('refuses %s = %s at creation: status failed, invalid-option naming the field, no socket', (field, _value, options) => {
    const { server, state } = setup(options);
    expect(state().status).toBe('failed');
    expect(state().error).toBeInstanceOf(LifelineError);
    expect(state().error).toMatchObject({ code: 'invalid-option', field });
    expect(server.sockets).toHaveLength(0);
  });

  it('accepts queue.max 0 and Infinity (whole numbers >= 0, Infinity allowed)', () => {
    for (const max of [0, Number.POSITIVE_INFINITY]) {
      const { state } = setup({ queue: { max } });
      expect(state()).toMatchObject({ status: 'idle', error: null });
    }
  });

  it('setOptions with queue.max NaN reports invalid-option and keeps the last valid max; the socket is untouched', async () => {
    const { server, connection, state } = setup({ queue: { max: 2 } });
    connection.connect();
    await settle();
    server.last().accept();
    connection.setOptions({ queue: { max: Number.NaN } });
    expect(state().error).toMatchObject({ code: 'invalid-option', field: 'queue.max' });
    expect(state().status).toBe('open');
    expect(server.live()).toHaveLength(1);
    server.last().drop();
    expect(connection.send('a')).toBe('queued');
    expect(connection.send('b')).toBe('queued');
    expect(connection.send('c')).toBe('rejected'); // still max 2, overflow 'reject'
  });

  it("setOptions with an unknown overflow reports invalid-option and keeps 'reject' (not 'drop-oldest')", async () => {
    const { server, connection, state } = setup({ queue: { max: 1, overflow: 'reject' } });
    connection.connect();
    await settle();
    connection.setOptions({ queue: { max: 1, overflow: 'newest-wins' as never } });
    expect(state().error).toMatchObject({ code: 'invalid-option', field: 'queue.overflow' });
    expect(connection.send('first')).toBe('queued');
    expect(connection.send('second')).toBe('rejected');
    server.last().accept();
    expect(server.last().sent).toEqual(['first']);
  });

  it('setOptions with heartbeat.intervalMs NaN reports invalid-option and keeps pinging at the last valid interval', async () => {
    const { server, connection, state } = setup({ plugins: [heartbeat(beat)], policy: { jitter: 'none' } });
    connection.connect();
    await settle();
    server.last().accept();
    connection.setOptions({ plugins: [heartbeat({ ...beat, intervalMs: Number.NaN })] });
    expect(state().error).toMatchObject({ code: 'invalid-option', field: 'heartbeat.intervalMs' });
    expect(state().status).toBe('open');
    server.last().drop();
    await vi.advanceTimersByTimeAsync(1000);
    server.last().accept();
    await vi.advanceTimersByTimeAsync(100);
    expect(server.last().sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(900);
    expect(server.last().sent).toEqual(['ping']);
  });
});

describe('defect 16: online stays current while idle or closed', () => {
  it('an idle connection with a subscriber follows offline and online events', () => {
    const { network, connection, state } = setup();
    const seen: boolean[] = [];
    connection.subscribe((next) => seen.push(next.online));
    expect(state()).toMatchObject({ status: 'idle', online: true });
    network.set(false);
    expect(state().online).toBe(false);
    network.set(true);
    expect(state().online).toBe(true);
    expect(seen).toEqual([false, true]);
  });

  it('a closed connection with a subscriber follows offline and online events', async () => {
    const { server, network, connection, state } = setup();
    connection.subscribe(() => {});
    connection.connect();
    await settle();
    server.last().accept();
    connection.disconnect();
    await settle();
    expect(state()).toMatchObject({ status: 'closed', online: true });
    network.set(false);
    expect(state().online).toBe(false);
    network.set(true);
    expect(state().online).toBe(true);
  });
});

describe('defect 17: no error message or log contains the URL query string or fragment', () => {
  const SECRET = 'SECRET-TOKEN-42';

  function captureConsole() {
    const lines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    return lines;
  }

  it.each([
    ['an invalid URL', `not a url?token=${SECRET}`],
    ['an unsupported scheme', `ftp://127.0.0.1:1/x?token=${SECRET}`],
    ['a URL with a fragment', `ws://127.0.0.1:1/x?a=1#token=${SECRET}`],
  ])('%s', async (_case, url) => {
    const lines = captureConsole();
    const { connection, state, errors } = setup({}, url);
    connection.connect();
    await settle();
    const messages = [...errors, state().error].filter(Boolean).map((error) => String(error!.message));
    for (const message of messages) expect(message).not.toContain(SECRET);
    for (const message of messages) expect(message).not.toContain('token=');
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it.each([
    ['a plain message', () => new SyntaxError('The subprotocol is invalid.')],
    ['a browser-like message that quotes the URL', (url: string) => new DOMException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, 'SyntaxError')],
  ])('new WebSocket() throwing (%s): the error message leaves out the query string', async (_case, makeError) => {
    const lines = captureConsole();
    class ThrowingWebSocket {
      constructor(url: string) {
        throw makeError(url);
      }
    }
    const { connection, state, errors } = setup(
      { WebSocket: ThrowingWebSocket as unknown as ConnectionOptions['WebSocket'] },
      `ws://127.0.0.1:1/chat?token=${SECRET}`,
    );
    connection.connect();
    await settle();
    expect(state().status).toBe('failed');
    expect(state().error).toBeInstanceOf(LifelineError);
    for (const error of [...errors, state().error!]) {
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('token=');
    }
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});

describe('defect 18 (runtime part): the socket error event is kept as the cause', () => {
  it("reports the socket's error event as a 'socket-error' LifelineError whose cause is that event", async () => {
    const { server, connection, errors } = setup();
    connection.connect();
    await settle();
    const socket = server.last();
    let event: Event | null = null;
    socket.addEventListener('error', (seen) => {
      event = seen;
    });
    socket.accept().drop();
    const socketErrors = errors.filter((error) => codeOf(error) === 'socket-error');
    expect(socketErrors).toHaveLength(1);
    expect(socketErrors[0]).toBeInstanceOf(LifelineError);
    expect(event).not.toBeNull();
    expect(socketErrors[0]!.cause).toBe(event);
  });
});
