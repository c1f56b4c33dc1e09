// Adversarial review 3 (#11): the connection core, after a URL change and at give-up.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type CloseInfo, type Connection, type ConnectionOptions, type UrlSource } from 'react-lifeline/core';
import { createFakeServer, seededRandom, type FakeServer } from 'react-lifeline/testing';
import { fakeNetwork } from '../helpers/fakeNetwork';

const URL_B = 'ws://127.0.0.1:1/b';

function setup(options: ConnectionOptions = {}, url: UrlSource | null, server: FakeServer = createFakeServer()) {
  const network = fakeNetwork();
  const closes: CloseInfo[] = [];
  const connection: Connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: network.source,
    random: seededRandom(1),
    onError: () => {},
    onClose: (close) => closes.push(close),
    ...options,
  });
  return { server, network, closes, connection, state: () => connection.getState() };
}

async function settle() {
  for (let i = 0; i < 10; i += 1) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('after a URL function failed (url-failed), the app switches to a plain string URL', () => {
  it('a held connection tries the new string URL (nothing to ask again, no loop possible)', async () => {
    const { server, connection, state } = setup({}, async () => Promise.reject(new Error('token service down')));
    connection.retain(); // a mounted hook
    await settle();
    expect(state().status).toBe('failed');
    expect(state().error?.code).toBe('url-failed');
    connection.setOptions({ url: URL_B }); // the app falls back to a public endpoint
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual([URL_B]);
  });
});
