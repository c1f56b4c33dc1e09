// Without a standard URL (Hermes, React Native), a URL goes as written but for its scheme. Where a
// URL function points must still leave its query out, and no error may show the query: that is
// where tokens go, fresh on every call.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { identify } from '../../src/core/urlIdentity';
import type { NetworkSource } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';

const network: NetworkSource = { isOnline: () => true, subscribe: () => () => {} };
// A room name with a space, as an app builds the URL from it; the token is fresh per call.
const roomUrl = (token: number) => `wss://chat.example.test/rooms/General chat?token=t0ken${token}`;
const auth = (token: number) => `wss://chat.example.test/feed?auth=Bearer t0ken${token}`;

beforeEach(() => void vi.stubGlobal('URL', undefined));
afterEach(() => void vi.unstubAllGlobals());

describe('without a standard URL, where a URL function points leaves out its query', () => {
  it.each([
    ['a path with a space', roomUrl],
    ['a query with a space', auth],
  ])('%s: two answers that differ only in the token point to one endpoint', (_, url) => {
    expect(identify(() => url(1))).toBe(identify(() => url(2)));
    expect(String(identify(() => url(1)))).not.toMatch(/t0ken/);
  });

  it('a new inline URL function with a fresh token keeps the open socket', () => {
    const server = createFakeServer();
    let token = 0;
    const connection = createConnection(() => roomUrl(++token), { WebSocket: server.WebSocket, network, policy: { jitter: 'none' } });
    connection.connect();
    server.last().accept();
    connection.setOptions({ url: () => roomUrl(++token) }); // the next render's arrow
    expect(server.sockets.length).toBe(1);
    expect(server.last().readyState).toBe(1);
  });

  it("an error quoting the URL the WebSocket was given shows no token", () => {
    const errors: LifelineError[] = [];
    class Throwing {
      constructor(url: string) {
        throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
      }
    }
    const connection = createConnection(auth(1), { WebSocket: Throwing as never, network, onError: (error) => void errors.push(error) });
    connection.connect();
    expect(errors.map((error) => error.code)).toEqual(['socket-failed']);
    expect(errors[0]!.message).not.toMatch(/t0ken/);
  });
});
