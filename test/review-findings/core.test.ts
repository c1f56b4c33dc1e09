// Review findings on core v3 (git diff 42d0493 HEAD -- src): the connection, its plug-in seam,
// the send check and the URL redaction. Each test fails on the reviewed commit and states the
// contract it holds the code to.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import type { ConnectionOptions, Plugin, UrlSource } from '../../src/core/types';
import { heartbeat } from '../../src/plugins/heartbeat';
import { ready } from '../../src/plugins/ready';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { seededRandom } from '../helpers/seededRandom';

const URL_A = 'ws://127.0.0.1:1/a';

function setup(options: ConnectionOptions = {}, url: UrlSource = URL_A) {
  const server = createFakeServer();
  const errors: LifelineError[] = [];
  const connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    random: seededRandom(3),
    onError: (error) => void errors.push(error),
    ...options,
  });
  return { server, errors, connection, state: () => connection.getState() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('plug-ins changed by setOptions mid-handshake', () => {
  it('dropping an unrelated plug-in while ready() holds the open does not open the connection before the ack', () => {
    // README (ready): "the connection counts as `open` (status, `onOpen`, queue flush, attempt
    // reset, "Reconnected") only when `isReady(data)` accepts a server message". CHANGELOG: "The
    // same names in the same order keep running when options change."
    // Instead: removing any *other* plug-in while `holding` opens the connection at once
    // (createConnection.ts takePlugins: `if (gone.length && phase.name === 'holding') opened(...)`
    // runs whether or not the gone plug-in was the one holding), so the queue is flushed to a
    // server that has not accepted the connection.
    const handshake = ready({ message: 'hello', isReady: (data) => data === 'ack', timeoutMs: 5000 });
    const logger: Plugin = { name: 'logger', setup: () => ({}) };
    const opens: string[] = [];
    const { server, connection, state } = setup({ plugins: [handshake, logger], onOpen: () => void opens.push('open') });
    connection.connect();
    expect(connection.send('subscribe')).toBe('queued');
    server.last().accept();
    expect(state().status).toBe('connecting'); // held for the ack
    connection.setOptions({ plugins: [handshake] }); // e.g. `plugins: debug ? [ready, logger] : [ready]`
    expect(state().status).toBe('connecting'); // still no ack: still not open
    expect(opens).toEqual([]);
    expect(server.last().sent).toEqual(['hello']); // the queued subscribe waits for the ack
    server.last().message('ack');
    expect(state().status).toBe('open');
    expect(server.last().sent).toEqual(['hello', 'subscribe']);
  });

  it('removing the heartbeat from an open connection lets stableAfterMs reset the attempt counter again', () => {
    // README: "stableAfterMs: open this long and the attempt counter resets (unless a plug-in
    // proves the link alive itself)"; "Proved alive ... a heartbeat's first answer, otherwise
    // stableAfterMs open."
    // Instead: the heartbeat said 'prove' at open, so no stableAfterMs timer was set; when the
    // heartbeat is removed before it proved anything, nothing ever resets `attempt`
    // (createConnection.ts opened()/takePlugins: the timer is only set in opened()). After an
    // hour open, the next drop counts as retry 3 and maxAttempts: 2 gives up at once.
    const { server, connection, state } = setup({
      plugins: [heartbeat({ message: 'ping', intervalMs: 10_000, timeoutMs: 5_000 })],
      policy: { maxAttempts: 2, stableAfterMs: 5_000 },
    });
    connection.connect();
    server.last().refuse();
    vi.advanceTimersByTime(60_000);
    server.last().refuse();
    vi.advanceTimersByTime(60_000);
    expect(state().attempt).toBe(2);
    server.last().accept();
    expect(state().status).toBe('open');
    connection.setOptions({ plugins: [] }); // the app turns the heartbeat off
    vi.advanceTimersByTime(60 * 60_000); // open for an hour
    expect(state().attempt).toBe(0);
    server.last().drop();
    expect(state().status).toBe('reconnecting'); // not 'failed': the link had proved stable
  });
});

describe("a plug-in's state hook that throws", () => {
  it('is reported through onError and error, not re-thrown in a later task', async () => {
    // README: "Every hook of a plug-in is called through the guard too: a plug-in that throws is
    // reported by name"; CHANGELOG migration: "A callback that throws is no longer re-thrown in a
    // microtask: read error / onError (code 'callback-failed', field names the function)".
    // Instead: setState calls `guard(`${name}.state`, hooks.state, [state])` without a report
    // function (createConnection.ts:99), so guard's default `later` re-throws it as an uncaught
    // error and no onError hears it.
    const uncaught: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (task) =>
      original(() => {
        try {
          task();
        } catch (error) {
          uncaught.push(error);
        }
      });
    try {
      const faulty: Plugin = {
        name: 'faulty',
        setup: () => ({
          state(state) {
            if (state.status === 'connecting') throw new Error('bug in a plug-in');
          },
        }),
      };
      const { connection, errors } = setup({ plugins: [faulty] });
      connection.connect();
      await Promise.resolve();
      expect(uncaught).toEqual([]);
      expect(errors.map((error) => [error.code, error.field])).toContainEqual(['callback-failed', 'faulty.state']);
    } finally {
      globalThis.queueMicrotask = original;
    }
  });
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
