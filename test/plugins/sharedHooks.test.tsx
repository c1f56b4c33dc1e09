/**
 * Hooks sharing one socket: one socket per URL also when a URL function fails when first
 * asked where it points (any later answer tells the pool), and a hook's own parse failure,
 * and its onError that throws on it, stay that hook's. The share model (share.model.test.tsx)
 * found both; the comments give the seed and path (replay with SHARE_MODEL_PATH and
 * SHARE_MODEL_REPLAY_PATH).
 */
import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { LifelineError } from '../../src/core/LifelineError';
import type { UrlSource } from '../../src/core/types';
import { sharedSockets } from '../../src/plugins/share';
import { useWebSocket, type UseWebSocketOptions } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';

const URL_B = 'ws://b.test/y';

function Hook({ url, options }: { url: UrlSource; options?: UseWebSocketOptions }) {
  useWebSocket(url, { share: true, ...options });
  return null;
}

// Model, SHARE_MODEL_SKIP=throw-field: seed 20260518, path "5:5:1:2:24:24:24:25:24:24:24:24"
// (replayPath "MJE:F"):
// URL functions throw at rate 0.3; first mounted: a sync URL function of its own -> 'ws://a.test/x'
// (its first call throws); mount('ws://a.test/x') -> two live sockets to ws://a.test/x. createSocketPool's `answerOf` keys a
// function whose first answer threw by the function itself ("points nowhere known ... the
// connection reports why"), but the connection calls the function again to open its socket;
// when that call answers, the hook holds a second socket to a URL the pool already shares.
describe('one socket per URL, also for a URL function that failed once', () => {
  it('a URL function whose first call throws joins the socket the pool has for its URL', async () => {
    const server = createFakeServer();
    let calls = 0;
    const flaky = () => {
      calls += 1;
      if (calls === 1) throw new Error('token not ready');
      return URL_B;
    };
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Hook url={URL_B} />
        <Hook url={flaky} />
      </WebSocketProvider>,
    );
    await act(async () => {});
    expect(server.live().map((socket) => socket.url)).toEqual([URL_B]);
  });
});

// Model (`npx vitest run test/plugins/share.model.test.tsx`): seed 20260518, path
// "3:0:0:0:0:0:0:0:5:4:3:3:4:6:6" (replayPath "GAX:F"): first mounted: 'ws://a.test/x'; mount('ws://a.test/x' with
// parse and onError that always throw), accept(0), serverMessage(0) -> the onError's throw
// reaches both hooks' onError as 'callback-failed' with field 'onMessage'. useWebSocket's `forward.onMessage` reports its
// parse failure with a direct `onError?.(error)`, not through the guard, so onError's throw
// escapes into the connection's guard around the hook's onMessage handler, which names
// onMessage and tells every hook on the socket (and the throwing onError again).
describe('an onError that throws on a parse failure is not reported as onMessage, nor back to onError', () => {
  it("the hook's onError hears its parse failure only; the other hook on the socket hears nothing", async () => {
    const server = createFakeServer();
    const own: LifelineError[] = [];
    const other: LifelineError[] = [];
    const boom = new Error('onError broke');
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Hook url={URL_B} options={{ onError: (error) => void other.push(error) }} />
        <Hook
          url={URL_B}
          options={{
            parse: () => {
              throw new Error('bad JSON');
            },
            onError: (error) => {
              own.push(error);
              throw boom;
            },
          }}
        />
      </WebSocketProvider>,
    );
    await act(async () => {});
    act(() => void server.last().accept().message('{'));
    expect(own.map((error) => [error.code, error.field])).toEqual([['parse-failed', 'parse']]);
    expect(other).toEqual([]);
  });
});
