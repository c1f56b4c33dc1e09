// disconnect() is final until connect(): the heartbeat stops with it, a reconnect wait ends
// with a close that promises no retry, and a later URL change opens nothing.
// Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer, type FakeServer } from 'react-lifeline/testing';
import { heartbeat } from 'react-lifeline/heartbeat';
import { codeOf, settle, setup, URL_A, URL_B } from './connectionHarness';

const errorCodes = (errors: Error[]) => errors.map(codeOf);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the heartbeat stops at disconnect()', () => {
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

describe('disconnect() during a reconnect wait', () => {
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

describe('a URL change after disconnect() does not reconnect', () => {
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
