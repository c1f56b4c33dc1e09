// An inline URL function that fetches a fresh ticket per call, or whose token service is down:
// renders must not become sockets (or token fetches) in a loop. Fake sockets, then a real
// `ws` server on 127.0.0.1 through jsdom's WebSocket.
import { act, render, screen } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { useCloseFeedback, useWebSocket, WebSocketProvider } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';

beforeEach(() => void vi.spyOn(console, 'warn').mockImplementation(() => {}));
afterEach(() => vi.restoreAllMocks());
const settle = async (rounds = 30) => {
  for (let i = 0; i < rounds; i += 1) await act(async () => {});
};
const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

/** Re-renders every `everyMs` (as an app with a clock does), with a new inline URL function each time. */
function Chat({ base, ticket, everyMs = 20 }: { base: string; ticket: () => Promise<string>; everyMs?: number }) {
  const [, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((n) => n + 1), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  const socket = useWebSocket(async () => `${base}?ticket=${await ticket()}`);
  const feedback = useCloseFeedback(socket, { graceMs: 0 });
  return (
    <p>
      <span data-testid="status">{socket.status}</span> <span data-testid="feedback">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</span>
    </p>
  );
}

describe('an inline URL function with a fresh ticket per call (fake sockets)', () => {
  it('opens one socket however often it renders, and none after the server refuses it', async () => {
    const server = createFakeServer();
    let tickets = 0;
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Chat base="ws://127.0.0.1:1/chat" ticket={async () => `t${++tickets}`} />
      </WebSocketProvider>,
    );
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    await pause(200); // ~10 renders, each with a new function and a new ticket
    expect(server.sockets).toHaveLength(1);
    expect(screen.getByTestId('status').textContent).toBe('open');
    act(() => void server.last().serverClose(1008));
    await pause(200);
    expect(server.sockets).toHaveLength(1);
    expect(screen.getByTestId('status').textContent).toBe('closed');
  });

  it('still moves when the answer points to another path', async () => {
    const server = createFakeServer();
    function Room({ room }: { room: string }) {
      const socket = useWebSocket(async () => `ws://127.0.0.1:1/rooms/${room}?ticket=${Math.random()}`);
      return <span data-testid="status">{socket.status}</span>;
    }
    const { rerender } = render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Room room="a" />
      </WebSocketProvider>,
    );
    await settle();
    act(() => void server.last().accept());
    rerender(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Room room="b" />
      </WebSocketProvider>,
    );
    await settle();
    expect(server.sockets.map((socket) => new URL(socket.url).pathname)).toEqual(['/rooms/a', '/rooms/b']);
  });
});

describe('an inline URL function whose token service is down', () => {
  it('is not asked again on every render once it failed, and offers Reconnect', async () => {
    const server = createFakeServer();
    let calls = 0;
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Chat base="ws://127.0.0.1:1/chat" ticket={() => (calls += 1, Promise.reject(new Error('token service down')))} />
      </WebSocketProvider>,
    );
    await pause(100);
    // The attempt asks once; a render while it is under way may ask its new function once.
    const asked = calls;
    expect(asked).toBeLessThanOrEqual(2);
    await pause(300); // ~15 more renders, each with a new function
    expect(calls).toBe(asked);
    expect(screen.getByTestId('feedback').textContent).toBe('Could not connect | The connection could not be set up.');
    expect(server.sockets).toHaveLength(0);
  });
});

describe('a real server (127.0.0.1), fresh tickets per call', () => {
  let real: RecordingServer;
  beforeEach(async () => {
    real = await startRecordingServer();
  });
  afterEach(async () => {
    await real.stop();
  });

  it('keeps one connection while the app renders every 20 ms', async () => {
    let tickets = 0;
    render(<Chat base={`${real.url}/chat`} ticket={async () => `t${++tickets}`} />);
    await real.connection(1);
    await pause(600);
    expect(screen.getByTestId('status').textContent).toBe('open');
    expect(real.connections).toHaveLength(1);
    expect(real.connections[0]!.path).toBe('/chat?ticket=t1');
  });

  it('does not reconnect after the server refuses with 1008, however often the app renders', async () => {
    real.onConnection((connection) => connection.socket.close(1008, 'no'));
    render(<Chat base={`${real.url}/chat`} ticket={async () => `t${Math.random()}`} />);
    await real.connection(1);
    await pause(600);
    expect(screen.getByTestId('status').textContent).toBe('closed');
    expect(real.connections).toHaveLength(1);
  });
});
