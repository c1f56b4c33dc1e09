// keepalive against a REAL `ws` server on 127.0.0.1, through jsdom's WebSocket and document (no
// Worker in jsdom: its timers run on the main thread, as where a CSP refuses the Worker). The
// page's lifecycle events are dispatched on jsdom's document; the server decides what the link
// does. Waits are event-driven, with generous limits.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { keepalive, type KeepaliveOptions } from '../../src/plugins/keepalive';
import { codeOf, realConnections } from '../helpers/realConnections';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';

let server: RecordingServer;
let answering = true;
const { open, disposeAll } = realConnections();

const setVisibility = (state: DocumentVisibilityState) => Object.defineProperty(document, 'visibilityState', { value: state, configurable: true });

beforeEach(async () => {
  answering = true;
  setVisibility('visible');
  server = await startRecordingServer();
  server.onConnection(({ socket }) => socket.on('message', (data) => answering && data.toString() === 'ping' && socket.send('pong')));
});
afterEach(async () => {
  disposeAll();
  setVisibility('visible');
  await server.stop();
});

// Pings only when asked: the interval is far longer than any test.
const beat: KeepaliveOptions = { message: 'ping', intervalMs: 600_000, timeoutMs: 300, isPong: (data) => data === 'pong' };
const pingsOn = (n: number) => server.connections[n - 1]!.received.filter((message) => message === 'ping').length;

describe('keepalive on a real link', () => {
  it('shown again on a link that went silent: 3008 within timeoutMs of the return, and a new connection', async () => {
    const { connection, state, errors, until } = open(server.url, { plugins: [keepalive(beat)], policy: { initialDelayMs: 20, jitter: 'none' } });
    connection.connect();
    await until('open');
    expect(state().plugins.keepalive).toEqual({ clock: 'main' });
    answering = false; // half-open: the server hears, and answers nothing
    setVisibility('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    setVisibility('visible');
    const shownAt = Date.now();
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(state().lastClose?.code).toBe(3008), { timeout: 5000, interval: 10 });
    expect(state().lastClose!.at - shownAt).toBeGreaterThanOrEqual(300 - 5);
    expect(errors.map(codeOf)).toContain('heartbeat-timeout');
    expect(pingsOn(1)).toBe(1);
    await vi.waitFor(() => expect(server.connections).toHaveLength(2), { timeout: 5000, interval: 10 });
    await until('open');
  });

  it('resumed on a healthy link: the probe is answered and the connection stays open, with no 3008', async () => {
    const { connection, state, errors, until } = open(server.url, { plugins: [keepalive(beat)] });
    connection.connect();
    await until('open');
    document.dispatchEvent(new Event('freeze'));
    document.dispatchEvent(new Event('resume'));
    await vi.waitFor(() => expect(pingsOn(1)).toBe(1), { timeout: 5000, interval: 10 });
    await vi.waitFor(() => expect(state().attempt).toBe(0), { timeout: 5000, interval: 10 });
    // The pong's deadline passes with the pong answered: a second probe shows the link is the same one.
    await new Promise((resolve) => setTimeout(resolve, 600));
    window.dispatchEvent(new Event('online'));
    await vi.waitFor(() => expect(pingsOn(1)).toBe(2), { timeout: 5000, interval: 10 });
    expect(state().status).toBe('open');
    expect(errors.map(codeOf)).not.toContain('heartbeat-timeout');
    expect(server.connections).toHaveLength(1);
  });

  it('quietWhileHidden: a dropped link is not retried while hidden, and is once the page shows', async () => {
    const { connection, state, until } = open(server.url, { plugins: [keepalive({ ...beat, quietWhileHidden: true, returnJitterMs: 50 })], policy: { initialDelayMs: 20, maxDelayMs: 20, jitter: 'none' } });
    connection.connect();
    await until('open');
    setVisibility('hidden');
    document.dispatchEvent(new Event('visibilitychange'));
    server.connections[0]!.socket.terminate();
    await until('reconnecting');
    // The retry falls due (20 ms) and is held: wait until it is overdue many times over.
    const heldSince = Date.now();
    await vi.waitFor(() => expect(Date.now() - heldSince).toBeGreaterThan(500), { timeout: 5000, interval: 50 });
    expect(server.connections).toHaveLength(1);
    expect(state().status).toBe('reconnecting');
    setVisibility('visible');
    document.dispatchEvent(new Event('visibilitychange'));
    await vi.waitFor(() => expect(server.connections).toHaveLength(2), { timeout: 5000, interval: 10 });
    await until('open');
  });
});
