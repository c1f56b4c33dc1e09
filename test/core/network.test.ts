import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { NetworkSource } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

function setup(network: NetworkSource) {
  const server = createFakeServer();
  const connection = createConnection('ws://127.0.0.1:1/net', { WebSocket: server.WebSocket, network, policy: { jitter: 'none' } });
  return { server, connection, state: () => connection.getState() };
}

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('back/forward cache', () => {
  it('reconnects at once when the page is restored and the socket is gone', () => {
    let restore = () => {};
    const network: NetworkSource = {
      ...fakeNetwork().source,
      subscribePageRestore: (listener) => {
        restore = listener;
        return () => (restore = () => {});
      },
    };
    const { server, connection, state } = setup(network);
    connection.connect();
    server.last().accept();
    server.last().readyState = 3; // Chrome closed it when the page entered the cache
    restore();
    expect(server.sockets).toHaveLength(2);
    expect(state().status).toBe('reconnecting');
    server.last().accept();
    expect(state().status).toBe('open');
    restore(); // an open socket is left alone
    expect(server.sockets).toHaveLength(2);
  });
});
