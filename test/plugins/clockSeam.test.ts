import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { defaultTimers } from '../../src/core/defaultTimers';
import type { LifelineError } from '../../src/core/LifelineError';
import type { Plugin } from '../../src/core/types';
import { keepalive } from '../../src/plugins/keepalive';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { fakePage } from '../helpers/fakePage';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('the clock seam: two plug-ins that bring timers', () => {
  it('a keepalive({ quietWhileHidden }) after another plug-in with a clock is not silently without its clock: it works, or development says why not', () => {
    const page = fakePage();
    const server = createFakeServer();
    const errors: LifelineError[] = [];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const metrics: Plugin = { name: 'metrics', timers: { ...defaultTimers }, setup: () => ({}) };
    const connection = createConnection('ws://127.0.0.1:1/ka', {
      WebSocket: server.WebSocket,
      network: fakeNetwork().source,
      onError: (error) => errors.push(error),
      plugins: [metrics, keepalive({ message: 'ping', intervalMs: 10_000, timeoutMs: 5_000, quietWhileHidden: true, Worker: undefined })],
      policy: { jitter: 'none', initialDelayMs: 1000 },
    });
    connection.connect();
    server.last().accept();
    page.hide();
    server.last().drop();
    vi.advanceTimersByTime(1000);
    const held = server.sockets.length === 1;
    const said = errors.some((error) => error.code !== 'socket-error') || warn.mock.calls.length > 0; // the drop itself reports a socket-error
    expect({ held, said }).not.toEqual({ held: false, said: false }); // either the retry is held as asked, or the conflict is reported
    connection.dispose();
  });
});
