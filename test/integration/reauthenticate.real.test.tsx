// A pending policy.reauthenticate() against a REAL `ws` server on 127.0.0.1, through jsdom's
// WebSocket (and its window events): nothing connects with the old token meanwhile. This failed on 0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type Connection } from 'react-lifeline';
import { realConnections } from '../helpers/realConnections';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';

let server: RecordingServer;
const { open, disposeAll } = realConnections();

beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  disposeAll();
  await server.stop();
});

describe('nothing skips a pending policy.reauthenticate() (real server)', () => {
  it.each([
    ['retryNow()', (connection: Connection) => connection.retryNow()],
    ['the online event', () => void window.dispatchEvent(new Event('online'))],
    ['a bfcache restore (pageshow persisted)', () => void window.dispatchEvent(new PageTransitionEvent('pageshow', { persisted: true }))],
  ])('%s while reauthenticate() is pending never connects with the old token', async (_trigger, trigger) => {
    let token = 'old';
    let released = false;
    const pending: Array<() => void> = [];
    const reauthenticate = vi.fn(() => (released ? Promise.resolve() : new Promise<void>((resolve) => pending.push(resolve))));
    // The server turns away the old token with 3000 (Unauthorized: re-authenticate, then retry).
    server.onConnection((connection) => {
      if (connection.path.includes('token=old')) connection.socket.close(3000, 'expired');
    });
    const { connection, state, until } = open(() => `${server.url}/?token=${token}`, { policy: { reauthenticate, initialDelayMs: 20, jitter: 'none' } });
    connection.connect();
    await vi.waitFor(() => expect(reauthenticate).toHaveBeenCalledTimes(1), { timeout: 3000, interval: 5 });
    expect(state().lastClose).toMatchObject({ code: 3000, willRetry: true });

    trigger(connection);
    token = 'new';
    released = true;
    for (const resolve of pending.splice(0)) resolve();
    await until('open');
    await vi.waitFor(() => expect(server.connections.some((c) => c.path === '/?token=new')).toBe(true), { timeout: 3000, interval: 10 });
    expect(server.connections.map((c) => c.path)).toEqual(['/?token=old', '/?token=new']);
  });
});
