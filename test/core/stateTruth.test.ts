// The state says what is true at every step: readyState agrees with status on the way to a
// socket, lastClose.willRetry holds exactly while its retry is scheduled or under way, and
// messageCount moves with every message, also when two in a row are equal.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ConnectionOptions } from '../../src/core/createConnection';
import type { ConnectionState, ReadyState, UrlSource } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

const URL_A = 'ws://127.0.0.1:1/state';

function setup(url: UrlSource = URL_A, options: ConnectionOptions = {}) {
  const server = createFakeServer();
  const connection = createConnection(url, { WebSocket: server.WebSocket, network: fakeNetwork().source, ...options, policy: { jitter: 'none', ...options.policy } });
  const seen: Array<Pick<ConnectionState, 'status' | 'readyState'>> = [];
  connection.subscribe(({ status, readyState }) => seen.push({ status, readyState }));
  return { server, connection, seen, state: () => connection.getState() };
}

const readyStates = (seen: Array<{ readyState: ReadyState }>) => seen.map((each) => each.readyState).filter((value, index, all) => value !== all[index - 1]);

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('readyState on the way to a socket', () => {
  it('is CONNECTING (0) while a URL function resolves, as status says connecting: 0 → 1, never 3 on the way', async () => {
    let answer!: (url: string) => void;
    const { server, connection, seen, state } = setup(() => new Promise<string>((resolve) => (answer = resolve)));
    connection.connect();
    expect(state()).toMatchObject({ status: 'connecting', readyState: 0 });
    answer(URL_A);
    await vi.advanceTimersByTimeAsync(0);
    server.last().accept();
    expect(readyStates(seen)).toEqual([0, 1]);
  });

  it('is CONNECTING (0) while re-authenticating before a retry, as status says reconnecting', async () => {
    let signedIn!: () => void;
    const { server, connection, state } = setup(URL_A, { policy: { reauthenticate: () => new Promise<void>((resolve) => (signedIn = resolve)) } });
    connection.connect();
    server.last().accept().serverClose(3000, 'expired');
    expect(state()).toMatchObject({ status: 'reconnecting', readyState: 3 }); // waiting: no socket yet
    await vi.advanceTimersByTimeAsync(1000);
    expect(state()).toMatchObject({ status: 'reconnecting', readyState: 0 }); // re-authenticating: on the way to one
    signedIn();
    await vi.advanceTimersByTimeAsync(0);
    expect(state()).toMatchObject({ status: 'reconnecting', readyState: 0 });
    server.last().accept();
    expect(state()).toMatchObject({ status: 'open', readyState: 1 });
  });
});

describe('lastClose.willRetry', () => {
  it('turns false (and retryAt null) once the retry succeeded and the socket is open again', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept().drop();
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: true, retryAt: 1000 });
    vi.advanceTimersByTime(1000);
    expect(state().lastClose).toMatchObject({ willRetry: true }); // under way
    server.last().accept();
    expect(state().status).toBe('open');
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: false, retryAt: null, action: 'backoff' });
  });

  it('turns false when the retry is given up, and when disconnect() cancels it', () => {
    const { server, connection, state } = setup(URL_A, { policy: { maxAttempts: 1 } });
    connection.connect();
    server.last().accept().drop();
    vi.advanceTimersByTime(1000);
    server.last().refuse();
    expect(state()).toMatchObject({ status: 'failed', lastClose: { willRetry: false, retryAt: null } });
    const other = setup();
    other.connection.connect();
    other.server.last().accept().drop();
    other.connection.disconnect();
    expect(other.state().lastClose).toMatchObject({ initiator: 'client', willRetry: false, retryAt: null });
  });
});

describe('messageCount', () => {
  it('counts every message, also two equal ones in a row that leave lastMessage the same', () => {
    const { server, connection, state } = setup();
    const counts: number[] = [];
    connection.subscribe(({ messageCount }) => counts.push(messageCount));
    connection.connect();
    server.last().accept().message('same').message('same');
    expect(state()).toMatchObject({ lastMessage: 'same', messageCount: 2 });
    expect(counts.filter((count, index) => count !== counts[index - 1])).toEqual([0, 1, 2]);
  });
});
