import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ConnectionOptions } from '../../src/core/createConnection';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import { type LifelineError } from '../../src/core/LifelineError';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { seededRandom } from '../helpers/seededRandom';

const URL_A = 'ws://127.0.0.1:1/a';

function setup(options: ConnectionOptions<unknown> = {}, url: Parameters<typeof createConnection>[0] = URL_A) {
  const server = createFakeServer();
  const network = fakeNetwork();
  const events: string[] = [];
  const connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: network.source,
    random: seededRandom(1),
    onOpen: () => events.push('open'),
    onClose: (close) => events.push(`close ${close.code} ${close.initiator} retry=${close.willRetry}`),
    onError: (error) => events.push(`error ${(error as LifelineError).code}`),
    onGiveUp: (close) => events.push(`give-up ${close.code}`),
    ...options,
  });
  return { server, network, events, connection, state: () => connection.getState() };
}

const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createConnection: lifecycle', () => {
  it('starts idle, connects, opens', () => {
    const { server, connection, state, events } = setup();
    expect(state().status).toBe('idle');
    expect(server.sockets).toHaveLength(0);
    connection.connect();
    expect(state()).toMatchObject({ status: 'connecting', readyState: 0 });
    expect(server.last().url).toBe(URL_A);
    server.last().accept();
    expect(state()).toMatchObject({ status: 'open', readyState: 1, attempt: 0, error: null });
    expect(events).toEqual(['open']);
  });

  it('notifies subscribers once per change with a new snapshot, and not for no-op changes', () => {
    const { server, connection } = setup();
    const seen: string[] = [];
    const unsubscribe = connection.subscribe((state) => seen.push(state.status));
    connection.connect();
    connection.connect(); // no-op while active
    server.last().accept();
    unsubscribe();
    server.last().message('x');
    expect(seen).toEqual(['connecting', 'open']);
  });

  it('delivers every message in order, exactly once, and keeps the last', () => {
    const { server, connection, state } = setup({ parse: (data) => JSON.parse(String(data)) as unknown });
    const received: unknown[] = [];
    connection.onMessage((message) => received.push(message));
    connection.connect();
    server.last().accept();
    for (let i = 0; i < 100; i += 1) server.last().message(JSON.stringify({ i }));
    expect(received).toEqual(Array.from({ length: 100 }, (_, i) => ({ i })));
    expect(state().lastMessage).toEqual({ i: 99 });
  });

  it('keeps the socket open when parse throws, and reports a parse-failed error', () => {
    const { server, connection, state, events } = setup({ parse: (data) => JSON.parse(String(data)) as unknown });
    connection.connect();
    server.last().accept().message('{"ok":1}').message('not json');
    expect(state()).toMatchObject({ status: 'open', lastMessage: { ok: 1 } });
    expect((state().error as LifelineError).code).toBe('parse-failed');
    expect(events).toContain('error parse-failed');
    server.last().message('{"ok":2}');
    expect(state().lastMessage).toEqual({ ok: 2 });
  });

  it('reports a throwing callback as a typed error naming it, without breaking the machine', async () => {
    const errors: LifelineError[] = [];
    const { server, connection, state } = setup({
      onMessage: () => {
        throw new Error('user bug');
      },
      onError: (error) => void errors.push(error),
    });
    connection.connect();
    server.last().accept().message('a').message('b');
    expect(errors.map((error) => [error.code, error.field, (error.cause as Error).message])).toEqual([
      ['callback-failed', 'onMessage', 'user bug'],
      ['callback-failed', 'onMessage', 'user bug'],
    ]);
    expect(state().error).toBe(errors[1]);
    expect(state()).toMatchObject({ status: 'open', lastMessage: 'b', messageCount: 2 });
  });
});

