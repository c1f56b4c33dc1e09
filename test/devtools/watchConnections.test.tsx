import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { watchConnections } from '../../src/devtools/watchConnections';
import { heartbeat } from '../../src/plugins/heartbeat';
import type { HookRecord, LifelineConfig } from '../../src/react/LifelineContext';
import { createFakeServer } from '../../src/testing/createFakeServer';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('devtools: messages in / out', () => {
  it('counts every message the server sent, a pong that a heartbeat keeps from the app included', () => {
    const server = createFakeServer();
    const url = 'ws://127.0.0.1:1/feed';
    const connection = createConnection(url, {
      WebSocket: server.WebSocket,
      plugins: [heartbeat({ message: 'ping', intervalMs: 1_000, timeoutMs: 500, isPong: (data) => data === 'pong' })],
    });
    const provider = { parent: null } as unknown as LifelineConfig;
    const hooks: HookRecord[] = [[connection, { get: () => ({ url }) }, provider]];
    const watch = watchConnections(() => 0);
    watch.sync(hooks, provider);
    connection.connect();
    server.last().accept();
    server.last().message('hello');
    vi.advanceTimersByTime(1_000); // a ping goes out
    server.last().message('pong'); // and the server answers
    const [row] = watch.sync(hooks, provider);
    expect(row!.stats!.sent).toBe(1); // "out" counts the ping
    expect(row!.received).toBe(2); // "in": the server sent two messages
    watch.dispose();
    connection.dispose();
  });
});
