// What reported errors carry: never the URL's query string or fragment (in a message or a log
// line), and the socket's error event as the cause. Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelineError, type ConnectionOptions } from 'react-lifeline/core';
import { codeOf, settle, setup } from './connectionHarness';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('no error message or log contains the URL query string or fragment', () => {
  const SECRET = 'SECRET-TOKEN-42';

  function captureConsole() {
    const lines: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void lines.push(args.map(String).join(' ')));
    }
    return lines;
  }

  it.each([
    ['an invalid URL', `not a url?token=${SECRET}`],
    ['an unsupported scheme', `ftp://127.0.0.1:1/x?token=${SECRET}`],
    ['a URL with a fragment', `ws://127.0.0.1:1/x?a=1#token=${SECRET}`],
  ])('%s', async (_case, url) => {
    const lines = captureConsole();
    const { connection, state, errors } = setup({}, url);
    connection.connect();
    await settle();
    const messages = [...errors, state().error].filter(Boolean).map((error) => String(error!.message));
    for (const message of messages) expect(message).not.toContain(SECRET);
    for (const message of messages) expect(message).not.toContain('token=');
    for (const line of lines) expect(line).not.toContain(SECRET);
  });

  it.each([
    ['a plain message', () => new SyntaxError('The subprotocol is invalid.')],
    ['a browser-like message that quotes the URL', (url: string) => new DOMException(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`, 'SyntaxError')],
  ])('new WebSocket() throwing (%s): the error message leaves out the query string', async (_case, makeError) => {
    const lines = captureConsole();
    class ThrowingWebSocket {
      constructor(url: string) {
        throw makeError(url);
      }
    }
    const { connection, state, errors } = setup(
      { WebSocket: ThrowingWebSocket as unknown as ConnectionOptions['WebSocket'] },
      `ws://127.0.0.1:1/chat?token=${SECRET}`,
    );
    connection.connect();
    await settle();
    expect(state().status).toBe('failed');
    expect(state().error).toBeInstanceOf(LifelineError);
    for (const error of [...errors, state().error!]) {
      expect(error.message).not.toContain(SECRET);
      expect(error.message).not.toContain('token=');
    }
    for (const line of lines) expect(line).not.toContain(SECRET);
  });
});

describe('the socket error event is kept as the cause', () => {
  it("reports the socket's error event as a 'socket-error' LifelineError whose cause is that event", async () => {
    const { server, connection, errors } = setup();
    connection.connect();
    await settle();
    const socket = server.last();
    let event: Event | null = null;
    socket.addEventListener('error', (seen) => {
      event = seen;
    });
    socket.accept().drop();
    const socketErrors = errors.filter((error) => codeOf(error) === 'socket-error');
    expect(socketErrors).toHaveLength(1);
    expect(socketErrors[0]).toBeInstanceOf(LifelineError);
    expect(event).not.toBeNull();
    expect(socketErrors[0]!.cause).toBe(event);
  });
});
