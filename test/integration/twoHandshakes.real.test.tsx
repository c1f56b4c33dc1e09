import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConnection } from '../../src/core/createConnection';
import type { Connection, WebSocketConstructor } from '../../src/core/types';
import { ready } from '../../src/plugins/ready';
import { resume } from '../../src/plugins/resume';
import { startServer, type TestServer } from '../helpers/startServer';
import { until } from '../helpers/until';

let server: TestServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

type Msg = { type?: string; seq?: number };

describe('two plug-ins that both hold the open, against a real ws server on 127.0.0.1', () => {
  it('the connection is not open while resume() still waits for its answer, though ready() has had its ack', async () => {
    server = await startServer();
    // The server acks the init at once, then says something the app hears; it answers the resume request only when the test says.
    server.onConnection((socket) => {
      socket.on('message', (data) => {
        if (String(data) === '{"type":"init"}') {
          socket.send('{"type":"ack"}');
          socket.send('{"type":"note"}');
        }
      });
    });
    const heard: Msg[] = [];
    let opens = 0;
    const connection = createConnection<Msg>(`${server.url}/feed`, {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      parse: (data) => JSON.parse(String(data)) as Msg,
      onOpen: () => void (opens += 1),
      onMessage: (message) => void heard.push(message),
      plugins: [
        ready({ message: '{"type":"init"}', isReady: (data) => String(data) === '{"type":"ack"}', timeoutMs: 60_000 }),
        resume<Msg>({
          idOf: (message) => message.seq ?? null,
          hello: (last) => JSON.stringify({ type: 'resume', after: last?.seq ?? null }),
          answer: (message) => (message.type === 'resumed' ? 'resumed' : undefined),
          timeoutMs: 60_000,
        }),
      ],
    });
    const noted = new Promise<void>((resolve) => connection.onMessage((message) => (message as Msg).type === 'note' && resolve()));
    connection.connect();
    await noted; // the ack came before the note: ready() has answered
    const stateAfterAck = connection.getState().status;
    const opensAfterAck = opens;
    (await server.connection(1)).send('{"type":"resumed"}');
    await until(connection as unknown as Connection, (state) => state.status === 'open', 'open after the resume answer');
    expect({ stateAfterAck, opensAfterAck }).toEqual({ stateAfterAck: 'connecting', opensAfterAck: 0 });
    connection.dispose();
  });
});
