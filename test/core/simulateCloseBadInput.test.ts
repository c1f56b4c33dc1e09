import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { createFakeServer } from '../../src/testing/createFakeServer';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('Connection.simulateClose() with a code no close can have', () => {
  it.each([NaN, -1, 1.5, 70_000])('simulateClose(%s): the open socket stays open, nothing recorded as a close', async (code) => {
    const server = createFakeServer();
    const errors: LifelineError[] = [];
    const connection = createConnection('ws://127.0.0.1:1/sim', { WebSocket: server.WebSocket, policy: { jitter: 'none' }, onError: (error) => errors.push(error) });
    connection.connect();
    server.last().accept();
    try {
      connection.simulateClose!(code);
    } catch {
      // a RangeError (as disconnect() throws for a bad code) is a clear answer too
    }
    await Promise.resolve();
    expect(connection.getState().lastClose).toBeNull();
    expect(connection.getState().status).toBe('open');
    expect(server.last().readyState).toBe(1);
    connection.dispose();
  });
});