describe('createConnection: the send queue', () => {
  it('queues while connecting and flushes in order on open, after onOpen', () => {
    const { server, connection } = setup({ onOpen: () => connection.send('hello') });
    connection.connect();
    expect(connection.send('1')).toBe('queued');
    expect(connection.sendJson({ n: 2 })).toBe('queued');
    server.last().accept();
    expect(server.last().sent).toEqual(['hello', '1', '{"n":2}']);
    expect(connection.send('3')).toBe('sent');
    expect(server.last().sent.at(-1)).toBe('3');
  });

  it('keeps queued messages across a reconnect and sends them on the next socket', () => {
    const { server, connection } = setup();
    connection.connect();
    server.last().accept().drop();
    expect(connection.send('while down 1')).toBe('queued');
    expect(connection.send('while down 2')).toBe('queued');
    vi.advanceTimersByTime(1000);
    server.last().accept();
    expect(server.sockets).toHaveLength(2);
    expect(server.sockets[1]!.sent).toEqual(['while down 1', 'while down 2']);
  });

  it("rejects on a full queue with overflow 'reject', keeping what it had", () => {
    const { server, connection, state } = setup({ queue: { max: 2 } });
    connection.connect();
    expect(connection.send('a')).toBe('queued');
    expect(connection.send('b')).toBe('queued');
    expect(connection.send('c')).toBe('rejected');
    expect((state().error as LifelineError).code).toBe('queue-full');
    expect(state().error?.message).toMatch(/queue is full \(2 messages\)/);
    server.last().accept();
    expect(server.last().sent).toEqual(['a', 'b']);
  });

  it("drops the oldest with overflow 'drop-oldest'", () => {
    const { server, connection } = setup({ queue: { max: 2, overflow: 'drop-oldest' } });
    connection.connect();
    for (const message of ['a', 'b', 'c']) expect(connection.send(message)).toBe('queued');
    server.last().accept();
    expect(server.last().sent).toEqual(['b', 'c']);
  });

  it('rejects when the queue is off, and after the connection failed or closed', () => {
    const off = setup({ queue: false });
    off.connection.connect();
    expect(off.connection.send('x')).toBe('rejected');
    expect((off.state().error as LifelineError).code).toBe('not-open');

    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept().serverClose(1008, 'nope');
    expect(state().status).toBe('closed');
    expect(connection.send('x')).toBe('rejected');
    expect(state().error?.message).toMatch(/send\(\) while closed: nothing will deliver it\. Call connect\(\) first\./);
  });

  it('rejects values sendJson cannot serialise, with a typed error and nothing sent', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(connection.sendJson(circular)).toBe('rejected');
    expect((state().error as LifelineError).code).toBe('invalid-json');
    expect(connection.sendJson(10n)).toBe('rejected');
    expect(connection.sendJson(undefined)).toBe('rejected');
    expect(server.last().sent).toEqual([]);
    expect(state().status).toBe('open');
  });
});

