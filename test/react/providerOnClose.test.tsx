import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CloseInfo } from '../../src/core/types';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';

const URL_A = 'ws://127.0.0.1:1/a';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function Socket({ url = URL_A, share = false }: { url?: string; share?: boolean }) {
  useWebSocket(url, { share });
  return null;
}

type Seen = [who: string, code: number, willRetry: boolean, url: string];

describe("WebSocketProvider's onClose", () => {
  it('hears every close of every socket below, with the decision, once per shared socket, and the URL without its query', () => {
    vi.useFakeTimers();
    const server = createFakeServer();
    const seen: Seen[] = [];
    const record = (close: CloseInfo, { url }: { url: string }) => seen.push(['outer', close.code, close.willRetry, url]);
    render(
      <StrictMode>
        <WebSocketProvider WebSocket={server.WebSocket} onClose={record}>
          <Socket url={`${URL_A}?token=secret`} share />
          <Socket url={`${URL_A}?token=secret`} share />
        </WebSocketProvider>
      </StrictMode>,
    );
    act(() => void server.last().accept().serverClose(1012, 'Service Restart'));
    expect(seen).toEqual([['outer', 1012, true, URL_A]]);
    act(() => vi.advanceTimersByTime(60_000));
    act(() => void server.last().accept().serverClose(1008, 'Policy'));
    expect(seen).toEqual([
      ['outer', 1012, true, URL_A],
      ['outer', 1008, false, URL_A],
    ]);
  });

  it('reaches the providers above too: the inner one first, then the outer one', () => {
    const server = createFakeServer();
    const seen: string[] = [];
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close) => seen.push(`outer ${close.code} ${close.retryAt === null ? 'no retry' : 'retry'}`)}>
        <WebSocketProvider policy={{ maxAttempts: 1 }} onClose={(close) => seen.push(`inner ${close.code}`)}>
          <Socket />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1011));
    expect(seen).toEqual(['inner 1011', 'outer 1011 retry']);
  });

  it("takes nothing from onAbnormalClose: the nearest provider's onAbnormalClose still runs once, and the default warning stays quiet", () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const abnormal: string[] = [];
    const closes: number[] = [];
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onAbnormalClose={(close) => abnormal.push(`outer ${close.code}`)} onClose={(close) => closes.push(close.code)}>
        <WebSocketProvider onAbnormalClose={(close) => abnormal.push(`inner ${close.code}`)}>
          <Socket />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    expect(abnormal).toEqual(['inner 1006']);
    expect(closes).toEqual([1006]);
    expect(warn).not.toHaveBeenCalled();
  });

  it('an outer onAbnormalClose hears abnormal closes that no inner provider took; the default warns only when none did', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const abnormal: number[] = [];
    const { unmount } = render(
      <WebSocketProvider WebSocket={server.WebSocket} onAbnormalClose={(close) => abnormal.push(close.code)}>
        <WebSocketProvider onClose={() => {}}>
          <Socket />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1011));
    expect(abnormal).toEqual([1011]);
    expect(warn).not.toHaveBeenCalled();
    unmount();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={() => {}}>
        <Socket />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1011));
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('calls the latest onClose, without reconnecting when it changes', () => {
    const server = createFakeServer();
    const seen: string[] = [];
    const tree = (name: string) => (
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close) => seen.push(`${name} ${close.code}`)}>
        <Socket />
      </WebSocketProvider>
    );
    const { rerender } = render(tree('first'));
    act(() => void server.last().accept());
    rerender(tree('second'));
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().serverClose(4000));
    expect(seen).toEqual(['second 4000']);
  });

  it("the hook's own onClose gets the URL the closed socket used as its second argument (a URL function's answer)", async () => {
    const server = createFakeServer();
    const seen: Array<string | undefined> = [];
    function Feed() {
      useWebSocket(() => 'ws://127.0.0.1:1/feed?token=t1', { onClose: (close, url) => void seen.push(`${close.code} ${url}`) });
      return null;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Feed />
      </WebSocketProvider>,
    );
    await act(async () => {});
    act(() => void server.last().accept().serverClose(4000));
    expect(seen).toEqual(['4000 ws://127.0.0.1:1/feed?token=t1']);
  });
});
