// Races found by a second adversarial review of core v2 (URL changes still undecided, re-entrant
// callbacks): each test failed before its fix and states the intended behaviour (API.md).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type CloseInfo, type Connection, type ConnectionOptions, type UrlSource } from 'react-lifeline/core';
import { createFakeServer, seededRandom, type FakeServer } from 'react-lifeline/testing';
import { fakeNetwork } from '../helpers/fakeNetwork';

const URL_A = 'ws://127.0.0.1:1/a';
const URL_B = 'ws://127.0.0.1:1/b';

function setup(options: ConnectionOptions = {}, url: UrlSource | null = URL_A, server: FakeServer = createFakeServer()) {
  const network = fakeNetwork();
  const errors: Error[] = [];
  const closes: CloseInfo[] = [];
  const connection: Connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: network.source,
    random: seededRandom(1),
    onError: (error) => errors.push(error),
    onClose: (close) => closes.push(close),
    ...options,
  });
  return { server, network, errors, closes, connection, state: () => connection.getState() };
}

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** An async URL function whose answer the test releases (e.g. a token fetch for a room). */
function deferredUrl(url: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const source = vi.fn(async () => (await gate, url));
  return { source, release };
}

async function settle() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('race: a message sent for a URL that was still being resolved never reaches another URL', () => {
  it('A open, switch to async B (unanswered), send "for B", switch back to A: "for B" is not sent to A (discarded and reported)', async () => {
    const { server, connection, errors } = setup();
    connection.connect();
    await settle();
    const socketA = server.last().accept();
    const roomB = deferredUrl(URL_B);
    connection.setOptions({ url: roomB.source }); // room switch; B's URL needs a token fetch
    expect(connection.send('for B')).toBe('queued');
    connection.setOptions({ url: URL_A }); // the user clicks back to room A before B's token came
    await settle();
    roomB.release();
    await settle();
    expect(socketA.sent).toEqual([]);
    expect(errors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ count: 1 }]);
  });
});

describe('race: a retry that already reached the new URL is not undone by the late URL comparison', () => {
  it('A open, switch to async B, send "for B", A drops, the retry resolves B first: "for B" goes to B, nothing discarded, no extra socket', async () => {
    const { server, connection, errors } = setup({ policy: { initialDelayMs: 0, jitter: 'none' } });
    connection.connect();
    await settle();
    server.last().accept();
    const roomB = deferredUrl(URL_B);
    connection.setOptions({ url: roomB.source });
    expect(connection.send('for B')).toBe('queued');
    server.last().drop(); // A drops while B's token fetch is under way
    await settle(); // the retry resolves B: it awaits the same fetch
    roomB.release();
    await settle();
    expect(errors.map(codeOf)).not.toContain('queue-discarded'); // "for B" was meant for B, and B is where the socket went
    const toB = server.sockets.filter((socket) => socket.url === URL_B);
    expect(toB).toHaveLength(1); // one socket to B, not one opened and then replaced by the late comparison
    toB[0]!.accept();
    expect(toB[0]!.sent).toEqual(['for B']);
  });
});

describe('race: re-entrancy, a callback that calls disconnect() is obeyed', () => {
  it.each([
    ['heartbeat-timeout', { heartbeat: { message: 'ping', intervalMs: 1000, timeoutMs: 500 } }, 1500],
    ['ready-timeout', { ready: { isReady: (data: unknown) => data === 'ack', timeoutMs: 500 } }, 500],
  ] as const)('onError(%s) calling disconnect(): status closed, nothing reconnects', async (code, extra, ms) => {
    const holder: { connection?: Connection } = {};
    const made = setup({
      ...extra,
      policy: { initialDelayMs: 100, jitter: 'none' },
      // "Give up on a dead link": the app closes for good when the library reports it.
      onError: (error) => codeOf(error) === code && holder.connection!.disconnect(),
    });
    holder.connection = made.connection;
    made.connection.connect();
    await settle();
    made.server.last().accept().stall();
    await vi.advanceTimersByTimeAsync(ms);
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(made.server.sockets).toHaveLength(1); // spec: after disconnect() nothing reconnects by itself
    expect(made.state().status).toBe('closed');
  });
});

describe('race: a URL function that changes faster than it answers', () => {
  it('warns once in development that sends wait, and still delivers once an answer settles', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const connection = createConnection('ws://127.0.0.1:1/a', { WebSocket: server.WebSocket, network: fakeNetwork().source });
    connection.connect();
    server.last().accept();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    for (let i = 0; i < 3; i += 1) connection.setOptions({ url: async () => (await gate, 'ws://127.0.0.1:1/a') });
    expect(connection.send('waits')).toBe('queued');
    release();
    await vi.advanceTimersByTimeAsync(0);
    expect(server.last().sent).toEqual(['waits']);
    expect(server.sockets).toHaveLength(1);
    expect(warn.mock.calls.filter(([text]) => String(text).includes('changed again before the last URL function answered'))).toHaveLength(1);
    warn.mockRestore();
    vi.useRealTimers();
  });
});