describe('createConnection: closes and the policy', () => {
  it('does not reconnect after 1008, and says why in lastClose', () => {
    const { server, connection, state, events } = setup();
    connection.connect();
    server.last().accept().serverClose(1008, 'policy');
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    expect(state().lastClose).toMatchObject({ code: 1008, reason: 'policy', initiator: 'server', willRetry: false, wasClean: true, at: 1_000_000 });
    expect(state().lastClose?.action).toBe('never');
    expect(describeCloseCode(state().lastClose!.code).name).toBe('Policy Violation');
    vi.advanceTimersByTime(600_000);
    expect(server.sockets).toHaveLength(1);
    expect(events).toEqual(['open', 'close 1008 server retry=false']);
  });

  it('reconnects after a drop (1006, network) with backoff, counting attempts', () => {
    const { server, connection, state } = setup({ policy: { jitter: 'none' } });
    connection.connect();
    server.last().accept().drop();
    expect(state()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: 1_000_000 + 1000 });
    expect(state().lastClose).toMatchObject({ code: 1006, initiator: 'network', willRetry: true, wasClean: false, retryAt: 1_000_000 + 1000 });
    vi.advanceTimersByTime(999);
    expect(server.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(2);
    expect(state()).toMatchObject({ status: 'reconnecting', readyState: 0, nextRetryAt: null });
    server.last().refuse();
    expect(state()).toMatchObject({ attempt: 2, nextRetryAt: Date.now() + 2000 });
    vi.advanceTimersByTime(2000);
    server.last().accept();
    expect(state()).toMatchObject({ status: 'open', attempt: 2 });
  });

  it('resets the attempt counter after stableAfterMs open', () => {
    const { server, connection, state } = setup({ policy: { jitter: 'none', stableAfterMs: 5000 } });
    connection.connect();
    server.last().accept().drop();
    vi.advanceTimersByTime(1000);
    server.last().accept();
    expect(state().attempt).toBe(1);
    vi.advanceTimersByTime(4999);
    expect(state().attempt).toBe(1);
    vi.advanceTimersByTime(1);
    expect(state().attempt).toBe(0);
    server.last().drop();
    expect(state()).toMatchObject({ attempt: 1, nextRetryAt: Date.now() + 1000 });
  });

  it('a short-lived open does not reset the counter: delays keep growing', () => {
    const { server, connection, state } = setup({ policy: { jitter: 'none' } });
    connection.connect();
    const delays: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      server.last().accept().drop();
      delays.push(state().nextRetryAt! - Date.now());
      vi.advanceTimersByTime(delays.at(-1)!);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000]);
  });

  it('waits within 5-30 s after 1012 (seeded), then reconnects', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const { server, connection, state } = setup({ random: seededRandom(seed) });
      connection.connect();
      server.last().accept().serverClose(1012, 'restart');
      const wait = state().nextRetryAt! - Date.now();
      expect(wait).toBeGreaterThanOrEqual(5000);
      expect(wait).toBeLessThanOrEqual(30_000);
      vi.advanceTimersByTime(wait - 1);
      expect(server.sockets).toHaveLength(1);
      vi.advanceTimersByTime(1);
      expect(server.sockets).toHaveLength(2);
    }
  });

  it('gives up after maxAttempts: status failed, onGiveUp once', () => {
    const { server, connection, state, events } = setup({ policy: { maxAttempts: 2, jitter: 'none' } });
    connection.connect();
    server.last().accept().drop();
    vi.advanceTimersByTime(1000);
    server.last().refuse();
    vi.advanceTimersByTime(2000);
    server.last().refuse();
    expect(state()).toMatchObject({ status: 'failed', attempt: 2, nextRetryAt: null });
    expect(state().lastClose?.willRetry).toBe(false);
    expect(events.filter((event) => event.startsWith('give-up'))).toEqual(['give-up 1006']);
    vi.advanceTimersByTime(600_000);
    expect(server.sockets).toHaveLength(3);
  });

  it('connect() restarts after failed, with a fresh attempt counter', () => {
    const { server, connection, state } = setup({ policy: { maxAttempts: 0 } });
    connection.connect();
    server.last().refuse();
    expect(state().status).toBe('failed');
    connection.connect();
    expect(state()).toMatchObject({ status: 'connecting', attempt: 0 });
    server.last().accept();
    expect(state().status).toBe('open');
  });

  it('lets shouldReconnect stop a retry the table wanted', () => {
    const { server, connection, state } = setup({ policy: { shouldReconnect: (close) => (close.code === 1006 ? false : undefined) } });
    connection.connect();
    server.last().accept().drop();
    expect(state()).toMatchObject({ status: 'closed' });
    expect(state().lastClose?.willRetry).toBe(false);
  });

  it('re-authenticates before retrying 3000, re-reading a function URL', async () => {
    let token = 'old';
    const reauthenticate = vi.fn(async () => {
      token = 'new';
    });
    const { server, connection, state } = setup({ policy: { reauthenticate, jitter: 'none' } }, () => `${URL_A}?token=${token}`);
    connection.connect();
    expect(server.last().url).toBe(`${URL_A}?token=old`);
    server.last().accept().serverClose(3000, 'expired');
    expect(state().lastClose).toMatchObject({ code: 3000, willRetry: true });
    expect(reauthenticate).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(server.sockets).toHaveLength(2);
    expect(server.last().url).toBe(`${URL_A}?token=new`);
  });

  it('fails with reauth-failed when reauthenticate rejects', async () => {
    const { server, connection, state } = setup({ policy: { reauthenticate: () => Promise.reject(new Error('no session')), jitter: 'none' } });
    connection.connect();
    server.last().accept().serverClose(3000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(state().status).toBe('failed');
    expect((state().error as LifelineError).code).toBe('reauth-failed');
    expect(state().error?.message).toMatch(/no session/);
    expect(server.sockets).toHaveLength(1);
  });

  it('retryNow() skips the wait', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept().serverClose(1013);
    expect(state().nextRetryAt! - Date.now()).toBeGreaterThanOrEqual(10_000);
    connection.retryNow();
    expect(server.sockets).toHaveLength(2);
    expect(state().nextRetryAt).toBeNull();
    vi.advanceTimersByTime(120_000);
    expect(server.sockets).toHaveLength(2);
  });

  it('applies a new policy from the next decision, without touching the open socket', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    connection.setOptions({ policy: { codes: { 1008: { delayMs: 100 } } } });
    expect(server.live()).toHaveLength(1);
    expect(state().status).toBe('open');
    server.last().serverClose(1008);
    expect(state()).toMatchObject({ status: 'reconnecting', nextRetryAt: Date.now() + 100 });
  });

  it('keeps the last valid policy when setOptions gets an invalid one, and reports it', () => {
    const { server, connection, state } = setup({ policy: { jitter: 'none' } });
    connection.connect();
    server.last().accept();
    connection.setOptions({ policy: { initialDelayMs: -5 } });
    expect((state().error as LifelineError).code).toBe('invalid-policy');
    expect(state().status).toBe('open');
    server.last().drop();
    expect(state().nextRetryAt! - Date.now()).toBe(1000);
  });

  it('starts failed with an invalid policy, opening nothing', () => {
    const { server, connection, state } = setup({ policy: { factor: 0 } });
    expect(state().status).toBe('failed');
    expect(state().error?.message).toMatch(/policy\.factor/);
    connection.retain();
    expect(server.sockets).toHaveLength(0);
  });
});

