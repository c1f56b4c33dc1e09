// Races between the public methods and the phases of a connection, found by two adversarial
// reviews of core v2: each test failed before its fix and states the intended behaviour (API.md).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { graphqlWsPolicy } from 'react-lifeline/presets';
import { createConnection, type CloseInfo, type Connection, type ConnectionOptions, type UrlSource } from 'react-lifeline/core';
import { createFakeServer, seededRandom, type FakeServer } from 'react-lifeline/testing';
import { heartbeat } from 'react-lifeline/heartbeat';
import { ready } from 'react-lifeline/ready';
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

/** Lets promise jobs (re-auth, async URLs, fake close handshakes) and 0 ms timers run. */
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

describe('race: a new function (or URL object) to the same URL changes nothing, even after the session stopped', () => {
  it('after a 1008 close (policy: never), setOptions with a new arrow returning the same URL does not reconnect', async () => {
    const { server, connection, state } = setup({}, () => URL_A);
    const release = connection.retain(); // a mounted hook
    await settle();
    server.last().accept().serverClose(1008, 'no');
    expect(state().status).toBe('closed');

    // What the hook does on the next render with an inline `() => url`.
    connection.setOptions({ url: () => URL_A });
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(state().status).toBe('closed');
    release();
  });

  it('after giving up (maxAttempts), setOptions with a new URL object for the same URL does not restart', async () => {
    const { server, connection, state } = setup({ policy: { maxAttempts: 0 } }, new URL(URL_A));
    const release = connection.retain();
    await settle();
    server.last().accept().drop();
    expect(state().status).toBe('failed');

    connection.setOptions({ url: new URL(URL_A) }); // an inline `new URL(...)` on the next render
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(state().status).toBe('failed');
    release();
  });
});

describe('race: nothing reconnects after disconnect(), even while its close handshake runs', () => {
  it('a URL change while closing (after disconnect()) opens no socket and ends closed as the client', async () => {
    const { server, connection, state } = setup();
    const release = connection.retain();
    await settle();
    server.last().accept();
    connection.disconnect(4000, 'bye');
    expect(state().status).toBe('closing');

    connection.setOptions({ url: URL_B }); // the same render that logged out switched rooms
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(state().status).toBe('closed');
    expect(state().lastClose).toMatchObject({ code: 4000, initiator: 'client' });
    release();
  });
});

describe('race: reauthenticate() runs the re-authentication', () => {
  it('reauthenticate() while closing runs policy.reauthenticate before the next socket opens', async () => {
    const order: string[] = [];
    const reauthenticate = vi.fn(() => void order.push('reauth'));
    const server = createFakeServer();
    const { connection } = setup({ policy: { reauthenticate } }, () => (order.push('url'), URL_A), server);
    connection.connect();
    await settle();
    server.last().accept();
    order.length = 0;
    connection.disconnect(); // closing
    connection.reauthenticate(); // "Sign in again", clicked before the close completed
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['reauth', 'url']);
  });
});

describe('race: a handler that calls setOptions() runs once per event', () => {
  it('onClose calling setOptions({ url: backup }) (fail-over) is called once for one close, not again and again', async () => {
    const closes: number[] = [];
    const held: { connection?: Connection } = {};
    const made = setup({
      onClose: (close) => {
        closes.push(close.code);
        // Fail over to the backup URL. Guarded only so this test cannot hang: unguarded, it never returns.
        if (closes.length < 5) held.connection!.setOptions({ url: URL_B });
      },
    });
    held.connection = made.connection;
    made.connection.connect();
    await settle();
    made.server.last().accept().serverClose(1001, 'going away');
    expect(closes).toEqual([1001]);
  });
});

describe('race: a URL change is effective for what is sent after it', () => {
  it('a message sent after setOptions({ url: async B }) is never flushed to the old socket A when A opens first', async () => {
    const { server, connection } = setup();
    connection.connect();
    await settle();
    const socketA = server.last(); // still CONNECTING
    connection.setOptions({ url: async () => URL_B }); // e.g. a room switch whose URL needs a token fetch
    expect(connection.send('for B')).toBe('queued');
    socketA.accept(); // A's handshake completes before B's URL is known
    await settle();
    expect(socketA.sent).toEqual([]);
  });
});

describe('race: the error of a failed connection says why it failed', () => {
  it('a URL change to an invalid URL with messages queued ends failed with error invalid-url (not queue-discarded)', async () => {
    const { connection, state, errors } = setup();
    connection.connect();
    await settle();
    expect(connection.send('x')).toBe('queued');
    connection.setOptions({ url: 'ftp://127.0.0.1/nope' });
    await settle();
    expect(errors.map(codeOf)).toEqual(expect.arrayContaining(['queue-discarded', 'invalid-url']));
    expect(state().status).toBe('failed');
    expect(codeOf(state().error)).toBe('invalid-url');
  });
});

describe('race: the readiness step never throws out of the socket', () => {
  it('a ready.message that throws (e.g. no token yet) is reported through onError as a LifelineError and the open socket is published', async () => {
    const { server, connection, errors, state } = setup({
      plugins: [ready({
        isReady: (data) => data === 'ack',
        message: () => {
          throw new Error('no token yet');
        },
      })],
    });
    connection.connect();
    await settle();
    server.last().accept();
    await settle();
    expect(state().readyState).toBe(1); // the socket is OPEN, waiting for the ack (phase readying)
    expect(errors.map(codeOf).filter(Boolean)).not.toEqual([]);
  });

  it('taking the readiness plug-in away while the socket waits for the ack (setOptions({ plugins: [] })) still delivers the next message', async () => {
    const messages: unknown[] = [];
    const { server, connection } = setup({ plugins: [ready({ isReady: (data) => data === 'ack' })], onMessage: (message) => messages.push(message) });
    connection.connect();
    await settle();
    server.last().accept();
    connection.setOptions({ plugins: [] }); // e.g. `plugins: token ? [graphqlWsReady(...)] : []`
    server.last().message('hello');
    await settle();
    expect(messages).toEqual(['hello']);
  });
});

describe('race: presets do what their doc comments say', () => {
  it.each([1016, 1100, 1999])('graphqlWsPolicy never retries the unregistered 1xxx code %i (graphql-ws treats all 1xxx but 1000/1001/1005/1006/1012-1014 as fatal)', async (code) => {
    const { server, connection, state } = setup({ policy: graphqlWsPolicy });
    connection.connect();
    await settle();
    server.last().accept().serverClose(code, '');
    expect(state().lastClose).toMatchObject({ code, action: 'never', willRetry: false });
    expect(state().status).toBe('closed');
  });
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
    ['heartbeat-timeout', { plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 500 })] }, 1500],
    ['ready-timeout', { plugins: [ready({ isReady: (data: unknown) => data === 'ack', timeoutMs: 500 })] }, 500],
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

describe('after a URL function failed (url-failed), the app switches to a plain string URL', () => {
  it('a held connection tries the new string URL (nothing to ask again, no loop possible)', async () => {
    const { server, connection, state } = setup({}, async () => Promise.reject(new Error('token service down')));
    connection.retain(); // a mounted hook
    await settle();
    expect(state().status).toBe('failed');
    expect(state().error?.code).toBe('url-failed');
    connection.setOptions({ url: URL_B }); // the app falls back to a public endpoint
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual([URL_B]);
  });
});
