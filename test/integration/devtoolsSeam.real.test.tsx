// Against a real `ws` server on 127.0.0.1: what devtools read and do (stats, simulateClose).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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

describe('real server: the devtools seam', () => {
  it('stats count what reached the server; a simulated 1012 closes the real socket and the connection retries, then opens again', async () => {
    const { connection, state, until } = open(`${server.url}/feed`, { policy: { jitter: 'none', codes: { 1012: { delayMs: 50 } } } });
    connection.connect();
    expect(connection.send('queued')).toBe('queued');
    await until('open');
    const peer = await server.connection(1);
    expect(connection.send('direct')).toBe('sent');
    await vi.waitFor(() => expect(peer.received).toEqual(['queued', 'direct']), { timeout: 3000, interval: 10 });
    expect(connection.stats?.()).toEqual({ sent: 2, queued: 0 });
    connection.simulateClose!(1012, 'restart');
    expect(state().lastClose).toMatchObject({ code: 1012, initiator: 'server', willRetry: true });
    await server.connection(2);
    await until('open');
    expect(state().lastClose).toMatchObject({ code: 1012, willRetry: false });
    await vi.waitFor(() => expect(peer.socket.readyState).toBe(3), { timeout: 3000, interval: 10 });
  });
});
