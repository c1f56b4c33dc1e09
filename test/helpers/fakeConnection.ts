import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import type { ConnectionOptions, UrlSource } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from './fakeNetwork';
import { seededRandom } from './seededRandom';

/** A connection to a fake server, online, with seeded jitter, collecting what it reports. */
export function fakeConnection(options: ConnectionOptions = {}, url: UrlSource = 'ws://127.0.0.1:1/a') {
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
