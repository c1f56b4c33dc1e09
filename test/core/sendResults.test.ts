// What send() answers is what will happen: a File is a message; nothing is queued where
// nothing will deliver it (after dispose()), and everything sent for a restart the app asked
// for (disconnect(); connect()) is. And no credential reaches an error message.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionOptions, UrlSource } from '../../src/core/types';
import { fakeConnection } from '../helpers/fakeConnection';

const URL_A = 'ws://127.0.0.1:1/a';

const setup = (options: ConnectionOptions = {}, url: UrlSource = URL_A) => fakeConnection(options, url);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('send(): what is a message', () => {
  it('sends a File (a Blob) instead of refusing it as invalid-data', () => {
    // README: "`send(data)` ... (anything but a string, buffer, view or Blob is refused with
    // `invalid-data`)"; types: `send(data: string | ArrayBufferLike | Blob | ArrayBufferView)`.
    // A File is a Blob (`file instanceof Blob`), and WebSocket.send() takes it.
    // Instead: isSendData.ts tests `Object.prototype.toString` against
    // /^\[object (ArrayBuffer|SharedArrayBuffer|Blob)\]$/, and a File's tag is "[object File]".
    const { server, connection, errors } = setup();
    connection.connect();
    server.last().accept();
    const file = new File(['hello'], 'hello.txt', { type: 'text/plain' });
    expect(file).toBeInstanceOf(Blob);
    expect(connection.send(file)).toBe('sent');
    expect(errors.map((error) => error.code)).toEqual([]);
    expect(server.last().sent).toEqual([file]);
  });
});

describe('send() answers what will happen', () => {
  it("after dispose(), send() does not answer 'queued' (nothing will ever deliver it)", () => {
    // API: send() answers 'sent' | 'queued' | 'rejected'; 'queued' means it waits for the next
    // open (README: "Messages sent while not open wait in the session's bounded queue and go out
    // in order on its next open"). A disposed connection never opens again (connect() is a no-op).
    // Instead: dispose() leaves the phase 'idle', and send() in 'idle' queues "for the next
    // connect()" (createConnection.ts send/queueLimits), so the message is held forever.
    const { connection, server } = setup();
    connection.dispose();
    const result = connection.send('lost');
    connection.connect();
    expect(server.sockets).toHaveLength(0);
    expect(result).toBe('rejected');
  });

  it('disconnect(); connect(); send() queues the message for the new session instead of refusing it', async () => {
    // API: connect() "(Re)starts from idle, closed or failed; while closing, right after the
    // close"; README: "Messages sent while not open wait in the session's bounded queue and go
    // out in order on its next open". The refusal's own words say "Call connect() first" — which
    // the app did.
    // Instead: the phase is still 'closing' (then: 'connect'), queueLimits('closing') is null, so
    // the send is 'rejected' with not-open, and the new socket that opens right after gets nothing.
    const { server, connection, state, errors } = setup();
    connection.connect();
    server.last().accept();
    connection.disconnect(); // e.g. a "switch account" that restarts the socket
    connection.connect();
    const result = connection.send('hello again');
    await vi.advanceTimersByTimeAsync(0); // the closing handshake completes; the new socket starts
    server.last().accept();
    expect(state().status).toBe('open');
    expect(errors.map((error) => error.code)).not.toContain('not-open');
    expect(result).toBe('queued');
    expect(server.last().sent).toEqual(['hello again']);
  });
});

describe('no credentials in any error message', () => {
  // README: "No message or log contains a URL's credentials, query or fragment: one rule,
  // `redactUrl`, turns every URL the library shows into its scheme, host and path." CHANGELOG
  // Fixed: "A WebSocket constructor's or URL function's error quoting the URL put
  // `user:password@` in `error.message`."
  // Instead: redactUrl's pattern stops the userinfo at a `'` ([^\s/?#@"'`]*@), but the WHATWG URL
  // parser leaves `'` unescaped in a password, so a password with an apostrophe is kept whole.
  const URL_WITH_PASSWORD = "wss://alice:it's-s3cret@chat.example.test/room";

  it("when the WebSocket constructor's error quotes a URL whose password has an apostrophe", () => {
    class Throwing {
      constructor(url: string) {
        // Chrome's words, which quote the URL in single quotes.
        throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
      }
    }
    const { connection, errors, state } = setup({ WebSocket: Throwing as never }, URL_WITH_PASSWORD);
    connection.connect();
    expect(state().status).toBe('failed');
    expect(errors.map((error) => error.code)).toEqual(['socket-failed']);
    expect(errors[0]!.message).toContain('chat.example.test/room');
    expect(errors[0]!.message).not.toMatch(/alice|s3cret/);
  });

  it('when a URL function rejects quoting such a URL', async () => {
    const { connection, errors } = setup({}, () => Promise.reject(new Error(`no ticket for ${URL_WITH_PASSWORD}`)));
    connection.connect();
    await vi.advanceTimersByTimeAsync(0);
    expect(errors.map((error) => error.code)).toEqual(['url-failed']);
    expect(errors[0]!.message).not.toMatch(/alice|s3cret/);
  });
});
