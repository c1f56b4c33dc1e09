import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { keepalive } from '../../src/plugins/keepalive';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { fakePage } from '../helpers/fakePage';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

function setup() {
  const page = fakePage();
  const server = createFakeServer();
  const connection = createConnection('ws://127.0.0.1:1/ka', {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    plugins: [keepalive({ message: 'ping', intervalMs: 10_000, timeoutMs: 5_000, quietWhileHidden: true, Worker: undefined })],
    policy: { jitter: 'none', initialDelayMs: 1000 },
  });
  connection.connect();
  server.last().accept();
  return { page, server, connection };
}

describe('a keepalive taken out of the plug-ins (setOptions) leaves nothing of itself behind', () => {
  it('its quietWhileHidden no longer holds the retries of a hidden page', () => {
    const { page, server, connection } = setup();
    connection.setOptions({ plugins: [] });
    page.hide();
    server.last().drop();
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2); // no keepalive, no hold: the retry runs when due
    connection.dispose();
  });

  it('state.plugins no longer says where its clock runs', () => {
    const { connection } = setup();
    expect(connection.getState().plugins.keepalive).toEqual({ clock: 'main' });
    connection.setOptions({ plugins: [] });
    expect(connection.getState().plugins.keepalive).toBeUndefined();
    connection.dispose();
  });
});