describe('createConnection: disconnect', () => {
  it.each([999, 1001, 1005, 1006, 2000, 2999, 5000, 1.5, Number.NaN])('refuses code %d with a RangeError before touching the socket', (code) => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    expect(() => connection.disconnect(code)).toThrow(RangeError);
    expect(() => connection.disconnect(code)).toThrow(/1000 or a whole number in 3000-4999/);
    expect(server.last().closedByClient).toBeNull();
    expect(state().status).toBe('open');
  });

  it('refuses a reason over 123 UTF-8 bytes (bytes, not characters)', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    expect(() => connection.disconnect(1000, 'x'.repeat(200))).toThrow(/at most 123 UTF-8 bytes; this one is 200/);
    expect(() => connection.disconnect(1000, 'é'.repeat(62))).toThrow(RangeError); // 124 bytes, 62 characters
    connection.disconnect(1000, 'é'.repeat(61)); // 122 bytes
    expect(server.last().closedByClient).toEqual({ code: 1000, reason: 'é'.repeat(61) });
    expect(state().status).toBe('closing');
  });

  it('closes as the client and never reconnects', async () => {
    const { server, connection, state, events } = setup();
    connection.connect();
    server.last().accept();
    connection.disconnect(4000, 'bye');
    expect(state()).toMatchObject({ status: 'closing', readyState: 2 });
    await flushMicrotasks();
    expect(state()).toMatchObject({ status: 'closed', readyState: 3 });
    expect(state().lastClose).toMatchObject({ code: 4000, reason: 'bye', initiator: 'client', willRetry: false });
    vi.advanceTimersByTime(600_000);
    expect(server.sockets).toHaveLength(1);
    expect(events.at(-1)).toBe('close 4000 client retry=false');
  });

  it('cancels a scheduled retry', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept().drop();
    connection.disconnect();
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    vi.advanceTimersByTime(600_000);
    expect(server.sockets).toHaveLength(1);
  });
});

