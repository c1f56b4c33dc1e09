import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { heartbeat } from '../../src/plugins/heartbeat';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

const flush = () => vi.advanceTimersByTimeAsync(0);

describe('createFakeServer', () => {
  it('records what the client sent and how it closed', async () => {
    const server = createFakeServer();
    const connection = createConnection('ws://fake/x', { WebSocket: server.WebSocket });
    connection.connect();
    server.last().accept();
    connection.send('a');
    connection.disconnect(4000, 'bye');
    await flush();
    expect(server.last().sent).toEqual(['a']);
    expect(server.last().closedByClient).toEqual({ code: 4000, reason: 'bye' });
    expect(server.live()).toHaveLength(0);
  });

  it('answers by itself through respond(), and a stalled socket answers nothing, so a heartbeat notices', async () => {
    const server = createFakeServer();
    server.respond((data) => (data === 'ping' ? 'pong' : undefined));
    const received: unknown[] = [];
    const connection = createConnection('ws://fake/hb', {
      WebSocket: server.WebSocket,
      plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 500, isPong: (data) => data === 'pong' })],
      onMessage: (message) => received.push(message),
    });
    connection.connect();
    server.last().accept();
    await vi.advanceTimersByTimeAsync(3000);
    expect(server.last().sent).toEqual(['ping', 'ping', 'ping']);
    expect(connection.getState().status).toBe('open');
    server.last().stall();
    await vi.advanceTimersByTimeAsync(1500);
    expect(connection.getState().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: true });
    expect(received).toEqual([]);
  });

  it('echoes with respond((data) => data)', async () => {
    const server = createFakeServer();
    server.respond((data) => data);
    const connection = createConnection('ws://fake/echo', { WebSocket: server.WebSocket });
    connection.connect();
    server.last().accept();
    connection.send('hello');
    await flush();
    expect(connection.getState().lastMessage).toBe('hello');
  });

  it('says what is wrong when driven out of order', () => {
    const server = createFakeServer();
    expect(() => server.last()).toThrow(/no socket was created yet/);
    const connection = createConnection('ws://fake/y', { WebSocket: server.WebSocket });
    connection.connect();
    expect(() => server.last().message('x')).toThrow(/not open/);
    server.last().accept();
    expect(() => server.last().accept()).toThrow(/not CONNECTING/);
    expect(() => server.last().refuse()).toThrow(/not CONNECTING/);
  });
});
