import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { NetworkSource } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { settle, setup } from './connectionHarness';

/** A connection on the network given (no jitter). */
function connectOn(network: NetworkSource) {
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
    const { server, connection, state } = connectOn(network);
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

describe('online stays current while idle or closed', () => {
  it('an idle connection with a subscriber follows offline and online events', () => {
    const { network, connection, state } = setup();
    const seen: boolean[] = [];
    connection.subscribe((next) => seen.push(next.online));
    expect(state()).toMatchObject({ status: 'idle', online: true });
    network.set(false);
    expect(state().online).toBe(false);
    network.set(true);
    expect(state().online).toBe(true);
    expect(seen).toEqual([false, true]);
  });

  it('a closed connection with a subscriber follows offline and online events', async () => {
    const { server, network, connection, state } = setup();
    connection.subscribe(() => {});
    connection.connect();
    await settle();
    server.last().accept();
    connection.disconnect();
    await settle();
    expect(state()).toMatchObject({ status: 'closed', online: true });
    network.set(false);
    expect(state().online).toBe(false);
    network.set(true);
    expect(state().online).toBe(true);
  });
});
