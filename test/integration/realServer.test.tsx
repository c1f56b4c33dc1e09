import { act, render, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import type { CloseInfo, ReconnectPolicyOptions } from '../../src/core/types';
import { useWebSocket, type UseWebSocketOptions, type WebSocketHandle } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { startServer, type TestServer } from '../helpers/startServer';
import { sharedSockets } from '../../src/plugins/share';
import { heartbeat } from '../../src/plugins/heartbeat';

let server: TestServer;
let abnormal: CloseInfo[];

beforeEach(async () => {
  server = await startServer();
  abnormal = [];
});
afterEach(async () => {
  await server.stop();
});

const sleep = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

function Provider({ children, policy }: { children: ReactNode; policy?: ReconnectPolicyOptions | undefined }) {
  return (
    <WebSocketProvider share={sharedSockets()} policy={policy} onAbnormalClose={(close) => abnormal.push(close)}>
      {children}
    </WebSocketProvider>
  );
}

/** Mounts one hook on the real server and returns a live view of its handle. */
function mountHook<In = unknown>(options: UseWebSocketOptions<In> = {}, policy?: ReconnectPolicyOptions) {
  const view: { current: WebSocketHandle<In>; closes: Array<NonNullable<WebSocketHandle['lastClose']>> } = { current: null as never, closes: [] };
  function Probe() {
    const handle = useWebSocket<In>(server.url, options);
    view.current = handle;
    // Every close record rendered: a quick retry may open again before a poll would read it.
    if (handle.lastClose && view.closes.at(-1) !== handle.lastClose) view.closes.push(handle.lastClose);
    // Read every field, so every change re-renders and `view` stays current.
    void [handle.status, handle.lastClose, handle.lastMessage, handle.attempt, handle.nextRetryAt, handle.error];
    return null;
  }
  const result = render(
    <Provider policy={policy}>
      <Probe />
    </Provider>,
  );
  return { view, ...result };
}

// How the server produces each code of the seed, who the client must say closed it, and
// whether the default policy retries it.
const CASES: ReadonlyArray<[code: number, initiator: 'server' | 'network', willRetry: boolean]> = [
  [1000, 'server', false],
  [1001, 'server', true],
  [1002, 'server', false],
  [1003, 'server', false],
  [1005, 'server', true],
  [1006, 'network', true],
  [1007, 'server', false],
  [1008, 'server', false],
  [1009, 'server', false],
  [1010, 'server', false],
  [1011, 'server', true],
  [1012, 'server', true],
  [1013, 'server', true],
];

describe('close codes from a real ws server on 127.0.0.1', () => {
  it.each(CASES)('%i reaches lastClose (initiator %s, willRetry %s) and the hook follows the policy', async (code, initiator, willRetry) => {
    server.onConnection((socket) => {
      if (server.connections.length > 1) return;
      setTimeout(() => {
        if (code === 1006) socket.terminate();
        else if (code === 1005) socket.close();
        else socket.close(code, `reason ${code}`);
      }, 20);
    });
    const { view } = mountHook();
    // The close as first rendered: a full-jitter retry may already have opened again by the time a poll looks.
    await waitFor(() => expect(view.closes.length).toBeGreaterThan(0));
    const close = view.closes[0]!;
    expect(close).toMatchObject({ code, initiator, willRetry, action: willRetry ? describeCloseCode(code).retry : expect.any(String) });
    expect(close.reason).toBe(code === 1005 || code === 1006 ? '' : `reason ${code}`);
    expect(close.wasClean).toBe(code !== 1006);
    expect(Math.abs(close.at - Date.now())).toBeLessThan(5000);

    if (!willRetry) {
      expect(view.current).toMatchObject({ status: 'closed', nextRetryAt: null });
      await sleep(300);
      expect(server.connections).toHaveLength(1);
      return;
    }
    // From the close itself: a full-jitter wait may be ~0 ms, so the status may already be 'open' again.
    expect(close.retryAt).not.toBeNull();
    const wait = close.retryAt! - close.at;
    if (code === 1012) {
      expect(wait).toBeGreaterThanOrEqual(5000);
      expect(wait).toBeLessThanOrEqual(30_000);
      act(() => view.current.retryNow());
    } else if (code === 1013) {
      expect(wait).toBeGreaterThanOrEqual(10_000);
      expect(wait).toBeLessThanOrEqual(60_000);
      act(() => view.current.retryNow());
    } else {
      expect(wait).toBeGreaterThanOrEqual(0);
      expect(wait).toBeLessThanOrEqual(1000); // first full-jitter backoff
    }
    // The first backoff waits up to 1 s; give the reconnect that plus slack for a loaded machine.
    await waitFor(() => expect(view.current.status).toBe('open'), { timeout: 4000 });
    expect(server.connections).toHaveLength(2);
    expect(view.current.attempt).toBe(1);
  });

  it('reports a dropped TCP connection as 1006 from the network, and to onAbnormalClose', async () => {
    // A retry a minute away: the close is read while its retry is still scheduled (willRetry), however slow the machine.
    const { view } = mountHook({}, { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' });
    await waitFor(() => expect(view.current.status).toBe('open'));
    (await server.connection(1)).terminate();
    await waitFor(() => expect(view.current.lastClose?.code).toBe(1006));
    expect(view.current.lastClose).toMatchObject({ initiator: 'network', wasClean: false, willRetry: true });
    expect(abnormal.map((close) => close.code)).toEqual([1006]);
  });

  it('a handshake refused with HTTP 401 surfaces as 1006, as in browsers', async () => {
    await server.stop();
    const { createServer } = await import('node:http');
    const http = createServer((_request, response) => response.end());
    http.on('upgrade', (_request, socket) => socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n'));
    await new Promise<void>((resolve) => http.listen(server.port, '127.0.0.1', resolve));
    try {
      const { view, unmount } = mountHook({}, { maxAttempts: 0 });
      await waitFor(() => expect(view.current.status).toBe('failed'));
      expect(view.current.lastClose).toMatchObject({ code: 1006, initiator: 'network', willRetry: false });
      unmount();
    } finally {
      await new Promise<void>((resolve) => http.close(() => resolve()));
      await server.start();
    }
  });
});

describe('reconnection on a real server', () => {
  const fast: ReconnectPolicyOptions = { initialDelayMs: 30, maxDelayMs: 150 };

  it('reconnects after the server restarts, and delivers messages queued while it was down, in order', async () => {
    const { view } = mountHook({}, fast);
    await waitFor(() => expect(view.current.status).toBe('open'));
    expect(view.current.send('before')).toBe('sent');
    await waitFor(() => expect(server.received).toEqual(['before']));

    await act(() => server.stop());
    await waitFor(() => expect(view.current.status).toBe('reconnecting'));
    const answers = ['q1', 'q2', 'q3', 'q4', 'q5'].map((message) => view.current.send(message));
    expect(answers).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);
    await sleep(400); // several refused attempts while down
    expect(view.current.attempt).toBeGreaterThan(1);

    await act(() => server.start());
    await waitFor(() => expect(view.current.status).toBe('open'), { timeout: 5000 });
    await waitFor(() => expect(server.received).toEqual(['before', 'q1', 'q2', 'q3', 'q4', 'q5']));
    expect(server.openCount()).toBe(1);
  });

  it('opens exactly one socket for one hook under StrictMode', async () => {
    const view: { current: WebSocketHandle | null } = { current: null };
    function Probe() {
      view.current = useWebSocket(server.url);
      void view.current.status;
      return null;
    }
    const { unmount } = render(
      <StrictMode>
        <Provider>
          <Probe />
        </Provider>
      </StrictMode>,
    );
    await waitFor(() => expect(view.current?.status).toBe('open'));
    await sleep(100);
    expect(server.connections).toHaveLength(1);
    unmount();
    await waitFor(() => expect(server.openCount()).toBe(0));
  });

  it('opens one socket for 50 components with share: true, and closes it after the last unmounts', async () => {
    const statuses = new Map<number, string>();
    function Reader({ id }: { id: number }) {
      statuses.set(id, useWebSocket(server.url, { share: true }).status);
      return null;
    }
    const { unmount } = render(
      <StrictMode>
        <Provider>
          {Array.from({ length: 50 }, (_, id) => (
            <Reader key={id} id={id} />
          ))}
        </Provider>
      </StrictMode>,
    );
    await waitFor(() => expect([...statuses.values()].every((status) => status === 'open')).toBe(true));
    expect(statuses.size).toBe(50);
    await sleep(100);
    expect(server.connections).toHaveLength(1);
    const closed = new Promise<number>((resolve) => server.connections[0]!.once('close', resolve));
    unmount();
    expect(await closed).toBe(1000);
    expect(server.openCount()).toBe(0);
  });
});

describe('heartbeat on a real server', () => {
  it('detects a stalled server: closes with 3008 as the client, then reconnects', async () => {
    let stalled = true;
    server.onConnection((socket) => {
      // The first connection never answers; later ones answer every ping.
      if (!stalled) socket.on('message', (data) => socket.send(`pong:${data.toString()}`));
      stalled = false;
    });
    const { view } = mountHook({ plugins: [heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 150 })] }, { initialDelayMs: 50, jitter: 'none' });
    await waitFor(() => expect(view.closes.map((close) => close.code)).toContain(3008), { timeout: 3000 });
    expect(view.closes.filter((close) => close.code === 3008)).toContainEqual(expect.objectContaining({ initiator: 'client', willRetry: true }));
    await waitFor(() => expect(view.current.status).toBe('open'));
    await sleep(600); // pings answered: no further close
    expect(view.current.status).toBe('open');
    expect(server.connections).toHaveLength(2);
    expect(server.received.filter((message) => message === 'ping').length).toBeGreaterThanOrEqual(5);
  });
});

describe('rendering with a real server', () => {
  it('renders a status reader at most twice while 1,000 messages arrive; a lastMessage reader sees the last', async () => {
    server.onConnection((socket) => {
      for (let i = 1; i <= 1000; i += 1) socket.send(`m${i}`);
    });
    const renders = { status: 0, message: 0 };
    let last: unknown;
    const received: unknown[] = [];
    function StatusOnly() {
      const { status } = useWebSocket(server.url);
      renders.status += 1;
      return <p>{status}</p>;
    }
    function LastMessage() {
      const { lastMessage } = useWebSocket(server.url, { onMessage: (message) => received.push(message) });
      renders.message += 1;
      last = lastMessage;
      return <p>{String(lastMessage)}</p>;
    }
    render(
      <Provider>
        <StatusOnly />
        <LastMessage />
      </Provider>,
    );
    await waitFor(() => expect(last).toBe('m1000'));
    await sleep(50);
    expect(received).toHaveLength(1000);
    expect(received.at(-1)).toBe('m1000');
    expect(renders.status).toBeLessThanOrEqual(2);
    console.info(`renders while 1,000 messages arrived: status reader ${renders.status}, lastMessage reader ${renders.message}`);
  });
});
