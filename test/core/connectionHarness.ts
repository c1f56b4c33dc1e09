// What the connection tests on the fake server share (queue, disconnect, options, errors,
// re-authentication, proved alive, network): a connection on a fake server with a network the
// test switches (online/offline, bfcache restores), the errors, closes and give-ups it reported,
// and a settle that lets promise jobs and 0 ms timers run. Fake timers are each file's own.
import { vi } from 'vitest';
import {
  createConnection,
  type CloseInfo,
  type Connection,
  type ConnectionOptions,
  type NetworkSource,
  type UrlSource,
} from 'react-lifeline/core';
import { createFakeServer, seededRandom, type FakeServer } from 'react-lifeline/testing';
import { fakeNetwork } from '../helpers/fakeNetwork';

export const URL_A = 'ws://127.0.0.1:1/a';
export const URL_B = 'ws://127.0.0.1:1/b';

/** A network source with online/offline events and bfcache restores the test fires. */
export function controllableNetwork(initiallyOnline = true) {
  const base = fakeNetwork(initiallyOnline);
  const restoreListeners = new Set<() => void>();
  const source: NetworkSource = {
    isOnline: base.source.isOnline,
    subscribe: base.source.subscribe,
    subscribePageRestore(listener) {
      restoreListeners.add(listener);
      return () => restoreListeners.delete(listener);
    },
  };
  return {
    source,
    set: (online: boolean) => base.set(online),
    /** `pageshow` with `persisted: true`. */
    restore: () => {
      for (const listener of [...restoreListeners]) listener();
    },
  };
}

export function setup(options: ConnectionOptions = {}, url: UrlSource | null = URL_A, server: FakeServer = createFakeServer()) {
  const network = controllableNetwork();
  const errors: Error[] = [];
  const closes: CloseInfo[] = [];
  const giveUps: CloseInfo[] = [];
  const connection: Connection = createConnection(url, {
    WebSocket: server.WebSocket,
    network: network.source,
    random: seededRandom(1),
    onError: (error) => errors.push(error),
    onClose: (close) => closes.push(close),
    onGiveUp: (close) => giveUps.push(close),
    ...options,
  });
  return { server, network, errors, closes, giveUps, connection, state: () => connection.getState() };
}

export const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

/** Lets promise jobs (re-auth, async URLs, fake close handshakes) and 0 ms timers run. */
export async function settle() {
  for (let i = 0; i < 5; i += 1) await Promise.resolve();
  await vi.advanceTimersByTimeAsync(0);
}
