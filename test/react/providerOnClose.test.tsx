import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CloseInfo } from '../../src/core/types';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { catchMicrotaskErrors, makeProbe } from '../helpers/eventProbe';

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

// Found by the adversarial reviews of the Storybook addon (its timeline records decisions through onClose).
describe("WebSocketProvider's onClose: a callback that throws keeps nothing from the others", () => {
  it("an inner onClose that throws does not keep the close from the outer provider's onClose", () => {
    catchMicrotaskErrors();
    const server = createFakeServer();
    const outer: number[] = [];
    const probe = makeProbe();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close) => outer.push(close.code)}>
        <WebSocketProvider
          onClose={() => {
            throw new Error('analytics down');
          }}
        >
          <probe.Component />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(4000));
    expect(outer).toEqual([4000]);
  });

  it('an onClose that throws does not swallow the default 1006 warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    catchMicrotaskErrors();
    const server = createFakeServer();
    const probe = makeProbe();
    render(
      <WebSocketProvider
        WebSocket={server.WebSocket}
        onClose={() => {
          throw new Error('analytics down');
        }}
      >
        <probe.Component />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    await act(async () => {});
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it("an inner onAbnormalClose that throws does not keep the close from the outer provider's onClose", () => {
    catchMicrotaskErrors();
    const server = createFakeServer();
    const outer: number[] = [];
    const probe = makeProbe();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close) => outer.push(close.code)}>
        <WebSocketProvider
          onAbnormalClose={() => {
            throw new Error('reporter down');
          }}
        >
          <probe.Component />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    expect(outer).toEqual([1006]);
  });
});

describe("WebSocketProvider's onClose: the URL of the socket that closed", () => {
  it("the provider's onClose names the URL the closed socket used, even when the URL prop moved on meanwhile", async () => {
    const server = createFakeServer();
    const seen: string[] = [];
    const probe = makeProbe();
    const tree = (url: string) => (
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close, { url: where }) => seen.push(`${close.code} ${where}`)}>
        <probe.Component url={url} />
      </WebSocketProvider>
    );
    const view = render(tree('ws://127.0.0.1:1/a'));
    act(() => void server.last().accept());
    act(() => {
      probe.handle().disconnect(4000, 'bye');
      view.rerender(tree('ws://127.0.0.1:1/b'));
    });
    await act(async () => {});
    expect(seen).toEqual(['4000 ws://127.0.0.1:1/a']);
  });

  it("onClose's URL for a hook whose URL is a function is that socket's URL without its query", () => {
    const server = createFakeServer();
    const seen: string[] = [];
    const probe = makeProbe();
    const url = () => 'ws://127.0.0.1:1/feed?token=secret';
    function Hook() {
      useWebSocket(url);
      return null;
    }
    void probe;
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close, { url: where }) => seen.push(`${close.code} ${where}`)}>
        <Hook />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(4000));
    expect(seen).toEqual(['4000 ws://127.0.0.1:1/feed']);
  });

  it('disconnect() while a URL function’s socket is still connecting: onClose names that socket’s URL, not "(URL from a function)"', async () => {
    vi.useFakeTimers();
    const server = createFakeServer();
    const seen: string[] = [];
    const url = () => 'ws://127.0.0.1:1/feed?token=secret';
    const probe = makeProbe();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={(close, { url: where }) => seen.push(`${close.code} ${where}`)}>
        <probe.Component url={url} />
      </WebSocketProvider>,
    );
    await act(async () => {});
    expect(server.last().readyState).toBe(0);
    act(() => probe.handle().disconnect());
    await act(async () => {});
    expect(seen).toEqual(['1000 ws://127.0.0.1:1/feed']);
  });
});
