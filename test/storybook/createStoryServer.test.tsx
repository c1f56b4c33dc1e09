import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CloseBanner } from '../../src/react/CloseBanner';
import { useWebSocket, type UseWebSocketOptions } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createStoryServer, type StoryServerOptions } from '../../src/storybook/createStoryServer';
import type { LifelineAction, LifelineSnapshot } from '../../src/storybook/protocol';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { lines as linesOf } from './addonHarness';
import { heartbeat } from '../../src/plugins/heartbeat';

const URL_A = 'ws://127.0.0.1:1/chat?token=secret';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function Chat({ url = URL_A, options }: { url?: string; options?: UseWebSocketOptions<unknown> | undefined }) {
  const socket = useWebSocket(url, options);
  return (
    <>
      <p data-testid="status">{socket.status}</p>
      <CloseBanner socket={socket} />
      <button onClick={() => socket.send('hello')}>Send</button>
    </>
  );
}

/** A story's server and a component using it, on fake timers. */
function setup(options: StoryServerOptions = {}, hook?: UseWebSocketOptions<unknown>) {
  vi.useFakeTimers();
  const snapshots: LifelineSnapshot[] = [];
  const server = createStoryServer({ storyId: 'chat--default', onChange: (snapshot) => snapshots.push(snapshot), ...options });
  const view = render(
    <StrictMode>
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <Chat options={hook} />
      </WebSocketProvider>
    </StrictMode>,
  );
  const status = () => screen.getByTestId('status').textContent;
  const lines = () => linesOf(server.snapshot());
  const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));
  return { server, snapshots, status, lines, wait, view };
}

