// Against a real `ws` server on 127.0.0.1: a readiness step holds the queue until the server
// acknowledges, whatever other plug-ins come and go; a File goes out as a message; what devtools
// read and do (stats, simulateClose).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Plugin } from '../../src/core/types';
import { ready } from '../../src/plugins/ready';
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

describe('real server: a readiness step and plug-ins changed mid-handshake', () => {
  it('nothing queued reaches the server before it acknowledged, when an unrelated plug-in is removed meanwhile', async () => {
    // README (ready): "the connection counts as `open` (status, `onOpen`, queue flush, ...)
    // only when `isReady(data)` accepts a server message". Instead: createConnection.ts
    // takePlugins opens a held connection when ANY plug-in is gone, so the queued message goes
    // to a server that has not acknowledged the connection.
    // `marker` answers the server's "probe" straight onto the socket (api.send works while
    // held): when the server reads "marker", everything the client wrote before it has arrived.
    const marker: Plugin = { name: 'marker', setup: (api) => ({ message: (data) => (data === 'probe' ? (api.send('marker'), true) : undefined) }) };
    const logger: Plugin = { name: 'logger', setup: () => ({}) };
    const handshake = ready({ message: 'hello', isReady: (data) => data === 'ack', timeoutMs: 10_000 });
    const { connection, state, until } = open(`${server.url}/graphql`, { plugins: [handshake, marker, logger] });
    connection.connect();
    expect(connection.send('subscribe')).toBe('queued');
    const peer = await server.connection(1);
    await vi.waitFor(() => expect(peer.received).toEqual(['hello']), { timeout: 3000, interval: 10 });
    connection.setOptions({ plugins: [handshake, marker] }); // the logger is switched off mid-handshake
    peer.socket.send('probe');
    await vi.waitFor(() => expect(peer.received).toContain('marker'), { timeout: 3000, interval: 10 });
    expect(peer.received).toEqual(['hello', 'marker']); // not 'subscribe': no ack yet
    expect(state().status).toBe('connecting');
    peer.socket.send('ack');
    await until('open');
    await vi.waitFor(() => expect(peer.received).toEqual(['hello', 'marker', 'subscribe']), { timeout: 3000, interval: 10 });
  });
});

describe('real server: send() of a File', () => {
  it('a File (a Blob) reaches the server', async () => {
    // README: send() refuses with invalid-data "anything but a string, buffer, view or Blob";
    // a File is a Blob. Instead: isSendData.ts matches the toString tag "[object File]" against
    // ArrayBuffer|SharedArrayBuffer|Blob only, so the File is refused and never sent.
    const { connection, errors, until } = open(`${server.url}/upload`);
    connection.connect();
    await until('open');
    const peer = await server.connection(1);
    const result = connection.send(new File(['hello'], 'hello.txt'));
    expect(errors.map((error) => (error as { code?: string }).code)).toEqual([]);
    expect(result).toBe('sent');
    await vi.waitFor(() => expect(peer.received).toHaveLength(1), { timeout: 3000, interval: 10 });
    expect(new TextDecoder().decode(peer.received[0] as Uint8Array)).toBe('hello');
  });
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
    expect(connection.stats?.()).toEqual({ sent: 2, received: 0, queued: 0 });
    connection.simulateClose!(1012, 'restart');
    expect(state().lastClose).toMatchObject({ code: 1012, initiator: 'server', willRetry: true });
    await server.connection(2);
    await until('open');
    expect(state().lastClose).toMatchObject({ code: 1012, willRetry: false });
    await vi.waitFor(() => expect(peer.socket.readyState).toBe(3), { timeout: 3000, interval: 10 });
  });
});
