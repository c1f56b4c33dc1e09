// Option checks: a bad queue or heartbeat option fails at creation (invalid-option naming the
// field, no socket), and setOptions with one keeps the last valid value. Fake server + fake timers.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelineError, type ConnectionOptions } from 'react-lifeline/core';
import { heartbeat } from 'react-lifeline/heartbeat';
import { settle, setup } from './connectionHarness';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('queue and heartbeat options are validated', () => {
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

describe('queue options invalid from the start', () => {
  it('queue.max NaN: the connection fails with invalid-option, and connect() does not run with an unbounded queue', () => {
    const { server, connection, state } = setup({ queue: { max: Number.NaN } });
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field: 'queue.max' } });
    connection.connect();
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field: 'queue.max' } });
    expect(server.sockets).toHaveLength(0);
    expect(connection.send('x')).toBe('rejected');
  });
});
