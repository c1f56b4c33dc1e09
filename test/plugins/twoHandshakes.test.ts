import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { ready } from '../../src/plugins/ready';
import { resume } from '../../src/plugins/resume';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

type Msg = { type?: string; seq?: number };

describe('two plug-ins that both hold the open (ready() and resume())', () => {
  it('the connection opens only once both have answered: onOpen, the queue and status wait for the last one', () => {
    const server = createFakeServer();
    const opens: number[] = [];
    const connection = createConnection('ws://127.0.0.1:1/feed', {
      WebSocket: server.WebSocket,
      network: fakeNetwork().source,
      onOpen: () => opens.push(Date.now()),
      plugins: [
        ready({ message: '{"type":"init"}', isReady: (data) => data === '{"type":"ack"}' }),
        resume<Msg>({
          idOf: (message) => message.seq ?? null,
          hello: (last) => JSON.stringify({ type: 'resume', after: last?.seq ?? null }),
          answer: (message) => (message.type === 'resumed' ? 'resumed' : undefined),
        }),
      ],
    });
    connection.connect();
    expect(connection.send('queued')).toBe('queued');
    const socket = server.last().accept();
    socket.message('{"type":"ack"}'); // ready() has its answer; resume() has not yet
    expect(connection.getState().status).toBe('connecting');
    expect(opens).toEqual([]);
    expect(socket.sent).not.toContain('queued');
    socket.message('{"type":"resumed"}');
    expect(connection.getState().status).toBe('open');
    expect(opens).toHaveLength(1);
    expect(socket.sent.at(-1)).toBe('queued');
    connection.dispose();
  });
});