describe('createStoryServer: a server for one story, driven by the panel', () => {
  it('accepts each handshake after acceptAfterMs, and lists the socket without its query', async () => {
    const { server, status, lines, wait } = setup({ acceptAfterMs: 200 });
    await wait(199);
    expect(status()).toBe('connecting');
    await wait(1);
    expect(status()).toBe('open');
    expect(server.snapshot().sockets).toEqual([{ id: 1, url: 'ws://127.0.0.1:1/chat', phase: 'open', received: 0, sent: 0 }]);
    expect(lines()).toEqual(['#1 connecting to ws://127.0.0.1:1/chat', '#1 open']);
  });

  it('close 1008 from the panel: the app sees the server close it, gives up, shows the alert; the timeline says who closed and what was decided', async () => {
    const { server, status, lines, wait } = setup();
    await wait(150);
    act(() => server.act({ close: 1008, reason: 'bad token' }));
    expect(status()).toBe('closed');
    expect(screen.getByRole('alert').textContent).toMatch(/refused|polic|not allowed/i);
    expect(lines().slice(2)).toEqual(['Panel: close 1008 “bad token”', '#1 closed 1008 Policy Violation by the server: “bad token”', '1008: no retry']);
    expect(server.snapshot().sockets[0]!.phase).toBe('closed');
  });

  it('restart: 1012 to every socket, handshakes refused for the given time, then accepted; the retry is in the timeline', async () => {
    const { server, status, lines, wait } = setup({ acceptAfterMs: 100 });
    await wait(100);
    act(() => server.act({ restart: 60_000 }));
    expect(status()).toBe('reconnecting');
    const decision = server.snapshot().timeline.find((entry) => entry.kind === 'decision');
    expect(decision).toMatchObject({ code: 1012, willRetry: true });
    expect(lines()).toContain('#1 closed 1012 Service Restart by the server: “Service Restart”');
    expect(server.snapshot()).toMatchObject({ refusing: false, restartingUntil: expect.any(Number) });
    // The policy waits 5-30 s after a 1012; the server is still down then: refused.
    await wait(30_000 + 100);
    expect(lines()).toContain('#2 handshake refused');
    await wait(120_000);
    expect(status()).toBe('open');
    expect(server.snapshot().restartingUntil).toBeNull();
    expect(server.snapshot().sockets.at(-1)!.phase).toBe('open');
  });

  it('drop: no close frame, so 1006 by the network, then a retry', async () => {
    const { server, status, lines, wait } = setup();
    await wait(150);
    act(() => server.act({ drop: true }));
    expect(lines()).toContain('#1 closed 1006 Abnormal Closure by the network');
    expect(status()).toBe('reconnecting');
    await wait(60_000);
    expect(status()).toBe('open');
  });

  it('refuse: every handshake fails while it is on; off again, the next one opens', async () => {
    // No jitter: no retry's handshake is under way at the 20 s mark (with full jitter, one could be, by chance).
    const { server, status, lines, wait } = setup({}, { policy: { jitter: 'none' } });
    act(() => server.act({ refuse: true }));
    await wait(150);
    expect(lines()).toContain('#1 handshake refused');
    expect(status()).toBe('reconnecting');
    await wait(20_000);
    expect(server.snapshot().sockets.every((socket) => socket.phase === 'closed')).toBe(true);
    act(() => server.act({ refuse: false }));
    await wait(60_000);
    expect(status()).toBe('open');
  });

  it('offline: navigator.onLine turns false and the window hears it, open sockets drop; online: it reconnects at once and onLine is true again', async () => {
    const { server, status, wait } = setup();
    await wait(150);
    const heard: string[] = [];
    window.addEventListener('offline', () => heard.push('offline'), { once: true });
    window.addEventListener('online', () => heard.push('online'), { once: true });
    act(() => server.act({ offline: true }));
    expect(navigator.onLine).toBe(false);
    expect(server.snapshot().online).toBe(false);
    expect(server.snapshot().sockets[0]!.phase).toBe('closed');
    await wait(120_000);
    expect(status()).not.toBe('open');
    act(() => server.act({ online: true }));
    expect(navigator.onLine).toBe(true);
    await wait(150);
    expect(status()).toBe('open');
    expect(heard).toEqual(['offline', 'online']);
    server.dispose();
  });

  it('message and sends are counted per socket; a stalled socket answers nothing', async () => {
    const { server, wait } = setup({ respond: (data) => (data === 'hello' ? 'hi' : undefined) });
    await wait(150);
    act(() => screen.getByRole('button', { name: 'Send' }).click());
    await act(async () => {});
    act(() => server.act({ message: 'from the server' }));
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 1, received: 2 });
    act(() => server.act({ stall: true }));
    expect(server.snapshot().stalled).toBe(true);
    act(() => screen.getByRole('button', { name: 'Send' }).click());
    await act(async () => {});
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 2, received: 2 });
  });

  it("a heartbeat's own close (3008) is one closed entry of its socket, not a second one from nowhere", async () => {
    const { server, lines } = setup({ respond: (data) => (data === 'ping' ? 'pong' : undefined) }, { plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 1000, isPong: (data) => data === 'pong' })] });
    await act(() => vi.advanceTimersByTimeAsync(150 + 1500));
    act(() => server.act({ stall: true }));
    await act(() => vi.advanceTimersByTimeAsync(2500));
    expect(lines().filter((line) => line.includes('closed 3008'))).toEqual(['#1 closed 3008 Timeout by the client: “Heartbeat timeout”']);
  });

  it('plays a scenario from the first open: wait 2 s, then close 1012', async () => {
    const { server, status } = setup({ scenario: [{ wait: 2000 }, { close: 1012, reason: 'Deploy' }] });
    await act(() => vi.advanceTimersByTimeAsync(150 + 1999));
    expect(status()).toBe('open');
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(status()).toBe('reconnecting');
    expect(server.snapshot().timeline.filter((entry) => entry.kind === 'action')).toMatchObject([{ from: 'scenario', action: { close: 1012 } }]);
  });

  it.each<[unknown, RegExp]>([
    [{ close: 999 }, /integer from 1000 to 4999/],
    [{ close: 1008, reason: 'x'.repeat(124) }, /123 bytes/],
    [{ restart: -1 }, /from 0 to 600000/],
    [{ close: 1000, drop: true }, /exactly one/],
    [{ shout: 'x' }, /exactly one/],
    [null, /one of/],
    [{ drop: 'yes' }, /\{ drop: true \}/],
  ])('refuses %j with a typed error and changes nothing', async (bad, message) => {
    const { server, status, wait } = setup();
    await wait(150);
    const before = server.snapshot();
    expect(() => server.act(bad as LifelineAction)).toThrow(message);
    expect(server.snapshot()).toEqual(before);
    expect(status()).toBe('open');
  });

  it('refuses a bad scenario before anything runs, naming the step', () => {
    expect(() => createStoryServer({ scenario: [{ wait: 100 }, { close: 5000 }] })).toThrow(/lifeline\.scenario\[1\].*1000 to 4999/);
    expect(() => createStoryServer({ scenario: [{ wait: -5 }] })).toThrow(/lifeline\.scenario\[0\]/);
  });

  it('hold, release, hold again after the dispose task: the server comes back, accepts the next socket and plays its scenario again (a story hidden and shown)', async () => {
    vi.useFakeTimers();
    const server = createStoryServer({ acceptAfterMs: 100, scenario: [{ wait: 500 }, { message: 'scenario' }] });
    const release = server.hold();
    const first = new server.WebSocket(URL_A);
    await act(() => vi.advanceTimersByTimeAsync(100 + 500));
    expect(first.readyState).toBe(1);
    release();
    release(); // a second release of the same hold changes nothing
    await act(() => vi.advanceTimersByTimeAsync(1)); // the dispose task
    expect(first.readyState).toBe(3);
    const again = server.hold();
    const second = new server.WebSocket(URL_A) as unknown as WebSocket;
    const heard: unknown[] = [];
    second.addEventListener('message', (event) => heard.push((event as MessageEvent).data));
    await act(() => vi.advanceTimersByTimeAsync(100 + 500));
    expect(second.readyState).toBe(1);
    expect(heard).toEqual(['scenario']);
    expect(server.snapshot().timeline.filter((entry) => entry.kind === 'action')).toHaveLength(2);
    again();
    await act(() => vi.advanceTimersByTimeAsync(1));
    expect(second.readyState).toBe(3);
  });

  it('a hold taken again before the dispose task keeps the server: nothing closes (StrictMode)', async () => {
    vi.useFakeTimers();
    const server = createStoryServer({ acceptAfterMs: 100 });
    server.hold()();
    server.hold();
    const socket = new server.WebSocket(URL_A);
    await act(() => vi.advanceTimersByTimeAsync(5000));
    expect(socket.readyState).toBe(1);
  });

  it('dispose closes what is left with 1001, stops its timers and gives navigator.onLine back', async () => {
    const { server, wait, view } = setup({ scenario: [{ wait: 5000 }, { close: 4000 }] });
    await wait(150);
    act(() => server.act({ offline: true }));
    view.unmount();
    server.dispose();
    expect(navigator.onLine).toBe(true);
    const count = server.snapshot().timeline.length;
    await wait(10_000);
    expect(server.snapshot().timeline.length).toBe(count);
  });
});

