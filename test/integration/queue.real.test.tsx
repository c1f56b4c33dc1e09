// The session queue against a REAL `ws` server on 127.0.0.1 (ephemeral port), through jsdom's
// WebSocket: nothing queued for one session reaches another, and queued binary data is copied.
// Each of these failed on 0.1.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelineError } from 'react-lifeline';
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

/** A long retry wait, so a test decides when (and whether) the client reconnects. */
const patient = { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' } as const;

describe('queued messages never cross a session boundary (real server)', () => {
  it('a message queued for /a while reconnecting is not sent to /b after the URL changes', async () => {
    const { connection, errors, state, until } = open(`${server.url}/a`, { policy: patient });
    connection.connect();
    await until('open');
    const a = await server.connection(1);
    a.socket.close(1001, 'redeploy');
    await until('reconnecting');
    expect(connection.send('for /a')).toBe('queued');

    connection.setOptions({ url: `${server.url}/b` });
    await until('open');
    expect(connection.send('hello /b')).toBe('sent');
    const b = await server.connection(2);
    await vi.waitFor(() => expect(b.received).toContain('hello /b'), { timeout: 3000, interval: 10 });
    expect(b.path).toBe('/b');
    expect(b.received).toEqual(['hello /b']);
    expect(a.received).toEqual([]);
    const discarded = errors.filter((error) => codeOf(error) === 'queue-discarded');
    expect(discarded).toMatchObject([{ code: 'queue-discarded', count: 1 }]);
    expect(discarded[0]).toBeInstanceOf(LifelineError);
    expect(state().status).toBe('open');
  });

  it("messages queued before disconnect() never reach the server after the next connect() (logout, then login)", async () => {
    const { connection, errors, until } = open(`${server.url}/chat`, { policy: patient });
    connection.connect();
    await until('open');
    (await server.connection(1)).socket.close(1001, 'redeploy');
    await until('reconnecting');
    expect(connection.send('user 1: private note')).toBe('queued');

    connection.disconnect(); // logout
    await until('closed');
    connection.connect(); // the next user logs in
    await until('open');
    expect(connection.send('user 2: hello')).toBe('sent');
    const second = await server.connection(2);
    await vi.waitFor(() => expect(second.received).toContain('user 2: hello'), { timeout: 3000, interval: 10 });
    expect(second.received).toEqual(['user 2: hello']);
    expect(errors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ code: 'queue-discarded', count: 1 }]);
  });
});

describe('queued binary data is copied (real server)', () => {
  it.each([
    ['a Uint8Array', () => {
      const bytes = new Uint8Array([1, 2, 3, 4]);
      return { data: bytes as ArrayBufferView, mutate: () => bytes.fill(0) };
    }],
    ['an ArrayBuffer', () => {
      const bytes = new Uint8Array([1, 2, 3, 4]);
      return { data: bytes.buffer as ArrayBufferLike, mutate: () => bytes.fill(0) };
    }],
  ])('%s queued while reconnecting reaches the server with the bytes it held when send() answered queued', async (_kind, make) => {
    const { connection, until } = open(server.url, { policy: patient });
    connection.connect();
    await until('open');
    (await server.connection(1)).socket.close(1001, 'redeploy');
    await until('reconnecting');
    const { data, mutate } = make();
    expect(connection.send(data)).toBe('queued');
    mutate();

    connection.retryNow();
    await until('open');
    const second = await server.connection(2);
    await vi.waitFor(() => expect(second.received).toHaveLength(1), { timeout: 3000, interval: 10 });
    expect([...(second.received[0] as Uint8Array)]).toEqual([1, 2, 3, 4]);
  });
});
