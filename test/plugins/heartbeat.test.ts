import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ConnectionOptions } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import type { NetworkSource } from '../../src/core/types';
import { heartbeat, type HeartbeatOptions } from '../../src/plugins/heartbeat';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

const beat: HeartbeatOptions = { message: 'ping', intervalMs: 1000, timeoutMs: 500 };

function setup(options: ConnectionOptions<unknown> = {}, network: NetworkSource = fakeNetwork().source) {
  const server = createFakeServer();
  const received: unknown[] = [];
  const connection = createConnection('ws://127.0.0.1:1/hb', {
    WebSocket: server.WebSocket,
    network,
    plugins: [heartbeat(beat)],
    policy: { jitter: 'none' },
    onMessage: (message) => received.push(message),
    ...options,
  });
  return { server, connection, received, state: () => connection.getState() };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('heartbeat', () => {
  it('pings every intervalMs while answers keep coming', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    for (let i = 0; i < 5; i += 1) {
      vi.advanceTimersByTime(1000);
      server.last().message('pong');
    }
    expect(server.last().sent).toEqual(['ping', 'ping', 'ping', 'ping', 'ping']);
    expect(state().status).toBe('open');
  });

  it('closes a silent link itself with 3008 as the client, reports it, and retries per the policy', () => {
    const { server, connection, state } = setup();
    connection.connect();
    const socket = server.last().accept();
    vi.advanceTimersByTime(1000); // ping
    vi.advanceTimersByTime(499);
    expect(state().status).toBe('open');
    vi.advanceTimersByTime(1); // no pong within 500 ms
    expect(socket.closedByClient).toEqual({ code: 3008, reason: 'Heartbeat timeout' });
    expect(state()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: 1500 + 1000 });
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: true, wasClean: false });
    expect((state().error as LifelineError).code).toBe('heartbeat-timeout');
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2);
  });

  it('lets the policy decide a heartbeat timeout, like any other close', () => {
    const { server, connection, state } = setup({ policy: { codes: { 3008: 'never' } } });
    connection.connect();
    server.last().accept();
    vi.advanceTimersByTime(1500);
    expect(state()).toMatchObject({ status: 'closed' });
    expect(state().lastClose).toMatchObject({ code: 3008, willRetry: false });
  });

  it('counts only what isPong accepts, and does not deliver pongs', () => {
    const { server, connection, state, received } = setup({
      plugins: [heartbeat({ ...beat, isPong: (data) => data === 'pong' })],
    });
    connection.connect();
    server.last().accept();
    vi.advanceTimersByTime(1000);
    server.last().message('chat');
    server.last().message('pong');
    vi.advanceTimersByTime(1000);
    server.last().message('chat again'); // not a pong
    vi.advanceTimersByTime(500);
    expect(received).toEqual(['chat', 'chat again']);
    expect(state().lastClose?.code).toBe(3008);
  });

  it('stops its timers while closed', async () => {
    const { server, connection } = setup();
    connection.connect();
    server.last().accept();
    connection.disconnect();
    await Promise.resolve();
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('heartbeat: functions it is given that throw', () => {
  it('an isPong that throws on an ordinary message leaves the message to the app, reported by name', () => {
    const errors: LifelineError[] = [];
    const { server, connection, received } = setup({
      plugins: [heartbeat({ ...beat, isPong: (data) => (JSON.parse(String(data)) as { type: string }).type === 'pong' })],
      onError: (error) => void errors.push(error),
    });
    connection.connect();
    server.last().accept().message('hello').message('{"type":"pong"}');
    expect(received).toEqual(['hello']);
    expect(errors.map((error) => [error.code, error.field])).toEqual([['callback-failed', 'heartbeat.isPong']]);
  });

  it('a message() that throws once skips that ping only: the schedule goes on, and a silent link still gets its 3008', () => {
    let calls = 0;
    const { server, connection, state } = setup({
      plugins: [
        heartbeat({
          ...beat,
          message: () => {
            calls += 1;
            if (calls === 1) throw new Error('no clock yet');
            return 'ping';
          },
        }),
      ],
    });
    connection.connect();
    const socket = server.last().accept();
    vi.advanceTimersByTime(1000); // the first ping throws: nothing sent, nothing awaited
    expect(socket.sent).toEqual([]);
    expect(state().status).toBe('open');
    vi.advanceTimersByTime(1000); // the second goes out
    expect(socket.sent).toEqual(['ping']);
    vi.advanceTimersByTime(500); // no pong within timeoutMs
    expect(socket.closedByClient).toEqual({ code: 3008, reason: 'Heartbeat timeout' });
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client' });
  });
});

describe('heartbeat: options invalid from the start', () => {
  it.each([
    ['intervalMs', { intervalMs: Number.NaN }],
    ['timeoutMs', { timeoutMs: -1 }],
  ])('%s: the connection fails with invalid-option, and connect() does not run with them (no ping flood)', (field, bad) => {
    const { server, connection, state } = setup({ plugins: [heartbeat({ ...beat, ...bad })] });
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field: `heartbeat.${field}` } });
    connection.connect();
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field: `heartbeat.${field}` } });
    expect(server.sockets).toHaveLength(0);
    vi.advanceTimersByTime(10_000);
    expect(server.sockets).toHaveLength(0);
  });

  it('a later setOptions with valid options mends it: connect() runs', () => {
    const { server, connection, state } = setup({ plugins: [heartbeat({ ...beat, intervalMs: Number.NaN })] });
    connection.setOptions({ plugins: [heartbeat(beat)] });
    connection.connect();
    server.last().accept();
    expect(state().status).toBe('open');
    vi.advanceTimersByTime(1000);
    expect(server.last().sent).toEqual(['ping']);
  });
});
