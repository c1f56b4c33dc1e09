// The session queue (README: sessions and the queue): what was queued for one session never
// reaches another, binary data is copied when queued, and the queue goes out before "open" is
// announced. Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelineError } from 'react-lifeline/core';
import { codeOf, settle, setup, URL_B } from './connectionHarness';

const discards = (errors: Error[]) => errors.filter((error) => codeOf(error) === 'queue-discarded');

/** The bytes a payload carries, whatever binary form it has. */
function bytesOf(data: unknown): number[] | unknown {
  if (data instanceof ArrayBuffer) return [...new Uint8Array(data)];
  if (ArrayBuffer.isView(data)) return [...new Uint8Array(data.buffer, data.byteOffset, data.byteLength)];
  return data;
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('queued messages never cross a session boundary', () => {
  it('does not send a message queued for URL A to URL B after a URL change; reports one discard with its count', async () => {
    const { server, connection, errors } = setup();
    const stateErrors: unknown[] = [];
    connection.subscribe((state) => void (state.error && stateErrors.push(state.error)));
    connection.connect();
    await settle();
    const socketA = server.last();
    expect(connection.send('for A')).toBe('queued');
    expect(connection.sendJson({ to: 'A' })).toBe('queued');

    connection.setOptions({ url: URL_B });
    await settle();
    const socketB = server.last();
    expect(socketB.url).toBe(URL_B);

    socketB.accept();
    await settle();
    expect(socketB.sent).toEqual([]);
    expect(socketA.sent).toEqual([]);
    expect(discards(errors)).toHaveLength(1);
    expect(discards(errors)[0]).toBeInstanceOf(LifelineError);
    expect(discards(errors)[0]).toMatchObject({ code: 'queue-discarded', count: 2 });
    // state.error showed it too (a new session may clear it again: look at what subscribers saw).
    expect(stateErrors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ code: 'queue-discarded', count: 2 }]);
  });

  it('does not send messages queued before disconnect() on the next connect() (logout, then login)', async () => {
    const { server, connection, state, errors } = setup();
    connection.connect();
    await settle();
    server.last().accept().drop(); // now waiting to reconnect
    expect(state().status).toBe('reconnecting');
    expect(connection.send('user 1: private note')).toBe('queued');

    connection.disconnect(); // logout
    await settle();
    expect(state().status).toBe('closed');
    const errorAfterDisconnect = state().error;
    connection.connect(); // the next user logs in
    await settle();
    server.last().accept();
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.last().sent).toEqual([]);
    expect(discards(errors)).toHaveLength(1);
    expect(discards(errors)[0]).toMatchObject({ code: 'queue-discarded', count: 1 });
    expect(errorAfterDisconnect).toMatchObject({ code: 'queue-discarded', count: 1 });
  });
});

describe('queued binary data is copied', () => {
  it.each([
    [
      'an ArrayBuffer',
      () => {
        const buffer = new ArrayBuffer(3);
        new Uint8Array(buffer).set([1, 2, 3]);
        return { data: buffer as ArrayBufferLike, mutate: () => new Uint8Array(buffer).fill(0), expected: [1, 2, 3] };
      },
    ],
    [
      'a Uint8Array view into a larger buffer',
      () => {
        const whole = new Uint8Array([9, 9, 1, 2, 3, 9]);
        const view = whole.subarray(2, 5);
        return { data: view as ArrayBufferView, mutate: () => whole.fill(0), expected: [1, 2, 3] };
      },
    ],
    [
      'a DataView',
      () => {
        const view = new DataView(new ArrayBuffer(4));
        view.setUint32(0, 0x01020304);
        return { data: view as ArrayBufferView, mutate: () => view.setUint32(0, 0), expected: [1, 2, 3, 4] };
      },
    ],
  ])('sends %s with the bytes it held when send() answered queued', async (_kind, make) => {
    const { server, connection } = setup();
    connection.connect();
    await settle();
    const { data, mutate, expected } = make();
    expect(connection.send(data)).toBe('queued');
    mutate();
    server.last().accept();
    await settle();
    expect(server.last().sent).toHaveLength(1);
    expect(bytesOf(server.last().sent[0])).toEqual(expected);
  });
});

describe('the queue goes out before "open" is announced', () => {
  it('a state subscriber that sends when status turns open gets its message out after the queued ones', async () => {
    const { server, connection } = setup();
    let answer: string | null = null;
    connection.subscribe((state) => {
      if (state.status === 'open' && answer === null) answer = connection.send('from the subscriber');
    });
    connection.connect();
    await settle();
    expect(connection.send('queued 1')).toBe('queued');
    expect(connection.send('queued 2')).toBe('queued');
    server.last().accept();
    await settle();
    expect(answer).toBe('sent');
    expect(server.last().sent).toEqual(['queued 1', 'queued 2', 'from the subscriber']);
  });
});

describe('the queue goes only onto a socket that is OPEN', () => {
  it('a socket already closing when its open event arrives (a late event) gets nothing; the next socket gets it all, in order', () => {
    // jsdom's WebSocket (like ws) reads readyState live: under load the open event can arrive
    // after the server began to close the socket. Found by the fault suite run beside a second copy.
    const { server, connection, state } = setup({ policy: { initialDelayMs: 100, jitter: 'none' } });
    connection.connect();
    for (const n of [1, 2, 3]) expect(connection.send(`m${n}`)).toBe('queued');
    const late = server.last();
    // The handshake completed while the server was already closing it: the open event comes with readyState CLOSING.
    Object.defineProperty(late, 'readyState', { configurable: true, writable: true, value: 2 });
    late.dispatchEvent(new Event('open'));
    expect(late.sent).toEqual([]);
    late.serverClose(1001, 'going away');
    vi.advanceTimersByTime(100);
    server.last().accept();
    expect(state().status).toBe('open');
    expect(server.last().sent).toEqual(['m1', 'm2', 'm3']);
  });
});
