// send() takes what WebSocket.send() takes; anything else is a typed error and changes
// nothing: never queued, never sent, the same answer open or not.
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

function setup() {
  const server = createFakeServer();
  const errors: LifelineError[] = [];
  const connection = createConnection('ws://127.0.0.1:1/data', { WebSocket: server.WebSocket, network: fakeNetwork().source, onError: (error) => void errors.push(error) });
  return { server, errors, connection };
}

describe('send() with a value that is no message', () => {
  it.each([42, null, undefined, { text: 'hi' }, [1, 2], true])('refuses %j while connecting and while open, with invalid-data, and nothing goes out', (value) => {
    const { server, connection, errors } = setup();
    connection.connect();
    expect(connection.send(value as never)).toBe('rejected'); // not queued as 42 zero bytes
    server.last().accept();
    expect(connection.send(value as never)).toBe('rejected'); // not sent as "42"
    expect(server.last().sent).toEqual([]);
    expect(errors.map((error) => error.code)).toEqual(['invalid-data', 'invalid-data']);
  });

  it('takes strings, buffers, views and Blobs, queued as copies', () => {
    const { server, connection } = setup();
    connection.connect();
    const bytes = new Uint8Array([1, 2, 3]);
    const blob = new Blob(['x']);
    for (const data of ['text', bytes, bytes.buffer, new DataView(bytes.buffer), blob]) expect(connection.send(data)).toBe('queued');
    bytes[0] = 9; // the caller reuses its buffer: what was queued keeps what it had
    server.last().accept();
    const sent = server.last().sent;
    expect(sent).toHaveLength(5);
    expect(sent[0]).toBe('text');
    expect([...new Uint8Array(sent[1] as ArrayBufferLike)]).toEqual([1, 2, 3]);
    expect(sent[4]).toBe(blob);
  });
});
