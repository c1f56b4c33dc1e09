// Races through the hook (jsdom, fake server; one real server), found by an adversarial review
// of core v2: each test failed on the first v2 commit and states the intended behaviour (API.md).
import { act, render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useWebSocket, WebSocketProvider, type UrlSource, type UseWebSocketOptions, type WebSocketHandle } from 'react-lifeline';
import { createFakeServer, type FakeServer } from 'react-lifeline/testing';
import { startRecordingServer } from '../helpers/startRecordingServer';

const URL_A = 'ws://127.0.0.1:1/a';
const URL_B = 'ws://127.0.0.1:1/b';

const settle = () => act(async () => {});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

interface View<In> {
  current: WebSocketHandle<In> | null;
}

/** Mounts one hook and keeps its latest handle in `view`; reads every field so each change re-renders. */
function Probe<In>({ url, options, view }: { url: UrlSource | null; options?: UseWebSocketOptions<In>; view: View<In> }) {
  const handle = useWebSocket<In>(url, options);
  view.current = handle;
  void [handle.status, handle.readyState, handle.lastClose, handle.lastMessage, handle.attempt, handle.nextRetryAt, handle.online, handle.error];
  return null;
}

function Provider({ server, children }: { server: FakeServer; children: ReactNode }) {
  return <WebSocketProvider WebSocket={server.WebSocket}>{children}</WebSocketProvider>;
}

const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

describe('race (hook): an inline URL arrow never reconnects by itself after the server said never', () => {
  it('after a 1008 close the re-render that shows status closed opens no new socket', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    function Chat() {
      // The common inline form: a new arrow on every render, always the same URL.
      view.current = useWebSocket(() => URL_A);
      return <p>{view.current.status}</p>;
    }
    render(
      <Provider server={server}>
        <Chat />
      </Provider>,
    );
    await settle();
    act(() => void server.last().accept().serverClose(1008, 'policy'));
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(view.current!.status).toBe('closed');
  });
});

describe('race (hook): share: true with an async URL function', () => {
  it('keeps ONE shared socket across renders when the function is stable (useCallback, module scope)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const stable = async () => URL_A;
    const ui = () => (
      <Provider server={server}>
        <Probe url={stable} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui());
    await settle();
    act(() => void server.last().accept());
    rerender(ui());
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(view.current!.status).toBe('open');
  });

  it('warns once in development when a shared hook gets a new async function on every render', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = () => (
      <Provider server={server}>
        <Probe url={async () => URL_A} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui());
    await settle();
    rerender(ui());
    rerender(ui());
    await settle();
    const warnings = warn.mock.calls.filter(([text]) => String(text).includes('new async URL function'));
    expect(warnings).toHaveLength(1);
    expect(String(warnings[0]![0])).toMatch(/Pass a stable function \(useCallback or module scope\)/);
  });
});

describe('race (hook): a shared hook that moves to another URL hears about its discarded queue', () => {
  it('share: true, url A -> B with a message queued for A: onError gets one queue-discarded with count 1', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const errors: Error[] = [];
    const ui = (url: string) => (
      <Provider server={server}>
        <Probe url={url} options={{ share: true, onError: (error) => errors.push(error) }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    expect(view.current!.send('for A')).toBe('queued');

    rerender(ui(URL_B));
    await settle();
    act(() => void server.last().accept());
    expect(server.sockets[0]!.sent).toEqual([]);
    expect(server.last().sent).toEqual([]);
    expect(errors.filter((error) => codeOf(error) === 'queue-discarded')).toMatchObject([{ code: 'queue-discarded', count: 1 }]);
  });
});

describe('race (hook): error is cleared on open, as ConnectionState.error says', () => {
  it("a parse failure is no longer the hook's error after the connection drops and opens again", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    render(
      <Provider server={server}>
        <Probe url={URL_A} options={{ parse: (data) => JSON.parse(String(data)) as unknown, policy: { initialDelayMs: 0, jitter: 'none' } }} view={view} />
      </Provider>,
    );
    await settle();
    act(() => void server.last().accept().message('not json'));
    expect(codeOf(view.current!.error)).toBe('parse-failed');

    act(() => void server.last().drop());
    await settle();
    act(() => void server.last().accept());
    expect(server.sockets).toHaveLength(2);
    expect(view.current!.status).toBe('open');
    expect(view.current!.error).toBeNull();
  });
});

describe('race (hook): a hook turned off opens nothing', () => {
  it('url A -> B and enabled true -> false in the same render opens no socket to B (status idle)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (url: string, enabled: boolean) => (
      <Provider server={server}>
        <Probe url={url} options={{ enabled }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A, true));
    await settle();
    act(() => void server.last().accept());
    rerender(ui(URL_B, false)); // e.g. logout: the URL depends on the user, enabled on the session
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual([URL_A]);
    expect(view.current!.status).toBe('idle');
  });

});

