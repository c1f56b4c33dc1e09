// Every function the connection is given is called through one guard: a throw becomes a
// LifelineError naming the function (code 'callback-failed', the throw in `cause`), reported
// through `error` and onError, and the machine carries on: no phase freezes, no delivery is
// skipped, no timer stops.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ConnectionOptions } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

const URL_A = 'ws://127.0.0.1:1/guard';

function setup(options: ConnectionOptions = {}) {
  const server = createFakeServer();
  const errors: LifelineError[] = [];
  const connection = createConnection(URL_A, {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    onError: (error) => void errors.push(error),
    ...options,
    policy: { jitter: 'none', ...options.policy },
  });
  return { server, errors, connection, state: () => connection.getState() };
}

const thrown = (errors: LifelineError[]) => errors.filter((error) => error.code === 'callback-failed').map((error) => error.field);

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('policy.shouldReconnect that throws', () => {
  it('leaves the decision to the table: the connection reconnects, it does not stay "open" on a closed socket', () => {
    const { server, connection, state, errors } = setup({
      policy: {
        shouldReconnect: () => {
          throw new Error('bug in the app');
        },
      },
    });
    connection.connect();
    server.last().accept().drop(); // 1006: the table backs off
    expect(thrown(errors)).toEqual(['policy.shouldReconnect']);
    expect(state()).toMatchObject({ status: 'reconnecting', readyState: 3, lastClose: { code: 1006, willRetry: true, action: 'backoff' } });
    expect(connection.send('held')).toBe('queued');
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2);
    server.last().accept();
    expect(state().status).toBe('open');
    expect(server.last().sent).toEqual(['held']);
  });

  it('on a code the table never retries: the connection closes, and a send is refused rather than queued forever', () => {
    const { server, connection, state } = setup({
      policy: {
        shouldReconnect: () => {
          throw new Error('bug in the app');
        },
      },
    });
    connection.connect();
    server.last().accept().serverClose(1008, 'policy');
    expect(state()).toMatchObject({ status: 'closed', readyState: 3 });
    expect(connection.send('x')).toBe('rejected');
  });
});

describe('callbacks that throw', () => {
  it('an onMessage that throws keeps the message from no other handler, and every message is reported', () => {
    const { server, connection, errors } = setup({
      onMessage: () => {
        throw new Error('bug');
      },
    });
    const others: unknown[] = [];
    connection.onMessage((message) => others.push(message));
    connection.connect();
    server.last().accept().message('a').message('b');
    expect(others).toEqual(['a', 'b']);
    expect(thrown(errors)).toEqual(['onMessage', 'onMessage']);
  });

  it('an onOpen that throws still flushes the queue', () => {
    const { server, connection, state, errors } = setup({
      onOpen: () => {
        throw new Error('bug');
      },
    });
    connection.connect();
    connection.send('queued');
    server.last().accept();
    expect(server.last().sent).toEqual(['queued']);
    expect(state().status).toBe('open');
    expect(thrown(errors)).toEqual(['onOpen']);
  });

  it('an onClose that throws keeps the retry scheduled', () => {
    const { server, connection, state, errors } = setup({
      onClose: () => {
        throw new Error('bug');
      },
    });
    connection.connect();
    server.last().accept().drop();
    expect(state().status).toBe('reconnecting');
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2);
    expect(thrown(errors)).toEqual(['onClose']);
  });

  it('an onError that throws is recorded in error, not called again for its own throw', () => {
    let calls = 0;
    const { server, connection, state } = setup({
      onError: () => {
        calls += 1;
        throw new Error('bug in onError');
      },
    });
    connection.connect();
    server.last().accept();
    connection.send(42 as never); // invalid-data: reported to onError, which throws
    expect(calls).toBe(1);
    expect(state().error).toMatchObject({ code: 'callback-failed', field: 'onError' });
    expect(state().status).toBe('open');
  });

  it('a subscriber that throws does not keep the state from the others', async () => {
    const { server, connection } = setup();
    const seen: string[] = [];
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
      connection.subscribe(() => {
        throw new Error('bug in a subscriber');
      });
      connection.subscribe((state) => seen.push(state.status));
      connection.connect();
      server.last().accept();
      await Promise.resolve();
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(seen).toEqual(['connecting', 'open']);
    // Nothing else to tell it through: it surfaces in a later task, typed and named.
    expect(uncaught).toHaveLength(2);
    expect(uncaught[0]).toMatchObject({ code: 'callback-failed', field: 'subscribe' });
  });
});

describe('URL functions and re-authentication that throw', () => {
  it('a URL function that throws synchronously fails the connection with url-failed', () => {
    const { connection, state, server } = setup();
    connection.setOptions({
      url: () => {
        throw new Error('no token');
      },
    });
    connection.connect();
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'url-failed' } });
    expect(server.sockets).toHaveLength(0);
  });

  it('a reauthenticate that throws synchronously fails with reauth-failed, rather than throwing out of the close', () => {
    const { server, connection, state } = setup({
      policy: {
        reauthenticate: () => {
          throw new Error('sign-in service down');
        },
      },
    });
    connection.connect();
    server.last().accept().serverClose(3000, 'expired');
    vi.advanceTimersByTime(1000);
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'reauth-failed' } });
  });
});
