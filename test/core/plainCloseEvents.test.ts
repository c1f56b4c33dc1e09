import { describe, expect, it } from 'vitest';
import { createConnection, type WebSocketLike } from 'react-lifeline/core';

type Listener = (event: object) => void;

/**
 * A socket that fires events the way React Native's WebSocket does: plain objects with a
 * `type`, close with `code` and `reason` only (no `wasClean`), a failure as `error` (with a
 * message) then close 1006 with the native error text as the reason.
 */
class PlainEventSocket implements WebSocketLike {
  static last: PlainEventSocket;
  readyState = 0;
  binaryType: unknown = 'blob';
  readonly listeners: Record<string, Listener[]> = {};
  constructor(readonly url: string) {
    PlainEventSocket.last = this;
  }
  send(): void {}
  close(code?: number, reason?: string): void {
    this.readyState = 2;
    queueMicrotask(() => this.fire('close', { code, reason }));
  }
  addEventListener(type: string, listener: never): void {
    (this.listeners[type] ??= []).push(listener);
  }
  fire(type: string, fields: object = {}): void {
    this.readyState = { open: 1, close: 3 }[type] ?? this.readyState;
    for (const listener of this.listeners[type] ?? []) listener({ type, ...fields });
  }
}

function connect() {
  const connection = createConnection('ws://127.0.0.1:1/rn', { WebSocket: PlainEventSocket, policy: { jitter: 'none' } });
  connection.connect();
  PlainEventSocket.last.fire('open');
  return connection;
}

describe('close events as plain objects (React Native)', () => {
  it.each([
    [1000, 'bye'],
    [1008, 'policy'],
    [1012, 'restart'],
    [4001, 'token expired'],
  ])('a close %i from the server reads as in browsers: code, reason, clean', (code, reason) => {
    const connection = connect();
    PlainEventSocket.last.fire('close', { code, reason });
    expect(connection.getState().lastClose).toMatchObject({ code, reason, wasClean: true, initiator: 'server' });
    connection.dispose();
  });

  it('a native failure (error, then 1006 with the native text) reads as a browser drop: no reason, not clean, the network', () => {
    const connection = connect();
    PlainEventSocket.last.fire('error', { message: 'Failed to connect to /127.0.0.1:1' });
    PlainEventSocket.last.fire('close', { code: 1006, reason: 'Failed to connect to /127.0.0.1:1' });
    expect(connection.getState().lastClose).toMatchObject({ code: 1006, reason: '', wasClean: false, initiator: 'network', willRetry: true });
    expect(connection.getState().status).toBe('reconnecting');
    connection.dispose();
  });

  it('a close without a code reads as 1005 (no status received)', () => {
    const connection = connect();
    PlainEventSocket.last.fire('close', {});
    expect(connection.getState().lastClose).toMatchObject({ code: 1005, reason: '', wasClean: true });
    connection.dispose();
  });

  it("the client's own close reads as the client's", async () => {
    const connection = connect();
    connection.disconnect(1000, 'done');
    await Promise.resolve();
    expect(connection.getState()).toMatchObject({ status: 'closed', lastClose: { code: 1000, reason: 'done', wasClean: true, initiator: 'client' } });
    connection.dispose();
  });
});
