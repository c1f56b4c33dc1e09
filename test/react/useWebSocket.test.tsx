import { act, render, screen } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { UrlSource } from '../../src/core/types';
import { useWebSocket, type UseWebSocketOptions, type WebSocketHandle } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { renderWithServer } from './renderWithServer';
import { sharedSockets } from '../../src/plugins/share';
import { heartbeat } from '../../src/plugins/heartbeat';

const URL_A = 'ws://127.0.0.1:1/a';
const settle = () => act(async () => {});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function Status({ url = URL_A, options, onHandle }: { url?: UrlSource | null; options?: UseWebSocketOptions<unknown>; onHandle?: (h: WebSocketHandle) => void }) {
  const socket = useWebSocket(url, options);
  onHandle?.(socket);
  return <p data-testid="status">{socket.status}</p>;
}

describe('useWebSocket', () => {
  it('reports connecting on the first render, then open, as React state', async () => {
    const statuses: string[] = [];
    const { server } = renderWithServer(<Status onHandle={(h) => statuses.push(h.status)} />);
    expect(statuses[0]).toBe('connecting');
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    expect(screen.getByTestId('status').textContent).toBe('open');
    expect(statuses).toEqual(['connecting', 'open']);
  });

  it('works without a provider, on the global WebSocket', async () => {
    const server = createFakeServer();
    vi.stubGlobal('WebSocket', server.WebSocket);
    render(<Status />);
    act(() => void server.last().accept());
    expect(screen.getByTestId('status').textContent).toBe('open');
    vi.unstubAllGlobals();
  });

  it('re-renders a status reader only for status changes, not for 1,000 messages', () => {
    const renders = { status: 0, message: 0 };
    function StatusOnly() {
      const socket = useWebSocket(URL_A);
      renders.status += 1;
      return <p>{socket.status}</p>;
    }
    function MessageReader() {
      const socket = useWebSocket<string>(URL_A, { share: true });
      renders.message += 1;
      return <p data-testid="last">{String(socket.lastMessage)}</p>;
    }
    const { server } = renderWithServer(
      <>
        <StatusOnly />
        <MessageReader />
      </>,
    );
    act(() => {
      for (const socket of server.sockets) socket.accept();
    });
    act(() => {
      for (let i = 1; i <= 1000; i += 1) for (const socket of server.sockets) socket.message(`m${i}`);
    });
    expect(renders.status).toBe(2);
    expect(screen.getByTestId('last').textContent).toBe('m1000');
  });

  it('calls onMessage for every message even when React batches the renders', () => {
    const seen: unknown[] = [];
    let renders = 0;
    function Reader() {
      const socket = useWebSocket(URL_A, { onMessage: (message) => seen.push(message) });
      renders += 1;
      return <p>{String(socket.lastMessage)}</p>;
    }
    const { server } = renderWithServer(<Reader />);
    act(() => {
      server.last().accept();
      for (let i = 0; i < 500; i += 1) server.last().message(i);
    });
    expect(seen).toEqual(Array.from({ length: 500 }, (_, i) => i));
    expect(renders).toBeLessThan(10);
  });

  it('opens exactly one socket under StrictMode, and closes it on unmount', async () => {
    const server = createFakeServer();
    const { unmount } = render(
      <StrictMode>
        <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
          <Status />
        </WebSocketProvider>
      </StrictMode>,
    );
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    expect(screen.getByTestId('status').textContent).toBe('open');
    unmount();
    await settle();
    expect(server.live()).toHaveLength(0);
    expect(server.last().closedByClient).toEqual({ code: 1000, reason: undefined });
  });

  it('shares one socket between 50 components, closing it after the last unmounts', async () => {
    function Many({ count }: { count: number }) {
      return (
        <>
          {Array.from({ length: count }, (_, i) => (
            <Status key={i} options={{ share: true }} />
          ))}
        </>
      );
    }
    const server = createFakeServer();
    const ui = (count: number) => (
      <StrictMode>
        <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
          <Many count={count} />
        </WebSocketProvider>
      </StrictMode>
    );
    const { rerender } = render(ui(50));
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    expect(screen.getAllByText('open')).toHaveLength(50);
    rerender(ui(1));
    await settle();
    expect(server.live()).toHaveLength(1);
    rerender(ui(0));
    await settle();
    expect(server.live()).toHaveLength(0);
    expect(server.sockets).toHaveLength(1);
  });

  it('runs one heartbeat per shared socket, however many hooks share it', () => {
    vi.useFakeTimers();
    const server = createFakeServer();
    const options = { share: true, plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 500 })] };
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Status options={options} />
        <Status options={options} />
        <Status options={options} />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept());
    for (let i = 0; i < 3; i += 1) {
      act(() => void vi.advanceTimersByTime(1000));
      act(() => void server.last().message('pong'));
    }
    expect(server.sockets).toHaveLength(1);
    expect(server.last().sent).toEqual(['ping', 'ping', 'ping']);
  });

  it('a disabled shared hook stays idle and holds nothing; enabling it joins the shared socket', async () => {
    const server = createFakeServer();
    const statuses: string[] = [];
    function Disabled({ enabled }: { enabled: boolean }) {
      statuses.push(useWebSocket(URL_A, { share: true, enabled }).status);
      return null;
    }
    const ui = (enabled: boolean) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Status options={{ share: true }} />
        <Disabled enabled={enabled} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(false));
    act(() => void server.last().accept());
    expect(statuses.at(-1)).toBe('idle');
    rerender(ui(true));
    await settle();
    expect(statuses.at(-1)).toBe('open');
    expect(server.sockets).toHaveLength(1);
    rerender(ui(false));
    await settle();
    expect(statuses.at(-1)).toBe('idle');
    expect(server.live()).toHaveLength(1); // the other hook still holds it
  });

  it('keeps separate pools per provider and per protocols', async () => {
    const server = createFakeServer();
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Status options={{ share: true }} />
        <Status options={{ share: true }} />
        <Status options={{ share: true, protocols: 'v2' }} />
        <WebSocketProvider share={sharedSockets()}>
          <Status options={{ share: true }} />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    await settle();
    expect(server.sockets.map((socket) => socket.protocols.join())).toEqual(['', 'v2', '']);
  });

  it('warns and opens its own socket when share is used without a provider', () => {
    const server = createFakeServer();
    vi.stubGlobal('WebSocket', server.WebSocket);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    render(
      <>
        <Status options={{ share: true }} />
        <Status options={{ share: true }} />
      </>,
    );
    expect(server.sockets).toHaveLength(2);
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/needs a <WebSocketProvider share=\{sharedSockets\(\)\}> above it \(sharedSockets from 'react-lifeline\/share'\)/));
    vi.unstubAllGlobals();
  });

  it('calls the latest callbacks without reconnecting', () => {
    const calls: string[] = [];
    function Reader({ tag }: { tag: string }) {
      useWebSocket(URL_A, { onMessage: (message) => calls.push(`${tag}:${String(message)}`) });
      return null;
    }
    const server = createFakeServer();
    const { rerender } = render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Reader tag="first" />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().message('a'));
    rerender(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Reader tag="second" />
      </WebSocketProvider>,
    );
    act(() => void server.last().message('b'));
    expect(calls).toEqual(['first:a', 'second:b']);
    expect(server.sockets).toHaveLength(1);
  });

  it('reconnects once when the URL changes', async () => {
    const server = createFakeServer();
    const ui = (url: string) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Status url={url} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(URL_A));
    act(() => void server.last().accept());
    rerender(ui(URL_A));
    rerender(ui('ws://127.0.0.1:1/b'));
    rerender(ui('ws://127.0.0.1:1/b'));
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual([URL_A, 'ws://127.0.0.1:1/b']);
    expect(server.live()).toHaveLength(1);
  });

  it('stays idle for a null URL and while disabled; disabling closes with 1000', async () => {
    const server = createFakeServer();
    const ui = (url: string | null, enabled: boolean) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Status url={url} options={{ enabled }} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(null, true));
    await settle();
    expect(screen.getByTestId('status').textContent).toBe('idle');
    rerender(ui(URL_A, false));
    await settle();
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(server.sockets).toHaveLength(0);
    rerender(ui(URL_A, true));
    act(() => void server.last().accept());
    expect(screen.getByTestId('status').textContent).toBe('open');
    rerender(ui(URL_A, false));
    await settle();
    expect(screen.getByTestId('status').textContent).toBe('idle');
    expect(server.last().closedByClient).toEqual({ code: 1000, reason: undefined });
    rerender(ui(null, true));
    await settle();
    expect(server.sockets).toHaveLength(1);
  });

  it('merges policy: defaults <- outer provider <- inner provider <- hook', async () => {
    vi.useFakeTimers();
    const server = createFakeServer();
    let handle!: WebSocketHandle;
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ maxAttempts: 1, codes: { 4001: 'never', 4002: 'backoff' } }}>
        <WebSocketProvider share={sharedSockets()} policy={{ codes: { 4001: 'backoff' }, initialDelayMs: 5000 }}>
          <Status options={{ policy: { jitter: 'none' } }} onHandle={(h) => (handle = h)} />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(4001));
    expect(handle.status).toBe('reconnecting');
    expect(handle.nextRetryAt! - Date.now()).toBe(5000);
    act(() => void vi.advanceTimersByTime(5000));
    act(() => void server.last().accept().serverClose(4002));
    expect(handle.status).toBe('failed');
  });

  it('exposes send, disconnect and retryNow, with disconnect checking its arguments first', async () => {
    let handle!: WebSocketHandle;
    const { server } = renderWithServer(<Status onHandle={(h) => (handle = h)} />);
    expect(handle.send('early')).toBe('queued');
    act(() => void server.last().accept());
    expect(handle.sendJson({ a: 1 })).toBe('sent');
    expect(server.last().sent).toEqual(['early', '{"a":1}']);
    expect(() => handle.disconnect(1006)).toThrow(RangeError);
    expect(handle.status).toBe('open');
    act(() => handle.disconnect(4000, 'done'));
    await settle();
    expect(handle.status).toBe('closed');
    expect(handle.lastClose).toMatchObject({ code: 4000, initiator: 'client', willRetry: false });
    act(() => handle.connect());
    act(() => void server.last().accept().drop());
    expect(handle.status).toBe('reconnecting');
    act(() => handle.retryNow());
    expect(server.sockets).toHaveLength(3);
  });

  it('turns a bad URL into error + failed, never a throw into render', () => {
    let handle!: WebSocketHandle;
    renderWithServer(<Status url="ws://bad host/" onHandle={(h) => (handle = h)} />);
    expect(handle.status).toBe('failed');
    expect(handle.error?.message).toMatch(/not a valid absolute URL/);
  });

  it('reports abnormal closes to the provider without the query string, once per shared socket', () => {
    const reported: Array<[number, string]> = [];
    const { server } = renderWithServer(
      <>
        <Status url={`${URL_A}?token=secret`} options={{ share: true }} />
        <Status url={`${URL_A}?token=secret`} options={{ share: true }} />
      </>,
      { onAbnormalClose: (close, { url }) => reported.push([close.code, url]) },
    );
    act(() => void server.last().accept().drop());
    act(() => void server.last().serverClose(1000));
    expect(reported).toEqual([[1006, URL_A]]);
  });

  it('warns about abnormal closes in development by default, never printing the query', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { server } = renderWithServer(<Status url={`${URL_A}?token=secret`} />);
    act(() => void server.last().accept().serverClose(1011, 'boom'));
    expect(warn).toHaveBeenCalledTimes(1);
    const text = String(warn.mock.calls[0]![0]);
    expect(text).toMatch(/ws:\/\/127\.0\.0\.1:1\/a closed with 1011 \(Internal Error\)/);
    expect(text).not.toMatch(/secret|token/);
  });

  it('a component that reads nothing never re-renders from the socket', () => {
    let renders = 0;
    function Sender() {
      const [count] = useState(0);
      useWebSocket(URL_A);
      renders += 1;
      return <p>{count}</p>;
    }
    const { server } = renderWithServer(<Sender />);
    act(() => void server.last().accept().message('x').serverClose(1008));
    expect(renders).toBe(1);
  });
});
