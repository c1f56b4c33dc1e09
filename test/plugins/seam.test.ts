// The plug-in seam: a handshake holds the open only while its own plug-in is there; a link a
// plug-in proved alive goes back to stableAfterMs when that plug-in goes; a plug-in's state hook
// that throws is reported as any throw.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConnectionOptions, Plugin, UrlSource } from '../../src/core/types';
import { heartbeat } from '../../src/plugins/heartbeat';
import { ready } from '../../src/plugins/ready';
import { fakeConnection } from '../helpers/fakeConnection';

const URL_A = 'ws://127.0.0.1:1/a';

const setup = (options: ConnectionOptions = {}, url: UrlSource = URL_A) => fakeConnection(options, url);

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
