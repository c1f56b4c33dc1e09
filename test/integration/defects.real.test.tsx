// Defects 1, 3, 4, 5 and 6 of 0.1 against a REAL `ws` server on 127.0.0.1 (ephemeral port),
// through jsdom's WebSocket. Each must fail on 0.1 and pass once the v2 semantics hold.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, LifelineError, type CloseInfo, type Connection, type ConnectionOptions, type UrlSource } from 'react-lifeline';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';
import { heartbeat } from '../../src/plugins/heartbeat';

let server: RecordingServer;
let connections: Connection[];

beforeEach(async () => {
  server = await startRecordingServer();
  connections = [];
});
afterEach(async () => {
  for (const connection of connections) connection.dispose();
  await server.stop();
});

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

function open(url: UrlSource, options: ConnectionOptions = {}) {
  const errors: Error[] = [];
  const giveUps: CloseInfo[] = [];
  const connection = createConnection(url, {
    onError: (error) => errors.push(error),
    onGiveUp: (close) => giveUps.push(close),
    ...options,
  });
  connections.push(connection);
  const state = () => connection.getState();
  const until = (status: string, timeout = 3000) => vi.waitFor(() => expect(state().status).toBe(status), { timeout, interval: 10 });
  return { connection, errors, giveUps, state, until };
}

/** A long retry wait, so a test decides when (and whether) the client reconnects. */
const patient = { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' } as const;

describe('defect 1 (real server): queued messages never cross a session boundary', () => {
  it('a message queued for /a while reconnecting is not sent to /b after the URL changes', async () => {
    const { connection, errors, state, until } = open(`${server.url}/a`, { policy: patient });
    connection.connect();
    await until('open');
    const a = await server.connection(1);
    a.socket.close(1001, 'redeploy');
    await until('reconnecting');
    expect(connection.send('for /a')).toBe('queued');

    connection.setOptions({ url: `${server.url}/b` });
    await until('open');
    expect(connection.send('hello /b')).toBe('sent');
    const b = await server.connection(2);
    await vi.waitFor(() => expect(b.received).toContain('hello /b'), { timeout: 3000, interval: 10 });
    expect(b.path).toBe('/b');
    expect(b.received).toEqual(['hello /b']);
    expect(a.received).toEqual([]);
    const discarded = errors.filter((error) => codeOf(error) === 'queue-discarded');
    expect(discarded).toMatchObject([{ code: 'queue-discarded', count: 1 }]);
    expect(discarded[0]).toBeInstanceOf(LifelineError);
    expect(state().status).toBe('open');
  });

  it("messages queued before disconnect() never reach the server after the next connect() (logout, then login)", async () => {
    const { connection, errors, until } = open(`${server.url}/chat`, { policy: patient });
    connection.connect();
    await until('open');
    (await server.connection(1)).socket.close(1001, 'redeploy');
    await until('reconnecting');
    expect(connection.send('user 1: private note')).toBe('queued');

    connection.disconnect(); // logout
    await until('closed');
    connection.connect(); // the next user logs in
    await until('open');
    expect(connection.send('user 2: hello')).toBe('sent');
    const second = await server.connection(2);
    await vi.waitFor(() => expect(second.received).toContain('user 2: hello'), { timeout: 3000, interval: 10 });
    expect(second.received).toEqual(['user 2: hello']);
    expect(errors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ code: 'queue-discarded', count: 1 }]);
  });
});