describe('race (hook): url null stays idle (API.md: "null: stay idle")', () => {
  it('useWebSocket(null): connect() leaves status idle with no error (not failed with invalid-url)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    render(
      <Provider server={server}>
        <Probe url={null} view={view} />
      </Provider>,
    );
    await settle();
    act(() => view.current!.connect());
    await settle();
    expect(view.current!.status).toBe('idle');
    expect(view.current!.error).toBeNull();
  });
});

describe('race (hook): abnormal-close reports name the socket that closed', () => {
  it('onAbnormalClose gets the URL the closed socket used (B), not the URL of the first render (A)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const urls: string[] = [];
    const ui = (url: string) => (
      <WebSocketProvider WebSocket={server.WebSocket} onAbnormalClose={(_close, context) => urls.push(context.url)}>
        <Probe url={url} view={view} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    rerender(ui(URL_B));
    await settle();
    act(() => void server.last().accept().drop());
    expect(server.last().url).toBe(URL_B);
    expect(urls).toEqual([URL_B]);
  });
});

describe('review (hook, real ws server on 127.0.0.1): disconnect() is final until connect()', () => {
  it('disconnect() then a room change in the same click never connects to the new room', async () => {
    const real = await startRecordingServer();
    try {
      const view: View<unknown> = { current: null };
      const ui = (room: string) => <Probe url={`${real.url}/${room}`} view={view} />;
      const { rerender, unmount } = render(ui('a'));
      await vi.waitFor(() => expect(view.current!.status).toBe('open'), { timeout: 3000, interval: 10 });

      // "Leave room": close as the client, and show the lobby's URL in the same event.
      act(() => {
        view.current!.disconnect(4000, 'left');
        rerender(ui('b'));
      });
      await vi.waitFor(() => expect(view.current!.status).not.toBe('closing'), { timeout: 3000, interval: 10 });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(real.connections.map((connection) => connection.path)).toEqual(['/a']);
      expect(view.current!.status).toBe('closed');
      unmount();
    } finally {
      await real.stop();
    }
  });
});

describe('race (hook): nothing outlives an unmounted hook', () => {
  it('a disabled hook started with connect() closes its socket on unmount', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const { unmount } = render(
      <Provider server={server}>
        <Probe url={URL_A} options={{ enabled: false }} view={view} />
      </Provider>,
    );
    await settle();
    act(() => view.current!.connect()); // a "Connect" button next to a socket that starts off
    await settle();
    act(() => void server.last().accept());
    expect(view.current!.status).toBe('open');

    unmount();
    await settle();
    expect(server.live()).toHaveLength(0);
  });
});

describe('shared sockets and URL functions that answer later', () => {
  /** An async URL function whose answer the test releases. */
  function deferredUrl(url: string) {
    let release!: () => void;
    const answered = new Promise<void>((resolve) => (release = resolve));
    return { source: async () => (await answered, url), release };
  }

  it('a first render is connecting until the function answers; what was sent meanwhile goes out on the one socket', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true }} view={view} />
      </Provider>,
    );
    await settle();
    expect(view.current!.status).toBe('connecting');
    expect(server.sockets).toHaveLength(0);
    expect(view.current!.send('early')).toBe('queued');
    await act(async () => deferred.release());
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    expect(server.last().url).toBe(URL_A);
    expect(server.last().sent).toEqual(['early']);
    expect(view.current!.status).toBe('open');
  });

  it('a switch between async functions for two rooms sends nothing meant for room B to room A: sends are refused until B answers', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const roomA = async () => URL_A;
    const roomB = deferredUrl(URL_B);
    const ui = (source: UrlSource) => (
      <Provider server={server}>
        <Probe url={source} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(roomA));
    await settle();
    act(() => void server.last().accept());
    rerender(ui(roomB.source));
    await settle();
    // Where room B's function points is not known yet: the hook says so rather than guess.
    let answer: string | undefined;
    act(() => void (answer = view.current!.send('for room B')));
    expect(answer).toBe('rejected');
    expect(view.current!.error).toMatchObject({ code: 'not-open' });
    await act(async () => roomB.release());
    await settle();
    act(() => void server.last().accept());
    expect(server.last().url).toBe(URL_B);
    expect(view.current!.send('for room B')).toBe('sent');
    expect(server.last().sent).toEqual(['for room B']);
    expect(server.sockets[0]!.sent).toEqual([]);
  });
});
