import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { keepalive } from '../../src/plugins/keepalive';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

/** A page whose visibility the test switches; a listener's throw is caught and kept, as a browser reports it. */
function fakePage() {
  const thrown: unknown[] = [];
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const dispatch = doc.dispatchEvent.bind(doc);
  const listeners: Array<(event: Event) => void> = [];
  doc.addEventListener = ((type: string, listener: (event: Event) => void) => type === 'visibilitychange' && listeners.push(listener)) as never;
  doc.removeEventListener = ((_: string, listener: (event: Event) => void) => listeners.splice(listeners.indexOf(listener) >>> 0, 1)) as never;
  doc.dispatchEvent = (event: Event) => {
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch (error) {
        thrown.push(error);
      }
    }
    return dispatch(event);
  };
  vi.stubGlobal('document', doc);
  vi.stubGlobal('window', new EventTarget());
  const set = (state: DocumentVisibilityState) => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return { hide: () => set('hidden'), show: () => set('visible'), thrown };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('keepalive: the functions it is given go through the guard', () => {
  it('a random() that throws when a held retry is released is reported, and the retry still runs', () => {
    const page = fakePage();
    const server = createFakeServer();
    const errors: LifelineError[] = [];
    const connection = createConnection('ws://127.0.0.1:1/ka', {
      WebSocket: server.WebSocket,
      network: fakeNetwork().source,
      onError: (error) => errors.push(error),
      plugins: [
        keepalive({
          message: 'ping',
          intervalMs: 10_000,
          timeoutMs: 5_000,
          quietWhileHidden: true,
          returnJitterMs: 1_000,
          Worker: undefined,
          random: () => {
            throw new Error('no entropy');
          },
        }),
      ],
      policy: { jitter: 'none', initialDelayMs: 1000 },
    });
    connection.connect();
    server.last().accept();
    page.hide();
    server.last().drop();
    vi.advanceTimersByTime(5_000);
    expect(server.sockets).toHaveLength(1); // held while hidden
    page.show();
    vi.advanceTimersByTime(5_000);
    expect(page.thrown).toEqual([]); // nothing escapes into the page's event dispatch
    expect(errors.map((error) => [error.code, error.field])).toContainEqual(['callback-failed', 'keepalive.random']);
    expect(server.sockets).toHaveLength(2); // the held retry ran
    connection.dispose();
  });
});