describe('createConnection: URLs and bad input', () => {
  it.each([
    ['not a url', /the URL is not a valid absolute URL/],
    ['ftp://example.test/x', /unsupported scheme "ftp:"/],
    ['ws://127.0.0.1:1/#frag', /may not have a fragment/],
    ['/relative', /relative URLs need a page/],
  ])('turns %s into error + failed, never a throw', (url, message) => {
    const { server, connection, state, events } = setup({}, url);
    expect(() => connection.connect()).not.toThrow();
    expect(state().status).toBe('failed');
    expect((state().error as LifelineError).code).toBe('invalid-url');
    expect(state().error?.message).toMatch(message);
    expect(state().error?.message).not.toContain(url); // never echoed: a query may hold a token
    expect(server.sockets).toHaveLength(0);
    expect(events).toEqual(['error invalid-url']);
  });

  it('turns http(s) into ws(s), like browsers', () => {
    const { server, connection } = setup({}, 'https://127.0.0.1:1/x?y=1');
    connection.connect();
    expect(server.last().url).toBe('wss://127.0.0.1:1/x?y=1');
  });

  it('reports a missing WebSocket implementation instead of throwing', () => {
    const connection = createConnection(URL_A, { WebSocket: undefined, network: fakeNetwork().source });
    const hadGlobal = 'WebSocket' in globalThis;
    const saved = globalThis.WebSocket;
    // @ts-expect-error: simulate Node 20 / server rendering
    delete globalThis.WebSocket;
    try {
      connection.connect();
    } finally {
      if (hadGlobal) globalThis.WebSocket = saved;
    }
    expect(connection.getState().status).toBe('failed');
    expect((connection.getState().error as LifelineError).code).toBe('no-websocket');
    expect(connection.getState().error?.message).toMatch(/pass one: <WebSocketProvider WebSocket=/);
  });

  it('reports a WebSocket constructor that throws (bad protocols)', () => {
    class Throwing {
      constructor() {
        throw new SyntaxError("The subprotocol 'a b' is invalid.");
      }
    }
    const connection = createConnection(URL_A, { WebSocket: Throwing as never, protocols: 'a b', network: fakeNetwork().source });
    connection.connect();
    expect(connection.getState().status).toBe('failed');
    expect((connection.getState().error as LifelineError).code).toBe('socket-failed');
    expect(connection.getState().error?.message).toMatch(/subprotocol 'a b' is invalid/);
  });

  it('re-reads a function URL before every attempt, sync or async', async () => {
    let n = 0;
    const { server, connection } = setup({ policy: { jitter: 'none' } }, async () => `${URL_A}?n=${++n}`);
    connection.connect();
    await flushMicrotasks();
    expect(server.last().url).toBe(`${URL_A}?n=1`);
    server.last().accept().drop();
    await vi.advanceTimersByTimeAsync(1000);
    expect(server.last().url).toBe(`${URL_A}?n=2`);
  });

  it('fails with url-failed when the URL function throws or rejects', async () => {
    const throwing = setup({}, () => {
      throw new Error('no token');
    });
    throwing.connection.connect();
    expect(throwing.state().status).toBe('failed');
    expect((throwing.state().error as LifelineError).code).toBe('url-failed');

    const rejecting = setup({}, () => Promise.reject(new Error('token service down')));
    rejecting.connection.connect();
    await flushMicrotasks();
    expect(rejecting.state().status).toBe('failed');
    expect(rejecting.state().error?.message).toMatch(/token service down/);
    expect(rejecting.server.sockets).toHaveLength(0);
  });

  it('ignores an async URL that resolves after disconnect', async () => {
    let resolve!: (url: string) => void;
    const { server, connection, state } = setup({}, () => new Promise<string>((r) => (resolve = r)));
    connection.connect();
    connection.disconnect();
    resolve(URL_A);
    await flushMicrotasks();
    expect(server.sockets).toHaveLength(0);
    expect(state().status).toBe('closed');
  });

  it('reconnects once when the URL changes, and not for a new function of the same URL', () => {
    const { server, connection } = setup();
    connection.connect();
    server.last().accept();
    connection.setOptions({ url: URL_A });
    expect(server.sockets).toHaveLength(1);
    connection.setOptions({ url: 'ws://127.0.0.1:1/b' });
    expect(server.sockets).toHaveLength(2);
    expect(server.sockets[0]!.closedByClient).toEqual({ code: 1000, reason: undefined });
    expect(server.last().url).toBe('ws://127.0.0.1:1/b');
    connection.setOptions({ url: () => URL_A });
    expect(server.sockets).toHaveLength(3);
    connection.setOptions({ url: () => URL_A });
    expect(server.sockets).toHaveLength(3);
  });
});