describe("createStoryServer in 'real' mode: a real ws server on 127.0.0.1", () => {
  it('passes sends and messages through, and a panel close reaches the app as the server close while the real socket closes with 1000', async () => {
    const real = await startRecordingServer();
    real.onConnection((connection) => connection.socket.on('message', (data) => connection.socket.send(`echo ${String(data)}`)));
    const server = createStoryServer({ mode: 'real' });
    const messages: string[] = [];
    function Echo() {
      const socket = useWebSocket(`${real.url}/echo?token=secret`, { onMessage: (message) => messages.push(String(message)) });
      return (
        <>
          <p data-testid="status">{socket.status}</p>
          <CloseBanner socket={socket} />
          <button onClick={() => socket.send('one')}>Send</button>
        </>
      );
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <Echo />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('open'));
      const connection = await real.connection(1);
      expect(connection.path).toBe('/echo?token=secret');
      act(() => screen.getByRole('button', { name: 'Send' }).click());
      await waitFor(() => expect(messages).toEqual(['echo one']));
      expect(server.snapshot().sockets[0]).toMatchObject({ url: `${real.url}/echo`, sent: 1, received: 1 });
      act(() => server.act({ close: 1008, reason: 'bad token' }));
      expect(screen.getByTestId('status').textContent).toBe('closed');
      expect(screen.getByRole('alert')).toBeTruthy();
      await waitFor(() => expect(connection.closeCode).toBe(1000));
      expect(real.connections).toHaveLength(1);
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it("the real server's own close reaches the app as it is", async () => {
    const real = await startRecordingServer();
    real.onConnection((connection) => setTimeout(() => connection.socket.close(4001, 'go away'), 50));
    const server = createStoryServer({ mode: 'real' });
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <Chat url={real.url} />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(server.snapshot().timeline.some((entry) => entry.kind === 'closed' && entry.code === 4001)).toBe(true));
      const closed = server.snapshot().timeline.find((entry) => entry.kind === 'closed');
      expect(closed).toMatchObject({ code: 4001, initiator: 'server', reason: 'go away' });
    } finally {
      server.dispose();
      await real.stop();
    }
  });
});
