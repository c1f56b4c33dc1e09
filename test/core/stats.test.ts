import { describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { Plugin } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';

const URL_A = 'ws://127.0.0.1:1/a';

describe('Connection.stats(): what devtools read', () => {
  it('counts every message put on a socket (at once, from the queue, by a plug-in), every message the server sent (one a plug-in keeps included) and the queue’s length', async () => {
    const server = createFakeServer();
    const hello: Plugin = { name: 'hello', setup: (api) => ({ open: () => void api.send('hello'), message: (data) => data === 'welcome' }) };
    const connection = createConnection(URL_A, { WebSocket: server.WebSocket, plugins: [hello] });
    expect(connection.stats?.()).toEqual({ sent: 0, received: 0, queued: 0 });
    connection.connect();
    expect(connection.send('one')).toBe('queued');
    expect(connection.send('two')).toBe('queued');
    expect(connection.stats?.()).toEqual({ sent: 0, received: 0, queued: 2 });
    server.last().accept();
    expect(connection.stats?.()).toEqual({ sent: 3, received: 0, queued: 0 }); // the queue's two, the plug-in's hello
    expect(connection.send('three')).toBe('sent');
    server.last().message('welcome'); // the plug-in keeps it from the app
    server.last().message('news');
    expect(connection.stats?.()).toEqual({ sent: 4, received: 2, queued: 0 });
    expect(server.last().sent).toHaveLength(4);
    connection.dispose();
  });
});

describe('Connection.simulateClose() (development builds)', () => {
  it('closes as the server would: the policy decides, the real socket is closed quietly, its own close event ignored', async () => {
    vi.useFakeTimers();
    try {
      const server = createFakeServer();
      const closes: Array<[number, string]> = [];
      const connection = createConnection(URL_A, { WebSocket: server.WebSocket, policy: { jitter: 'none' }, onClose: (close) => closes.push([close.code, close.initiator]) });
      connection.connect();
      server.last().accept();
      connection.simulateClose!(1012, 'restart');
      expect(connection.getState()).toMatchObject({ status: 'reconnecting', lastClose: { code: 1012, reason: 'restart', initiator: 'server', action: 'delayed', willRetry: true } });
      await Promise.resolve(); // the fake socket's client close completes
      expect(server.sockets[0]!.readyState).toBe(3);
      expect(closes).toEqual([[1012, 'server']]); // the real 1000 underneath is not heard
      vi.advanceTimersByTime(60_000);
      server.last().accept();
      expect(connection.getState().status).toBe('open');
      connection.simulateClose!(1006);
      expect(connection.getState().lastClose).toMatchObject({ code: 1006, initiator: 'network', wasClean: false, action: 'backoff' });
      connection.disconnect();
      const before = connection.getState();
      connection.simulateClose!(1012); // nothing open: nothing happens
      expect(connection.getState()).toBe(before);
      connection.dispose();
    } finally {
      vi.useRealTimers();
    }
  });
});
