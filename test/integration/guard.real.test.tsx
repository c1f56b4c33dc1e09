// User code that throws, against a REAL `ws` server on 127.0.0.1 (ephemeral port), through
// jsdom's WebSocket: the throw becomes a typed error naming the function, and the connection
// goes on exactly as it would without it.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type Connection, type ConnectionOptions, type LifelineError } from 'react-lifeline';
import { heartbeat } from 'react-lifeline/heartbeat';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';
import { until as untilState } from '../helpers/until';

let server: RecordingServer;
let connections: Connection[];

beforeEach(async () => {
  server = await startRecordingServer();
  connections = [];
});
afterEach(async () => {
  for (const connection of connections) connection.dispose();
  await server.stop();
});

function open(options: ConnectionOptions = {}) {
  const errors: LifelineError[] = [];
  const connection = createConnection(`${server.url}/guard`, { onError: (error) => void errors.push(error), ...options });
  connections.push(connection);
  const state = () => connection.getState();
  const until = (check: () => void) => vi.waitFor(check, { timeout: 5000, interval: 10 });
  return { connection, errors, state, until };
}
const thrown = (errors: LifelineError[]) => errors.filter((error) => error.code === 'callback-failed').map((error) => error.field);

describe('user code that throws, on a real server', () => {
  it('a throwing policy.shouldReconnect: the server restarts with 1012, the table decides, the client reconnects and its queued message goes out', async () => {
    const { connection, errors, state, until } = open({
      policy: {
        codes: { 1012: { delayMs: 50 } },
        shouldReconnect: () => {
          throw new Error('bug in the app');
        },
      },
    });
    connection.connect();
    await until(() => expect(state().status).toBe('open'));
    (await server.connection(1)).socket.close(1012, 'restart');
    await until(() => expect(state().status).toBe('reconnecting'));
    expect(state().readyState).toBe(3); // not "open" on a closed socket
    expect(connection.send('after the restart')).toBe('queued');
    await until(() => expect(state().status).toBe('open'));
    const second = await server.connection(2);
    await until(() => expect(second.received).toEqual(['after the restart']));
    expect(thrown(errors)).toEqual(['policy.shouldReconnect']);
    expect(state().lastClose).toMatchObject({ code: 1012, willRetry: false, retryAt: null });
  });

  it('a heartbeat.message() that throws once skips one ping, and a half-open link still gets its 3008', async () => {
    let calls = 0;
    const { connection, errors, state, until } = open({
      policy: { initialDelayMs: 60_000, jitter: 'none' },
      plugins: [
        heartbeat({
          message: () => {
            calls += 1;
            if (calls === 1) throw new Error('no clock yet');
            return 'ping';
          },
          intervalMs: 60,
          timeoutMs: 120,
        }),
      ],
    });
    connection.connect();
    await until(() => expect(state().status).toBe('open'));
    const link = await server.connection(1);
    link.pause(); // half-open: the server reads nothing, answers nothing
    // Seen at the state change itself: a quick retry cannot open again before it is read.
    await untilState(connection, (now) => now.lastClose?.code === 3008, 'the 3008 close');
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: true });
    expect(thrown(errors)).toContain('heartbeat.message');
    expect(errors.map((error) => error.code)).toContain('heartbeat-timeout');
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('a heartbeat.isPong that throws on an ordinary message leaves it to the app', async () => {
    const received: unknown[] = [];
    const { connection, errors, state, until } = open({
      onMessage: (message) => void received.push(message),
      plugins: [heartbeat({ message: '{"type":"ping"}', intervalMs: 60_000, timeoutMs: 1000, isPong: (data) => (JSON.parse(String(data)) as { type: string }).type === 'pong' })],
    });
    connection.connect();
    await until(() => expect(state().status).toBe('open'));
    (await server.connection(1)).socket.send('plain text, not JSON');
    await until(() => expect(received).toEqual(['plain text, not JSON']));
    expect(thrown(errors)).toEqual(['heartbeat.isPong']);
  });

  it('after a drop and a successful retry, lastClose no longer says it will retry', async () => {
    const { connection, state, until } = open({ policy: { initialDelayMs: 30, jitter: 'none' } });
    connection.connect();
    await until(() => expect(state().status).toBe('open'));
    (await server.connection(1)).socket.terminate();
    await untilState(connection, (now) => now.lastClose?.code === 1006, 'the 1006 close');
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: true });
    await until(() => expect(state().status).toBe('open'));
    expect(state().lastClose).toMatchObject({ code: 1006, willRetry: false, retryAt: null });
  });
});
