import { act, render, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useCloseFeedback } from '../../src/react/useCloseFeedback';
import { useWebSocket, type UseWebSocketOptions } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { startServer } from '../helpers/startServer';
import { sharedSockets } from '../../src/plugins/share';
import { heartbeat } from '../../src/plugins/heartbeat';

const URL_A = 'ws://127.0.0.1:1/a';
const flushMicrotasks = () => act(async () => {});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

/** Counts window listeners added and not removed, by event type. */
function watchWindowListeners() {
  const live = new Map<string, Set<unknown>>();
  const add = window.addEventListener.bind(window);
  const remove = window.removeEventListener.bind(window);
  vi.spyOn(window, 'addEventListener').mockImplementation((type: string, listener: unknown, options?: unknown) => {
    if (!live.has(type)) live.set(type, new Set());
    live.get(type)!.add(listener);
    add(type, listener as EventListener, options as AddEventListenerOptions);
  });
  vi.spyOn(window, 'removeEventListener').mockImplementation((type: string, listener: unknown, options?: unknown) => {
    live.get(type)?.delete(listener);
    remove(type, listener as EventListener, options as EventListenerOptions);
  });
  return () => [...live.values()].reduce((sum, set) => sum + set.size, 0);
}

function Chat({ options }: { options?: UseWebSocketOptions<unknown> }) {
  const socket = useWebSocket(URL_A, { plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 500 })], ...options });
  const feedback = useCloseFeedback(socket, { graceMs: 0 });
  return <p>{feedback?.title ?? socket.status}</p>;
}

describe('lifecycle', () => {
  it('5,000 mount/unmount cycles leave 0 open sockets, 0 pending timers, 0 window listeners', async () => {
    vi.useFakeTimers();
    const listeners = watchWindowListeners();
    const server = createFakeServer();
    const CYCLES = 5000;
    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      const { unmount } = render(
        <StrictMode>
          <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} onAbnormalClose={() => {}}>
            <Chat />
          </WebSocketProvider>
        </StrictMode>,
      );
      // Leave each one in a different state: connecting, open with a heartbeat, waiting to retry.
      const socket = server.last();
      if (cycle % 3 >= 1) act(() => void socket.accept());
      if (cycle % 3 === 2) act(() => void socket.drop());
      unmount();
      if (cycle % 500 === 0) await flushMicrotasks();
    }
    await flushMicrotasks();
    // Handshakes abandoned while connecting complete now, as a real server's would: each must be closed at once.
    const abandoned = server.sockets.filter((socket) => socket.readyState === 0);
    act(() => abandoned.forEach((socket) => socket.accept()));
    await flushMicrotasks();
    expect(abandoned.every((socket) => socket.closedByClient?.code === 1000)).toBe(true);
    const open = server.live().length;
    const timers = vi.getTimerCount();
    const windowListeners = listeners();
    console.info(`lifecycle: ${CYCLES} cycles, ${server.sockets.length} sockets made, ${open} open, ${timers} timers, ${windowListeners} window listeners left`);
    expect(server.sockets.length).toBe(CYCLES); // one socket per mount, StrictMode included
    expect(open).toBe(0);
    expect(timers).toBe(0);
    expect(windowListeners).toBe(0);
  }, 900_000); // CPU work (5,000 renders), no wall-clock verdict: generous for a busy machine

  it('200 components with share: true on one URL use 1 socket on a real server', async () => {
    const real = await startServer();
    try {
      const statuses: string[] = [];
      function Reader({ id }: { id: number }) {
        statuses[id] = useWebSocket(real.url, { share: true }).status;
        return null;
      }
      const { unmount } = render(
        <StrictMode>
          <WebSocketProvider share={sharedSockets()}>
            {Array.from({ length: 200 }, (_, id) => (
              <Reader key={id} id={id} />
            ))}
          </WebSocketProvider>
        </StrictMode>,
      );
      await act(() => real.connection(1));
      await waitFor(() => expect(statuses.filter((status) => status === 'open')).toHaveLength(200));
      expect(real.connections).toHaveLength(1);
      unmount();
    } finally {
      await real.stop();
    }
  });

  it('a URL change during a retry wait opens exactly one new socket', async () => {
    vi.useFakeTimers();
    const server = createFakeServer();
    const ui = (url: string) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} onAbnormalClose={() => {}} policy={{ jitter: 'none' }}>
        <Chat options={{ plugins: [] }} />
        <Switchable url={url} />
      </WebSocketProvider>
    );
    function Switchable({ url }: { url: string }) {
      useWebSocket(url);
      return null;
    }
    const { rerender } = render(ui('ws://127.0.0.1:1/old'));
    const old = server.sockets.find((socket) => socket.url.endsWith('/old'))!;
    act(() => void old.accept().drop()); // a retry of /old is now scheduled in 1 s
    rerender(ui('ws://127.0.0.1:1/new'));
    act(() => void vi.advanceTimersByTime(60_000));
    await flushMicrotasks();
    const switched = server.sockets.filter((socket) => !socket.url.endsWith('/a'));
    expect(switched.map((socket) => socket.url.split('/').pop())).toEqual(['old', 'new']);
  });

  it.each([true, false])('toggling enabled 100 times quickly ends %s with at most one socket', async (finalEnabled) => {
    const server = createFakeServer();
    const statuses: string[] = [];
    function Toggled({ enabled }: { enabled: boolean }) {
      statuses.push(useWebSocket(URL_A, { enabled }).status);
      return null;
    }
    const ui = (enabled: boolean) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Toggled enabled={enabled} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(!finalEnabled));
    for (let i = 1; i <= 100; i += 1) rerender(ui(i % 2 === 0 ? !finalEnabled : finalEnabled));
    rerender(ui(finalEnabled));
    await flushMicrotasks();
    if (!finalEnabled) act(() => server.sockets.filter((socket) => socket.readyState === 0).forEach((socket) => socket.accept()));
    await flushMicrotasks();
    expect(server.live().length).toBe(finalEnabled ? 1 : 0);
    expect(statuses.at(-1)).toBe(finalEnabled ? 'connecting' : 'idle');
    if (finalEnabled) {
      act(() => void server.last().accept());
      expect(statuses.at(-1)).toBe('open');
    }
    // Releases wait a microtask, so a quick off-on keeps the socket: one socket in all.
    expect(server.sockets.length).toBeLessThanOrEqual(1);
  });
});
