// One rule turns a URL into something safe to show: no credentials, no query, no fragment.
// Errors, logs, callback arguments, panels and timelines all use it.
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { redactUrl } from '../../src/core/redactUrl';
import { fakeNetwork } from '../helpers/fakeNetwork';

const SECRET_URL = 'wss://alice:s3cret@chat.example.test:8443/room?token=t0ken#frag';

describe('redactUrl', () => {
  it.each([
    [SECRET_URL, 'wss://chat.example.test:8443/room'],
    ['ws://127.0.0.1:1/a?x=1', 'ws://127.0.0.1:1/a'],
    ['ws://host/path', 'ws://host/path'],
    [`Failed to construct 'WebSocket': The URL '${SECRET_URL}' is invalid.`, "Failed to construct 'WebSocket': The URL 'wss://chat.example.test:8443/room' is invalid."],
    ['two: ws://u:p@a/x?t=1 and http://b/y#z', 'two: ws://a/x and http://b/y'],
  ])('%s → %s', (input, output) => {
    expect(redactUrl(input)).toBe(output);
  });

  it('names a URL function instead of printing its source', () => {
    expect(redactUrl(() => SECRET_URL)).toBe('(URL from a function)');
  });
});

describe('no credential, query or fragment in any error message', () => {
  const leaks = (text: string) => /alice|s3cret|t0ken|frag/.test(text);

  it('when the WebSocket constructor throws an error that quotes the URL', () => {
    const errors: LifelineError[] = [];
    class Throwing {
      constructor(url: string) {
        throw new SyntaxError(`Failed to construct 'WebSocket': The URL '${url}' is invalid.`);
      }
    }
    const connection = createConnection(SECRET_URL.replace('#frag', ''), { WebSocket: Throwing as never, network: fakeNetwork().source, onError: (error) => void errors.push(error) });
    connection.connect();
    expect(connection.getState().status).toBe('failed');
    expect(errors.map((error) => error.code)).toEqual(['socket-failed']);
    expect(errors[0]!.message).toMatch(/wss:\/\/chat\.example\.test:8443\/room/);
    expect(leaks(errors[0]!.message)).toBe(false);
    expect(leaks(connection.getState().error!.message)).toBe(false);
  });

  it('when a URL function rejects with an error that quotes the URL', async () => {
    const errors: LifelineError[] = [];
    const connection = createConnection(() => Promise.reject(new Error(`token endpoint refused ${SECRET_URL}`)), {
      network: fakeNetwork().source,
      WebSocket: class {} as never,
      onError: (error) => void errors.push(error),
    });
    connection.connect();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(errors.map((error) => error.code)).toEqual(['url-failed']);
    expect(leaks(errors[0]!.message)).toBe(false);
    expect(errors[0]!.message).toMatch(/chat\.example\.test/);
  });
});