describe('defect 3 (real server): nothing skips a pending policy.reauthenticate()', () => {
  it.each([
    ['retryNow()', (connection: Connection) => connection.retryNow()],
    ['the online event', () => void window.dispatchEvent(new Event('online'))],
    ['a bfcache restore (pageshow persisted)', () => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))],
  ])('%s while reauthenticate() is pending never connects with the old token', async (_trigger, trigger) => {
    let token = 'old';
    let released = false;
    const pending: Array<() => void> = [];
    const reauthenticate = vi.fn(() => (released ? Promise.resolve() : new Promise<void>((resolve) => pending.push(resolve))));
    // The server turns away the old token with 3000 (Unauthorized: re-authenticate, then retry).
    server.onConnection((connection) => {
      if (connection.path.includes('token=old')) connection.socket.close(3000, 'expired');
    });
    const { connection, state, until } = open(() => `${server.url}/?token=${token}`, { policy: { reauthenticate, initialDelayMs: 20, jitter: 'none' } });
    connection.connect();
    await vi.waitFor(() => expect(reauthenticate).toHaveBeenCalledTimes(1), { timeout: 3000, interval: 5 });
    expect(state().lastClose).toMatchObject({ code: 3000, willRetry: true });

    trigger(connection);
    token = 'new';
    released = true;
    for (const resolve of pending.splice(0)) resolve();
    await until('open');
    await vi.waitFor(() => expect(server.connections.some((c) => c.path === '/?token=new')).toBe(true), { timeout: 3000, interval: 10 });
    expect(server.connections.map((c) => c.path)).toEqual(['/?token=old', '/?token=new']);
  });
});

describe('defect 4 (real server): the heartbeat stops at disconnect()', () => {
  it('disconnect(4000) against a server that does not answer the close frame ends as 4000 from the client, never 3008', async () => {
    server.onConnection(({ socket }) => socket.on('message', (data) => data.toString() === 'ping' && socket.send('pong')));
    const { connection, errors, state, until } = open(server.url, { plugins: [heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 100 })] });
    connection.connect();
    await until('open');
    const peer = await server.connection(1);
    await vi.waitFor(() => expect(peer.received.filter((m) => m === 'ping').length).toBeGreaterThanOrEqual(2), { timeout: 3000, interval: 10 });

    peer.pause(); // the close frame will sit unread: the closing handshake hangs
    connection.disconnect(4000, 'bye');
    expect(state().status).toBe('closing');
    await sleep(500); // several heartbeat periods while the handshake hangs
    expect(errors.map(codeOf)).not.toContain('heartbeat-timeout');
    expect(state().lastClose?.code).not.toBe(3008);

    peer.resume(); // the server answers the close frame now
    await until('closed');
    expect(state().lastClose).toMatchObject({ code: 4000, reason: 'bye', initiator: 'client', willRetry: false });
    expect(errors.map(codeOf)).not.toContain('heartbeat-timeout');
    await vi.waitFor(() => expect(peer.closeCode).toBe(4000), { timeout: 3000, interval: 10 });
    expect(server.connections).toHaveLength(1);
  });
});

describe('defect 5 (real server): an unanswered heartbeat never proves a connection alive', () => {
  it('a server that accepts and never answers, with intervalMs + timeoutMs >= stableAfterMs, ends failed after maxAttempts', async () => {
    const { connection, giveUps, state, until } = open(server.url, {
      plugins: [heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 100 })],
      policy: { maxAttempts: 2, stableAfterMs: 150, initialDelayMs: 20, maxDelayMs: 20, jitter: 'none' },
    });
    connection.connect();
    // Each dead connection lasts ~200 ms; three of them need well under a second.
    await until('failed', 4000);
    expect(server.connections).toHaveLength(3);
    expect(giveUps).toHaveLength(1);
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: false });
  });
});

describe('defect 6 (real server): queued binary data is copied', () => {
  it.each([
    ['a Uint8Array', () => {
      const bytes = new Uint8Array([1, 2, 3, 4]);
      return { data: bytes as ArrayBufferView, mutate: () => bytes.fill(0) };
    }],
    ['an ArrayBuffer', () => {
      const bytes = new Uint8Array([1, 2, 3, 4]);
      return { data: bytes.buffer as ArrayBufferLike, mutate: () => bytes.fill(0) };
    }],
  ])('%s queued while reconnecting reaches the server with the bytes it held when send() answered queued', async (_kind, make) => {
    const { connection, until } = open(server.url, { policy: patient });
    connection.connect();
    await until('open');
    (await server.connection(1)).socket.close(1001, 'redeploy');
    await until('reconnecting');
    const { data, mutate } = make();
    expect(connection.send(data)).toBe('queued');
    mutate();

    connection.retryNow();
    await until('open');
    const second = await server.connection(2);
    await vi.waitFor(() => expect(second.received).toHaveLength(1), { timeout: 3000, interval: 10 });
    expect([...(second.received[0] as Uint8Array)]).toEqual([1, 2, 3, 4]);
  });
});
