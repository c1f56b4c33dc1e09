// The heartbeat against a REAL `ws` server on 127.0.0.1, through jsdom's WebSocket: it stops at
// disconnect(), and an unanswered heartbeat never proves a connection alive. Each failed on 0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heartbeat } from '../../src/plugins/heartbeat';
import { codeOf, realConnections } from '../helpers/realConnections';
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

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe('the heartbeat stops at disconnect() (real server)', () => {
  it('disconnect(4000) against a server that does not answer the close frame ends as 4000 from the client, never 3008', async () => {
    server.onConnection(({ socket }) => socket.on('message', (data) => data.toString() === 'ping' && socket.send('pong')));
    const { connection, errors, state, until } = open(server.url, { plugins: [heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 100 })] });
    connection.connect();
    await until('open');
    const peer = await server.connection(1);
    await vi.waitFor(() => expect(peer.received.filter((m) => m === 'ping').length).toBeGreaterThanOrEqual(2), { timeout: 30_000, interval: 10 });

    peer.pause(); // the close frame will sit unread: the closing handshake hangs
    connection.disconnect(4000, 'bye');
    expect(state().status).toBe('closing');
    await sleep(500); // several heartbeat periods while the handshake hangs
    expect(errors.map(codeOf)).not.toContain('heartbeat-timeout');
    expect(state().lastClose?.code).not.toBe(3008);

    peer.resume(); // the server answers the close frame now
    await until('closed');
    expect(state().lastClose).toMatchObject({ code: 4000, reason: 'bye', initiator: 'client', willRetry: false });
    expect(errors.map(codeOf)).not.toContain('heartbeat-timeout');
    await vi.waitFor(() => expect(peer.closeCode).toBe(4000), { timeout: 30_000, interval: 10 });
    expect(server.connections).toHaveLength(1);
  });
});

describe('an unanswered heartbeat never proves a connection alive (real server)', () => {
  it('a server that accepts and never answers, with intervalMs + timeoutMs >= stableAfterMs, ends failed after maxAttempts', async () => {
    const { connection, giveUps, state, until } = open(server.url, {
      plugins: [heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 100 })],
      policy: { maxAttempts: 2, stableAfterMs: 150, initialDelayMs: 20, maxDelayMs: 20, jitter: 'none' },
    });
    connection.connect();
    // Each dead connection lasts ~200 ms; three of them need well under a second.
    await until('failed', 4000);
    expect(server.connections).toHaveLength(3);
    expect(giveUps).toHaveLength(1);
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: false });
  });
});