describe('createConnection: offline and online', () => {
  it('makes no attempt while offline and one at once on online', () => {
    const { server, connection, network, state } = setup();
    connection.connect();
    server.last().accept();
    network.set(false);
    expect(state().online).toBe(false);
    server.last().drop();
    vi.advanceTimersByTime(120_000);
    expect(server.sockets).toHaveLength(1);
    expect(state().status).toBe('reconnecting');
    network.set(true);
    expect(state().online).toBe(true);
    expect(server.sockets).toHaveLength(2);
  });

  it('retries at once on online while waiting, when reconnectOnOnline', () => {
    const { server, connection, network } = setup();
    connection.connect();
    server.last().accept().serverClose(1013);
    network.set(false);
    network.set(true);
    expect(server.sockets).toHaveLength(2);
  });

  it('keeps waiting on online when reconnectOnOnline is false', () => {
    const { server, connection, network } = setup({ policy: { reconnectOnOnline: false } });
    connection.connect();
    server.last().accept().serverClose(1013);
    network.set(false);
    network.set(true);
    expect(server.sockets).toHaveLength(1);
  });

  it('does not wait for the network when pauseWhileOffline is false', () => {
    const { server, connection, network } = setup({ policy: { pauseWhileOffline: false, jitter: 'none' } });
    network.set(false);
    connection.connect();
    expect(server.sockets).toHaveLength(1);
  });

  it('waits for online before the first attempt too', () => {
    const { server, connection, network, state } = setup();
    network.set(false);
    connection.connect();
    expect(state().status).toBe('connecting');
    expect(server.sockets).toHaveLength(0);
    network.set(true);
    expect(server.sockets).toHaveLength(1);
  });
});

describe('createConnection: retain, release, dispose', () => {
  it('a release followed by a retain in the same task (StrictMode) keeps one socket', async () => {
    const { server, connection, state } = setup();
    const release = connection.retain();
    release();
    const releaseAgain = connection.retain();
    await flushMicrotasks();
    expect(server.sockets).toHaveLength(1);
    server.last().accept();
    expect(state().status).toBe('open');
    releaseAgain();
    await flushMicrotasks();
    expect(state().status).toBe('idle');
    expect(server.live()).toHaveLength(0);
  });

  it('leaves no timer, socket or network listener behind after the last release', async () => {
    const { server, connection, network } = setup();
    const release = connection.retain();
    server.last().accept().drop();
    expect(vi.getTimerCount()).toBe(1);
    expect(network.listenerCount).toBe(1);
    release();
    await flushMicrotasks();
    expect(vi.getTimerCount()).toBe(0);
    expect(network.listenerCount).toBe(0);
    expect(server.live()).toHaveLength(0);
  });

  it('does nothing after dispose', async () => {
    const { server, connection } = setup();
    const seen: string[] = [];
    connection.subscribe((state) => seen.push(state.status));
    connection.connect();
    connection.dispose();
    connection.connect();
    expect(server.sockets).toHaveLength(1);
    // The abandoned handshake is closed at once, never left to complete.
    expect(server.last().closedByClient).toEqual({ code: 1000, reason: undefined });
    await flushMicrotasks();
    expect(server.live()).toHaveLength(0);
    expect(seen).toEqual(['connecting', 'idle']);
  });
});

describe('createConnection: setOptions with an invalid policy', () => {
  it('reports the same problem once, however often a render repeats it', () => {
    const errors: string[] = [];
    const { connection } = setup({ onError: (error) => errors.push((error as LifelineError).code) });
    for (let render = 0; render < 5; render += 1) connection.setOptions({ policy: { factor: 0.5 } });
    connection.setOptions({ policy: { factor: 0.25 } });
    expect(errors).toEqual(['invalid-policy', 'invalid-policy']);
  });
});

describe('createConnection: disconnect while connecting', () => {
  it('goes closed at once and closes the handshake at once: never two live sockets', async () => {
    const { server, connection, state } = setup();
    connection.connect();
    connection.disconnect();
    expect(state()).toMatchObject({ status: 'closed', nextRetryAt: null });
    expect(server.last().closedByClient).toEqual({ code: 1000, reason: undefined });
    connection.connect();
    await flushMicrotasks();
    expect(server.sockets).toHaveLength(2);
    expect(server.live()).toEqual([server.sockets[1]]);
    expect(state().status).toBe('connecting');
  });
});
