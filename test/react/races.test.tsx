// Races through the hook (jsdom, fake server; a few on a real server), found by two adversarial
// reviews of core v2: each test failed before its fix and states the intended behaviour (API.md).
import { act, render } from '@testing-library/react';
import { StrictMode, useEffect } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useWebSocket, WebSocketProvider, type UrlSource } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { codeOf, Probe, Provider, settle, URL_A, URL_B, type View } from '../helpers/hookProbe';
import { sharedSockets } from '../../src/plugins/share';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const discards = (errors: Error[]) => errors.filter((error) => codeOf(error) === 'queue-discarded');

/** An async URL function whose answer the test releases (a token fetch for a room). */
function deferredUrl(url: string) {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  return { source: async () => (await gate, url), release };
}

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
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} onAbnormalClose={(_close, context) => urls.push(context.url)}>
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

describe('race (hook, real ws server on 127.0.0.1): disconnect() is final until connect()', () => {
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

describe('race (hook): shared sockets and URL functions that answer later', () => {
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

describe('race (hook): a send for an unanswered URL never reaches another URL', () => {
  it('share: room A open, switch to async room B, send "for B" (refused: where it belongs is not known yet), switch back to A: "for B" is not sent to A', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const errors: Error[] = [];
    const ui = (source: UrlSource) => (
      <Provider server={server}>
        <Probe url={source} options={{ share: true, onError: (error) => errors.push(error) }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    act(() => void server.last().accept());
    const roomB = deferredUrl(URL_B);
    rerender(ui(roomB.source));
    await settle();
    expect(view.current!.send('for B')).toBe('rejected');
    rerender(ui(URL_A)); // back to room A before B's token came
    await settle();
    roomB.release();
    await settle();
    expect(server.sockets[0]!.sent).toEqual([]);
    expect(errors.map(codeOf)).toEqual(['not-open']); // the sender is told at once, not silently dropped
  });
});

describe('race (hook): held sends obey the queue options', () => {
  it('share + queue: false, first render with an unanswered async URL: send() answers rejected, not queued', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true, queue: false }} view={view} />
      </Provider>,
    );
    await settle();
    expect(view.current!.status).not.toBe('open');
    // API.md / semantics: "`queue: false` -> 'rejected' unless open".
    expect(view.current!.send('x')).toBe('rejected');
  });

  it('share + queue: { max: 1 }, unanswered async URL: the second send is rejected (queue-full), not queued', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true, queue: { max: 1 } }} view={view} />
      </Provider>,
    );
    await settle();
    expect(view.current!.send('1')).toBe('queued');
    expect(view.current!.send('2')).toBe('rejected');
  });
});

describe('race (hook): held sends that will never go out are reported, never silently lost', () => {
  it('share: send while the async URL has not answered, then unmount: onError hears queue-discarded (count 1)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const errors: Error[] = [];
    const deferred = deferredUrl(URL_A);
    const { unmount } = render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true, onError: (error) => errors.push(error) }} view={view} />
      </Provider>,
    );
    await settle();
    expect(view.current!.send('x')).toBe('queued');
    unmount();
    await settle();
    deferred.release();
    await settle();
    expect(discards(errors)).toMatchObject([{ count: 1 }]);
  });

  it('share: send while the async URL has not answered, then enabled: false: discarded and reported (queue-discarded, count 1)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const errors: Error[] = [];
    const deferred = deferredUrl(URL_A);
    const ui = (enabled: boolean) => (
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true, enabled, onError: (error) => errors.push(error) }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(true));
    await settle();
    expect(view.current!.send('x')).toBe('queued');
    rerender(ui(false)); // semantics: "enabled: false" ends the session; what it queued is discarded and reported once
    await settle();
    deferred.release();
    await settle();
    expect(discards(errors)).toMatchObject([{ count: 1 }]);
  });

  it('share: send while the async URL has not answered, then enabled: false, then connect() by hand: the old message is never sent', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    const ui = (enabled: boolean) => (
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true, enabled }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(true));
    await settle();
    expect(view.current!.send('x')).toBe('queued');
    rerender(ui(false));
    await settle();
    deferred.release();
    await settle();
    act(() => view.current!.connect()); // a new session ("Connect" button); semantics: discarded messages are "never sent afterwards"
    await settle();
    act(() => void server.last().accept());
    expect(server.last().sent).toEqual([]);
  });
});

describe('race (hook): the socket kept while a URL function answers is one the hook still had', () => {
  it('share: A, then disabled (A closes), then enabled with an unanswered async URL for B: no socket is opened to A again', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (source: UrlSource, enabled: boolean) => (
      <Provider server={server}>
        <Probe url={source} options={{ share: true, enabled }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A, true));
    await settle();
    act(() => void server.last().accept());
    rerender(ui(URL_A, false));
    await settle();
    expect(server.live()).toHaveLength(0);
    const roomB = deferredUrl(URL_B);
    rerender(ui(roomB.source, true)); // back on, now for room B, whose URL needs a token fetch
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual([URL_A]);
  });

  it('share: a hook re-enabled with an unanswered async URL does not open a second socket next to the pool\'s socket for the same URL', async () => {
    const server = createFakeServer();
    const first: View<unknown> = { current: null };
    const second: View<unknown> = { current: null };
    const ui = (source: UrlSource, enabled: boolean, withSecond: boolean) => (
      <Provider server={server}>
        <Probe url={source} options={{ share: true, enabled }} view={first} />
        {withSecond && <Probe url={URL_A} options={{ share: true }} view={second} />}
      </Provider>
    );
    const { rerender } = render(ui(URL_A, true, false));
    await settle();
    act(() => void server.last().accept());
    rerender(ui(URL_A, false, false)); // A released, forgotten by the pool
    await settle();
    rerender(ui(URL_A, false, true)); // another hook opens A again: a new pool entry
    await settle();
    act(() => void server.last().accept());
    const again = deferredUrl(URL_A);
    rerender(ui(again.source, true, true)); // the first hook comes back on, with an async URL for A
    await settle();
    expect(server.live().filter((socket) => socket.url === URL_A)).toHaveLength(1); // one socket per URL in a provider
  });
});

describe('race (hook): an inline async URL arrow in the component body', () => {
  it('share: `useWebSocket(async () => url, { share: true })` connects, with a bounded number of renders and URL calls', async () => {
    const server = createFakeServer();
    let renders = 0;
    let calls = 0;
    const stable = async () => URL_A;
    function Chat() {
      renders += 1;
      // The inline form the README says keeps one socket. Guarded only so that this test cannot hang.
      const url = renders < 40 ? async () => (calls++, URL_A) : stable;
      useWebSocket(url, { share: true });
      return null;
    }
    render(
      <Provider server={server}>
        <Chat />
      </Provider>,
    );
    for (let i = 0; i < 5; i += 1) await settle();
    expect(renders).toBeLessThan(10); // without the guard: a render per answer, forever, and no socket
    expect(calls).toBeLessThan(10); // each of those renders calls the URL function (a token fetch)
    expect(server.sockets).toHaveLength(1);
  });
});

describe('race (hook): abnormal-close reports of a shared socket name that socket', () => {
  it('share: the first hook moves A -> B, a second keeps A; A drops: onAbnormalClose gets URL A, not B', async () => {
    const server = createFakeServer();
    const first: View<unknown> = { current: null };
    const second: View<unknown> = { current: null };
    const urls: string[] = [];
    const ui = (url: string) => (
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} onAbnormalClose={(_close, context) => urls.push(context.url)}>
        <Probe url={url} options={{ share: true }} view={first} />
        <Probe url={URL_A} options={{ share: true }} view={second} />
      </WebSocketProvider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    const socketA = server.last();
    act(() => void socketA.accept());
    rerender(ui(URL_B));
    await settle();
    act(() => void socketA.drop());
    expect(urls).toEqual([URL_A]);
  });
});

describe('race (hook): a held send that its connection rejects is this hook\'s error', () => {
  it('share: held send flushed into a shared connection the server closed: this hook\'s onError hears it, not the other hook\'s', async () => {
    const server = createFakeServer();
    const first: View<unknown> = { current: null };
    const second: View<unknown> = { current: null };
    const firstErrors: Error[] = [];
    const secondErrors: Error[] = [];
    const deferred = deferredUrl(URL_B);
    const ui = (withFirst: boolean) => (
      <Provider server={server}>
        <Probe url={URL_B} options={{ share: true, onError: (error) => secondErrors.push(error) }} view={second} />
        {withFirst && <Probe url={deferred.source} options={{ share: true, onError: (error) => firstErrors.push(error) }} view={first} />}
      </Provider>
    );
    const { rerender } = render(ui(false));
    await settle();
    act(() => void server.last().accept().serverClose(1008, 'policy')); // B: closed, the policy never retries
    expect(second.current!.status).toBe('closed');
    rerender(ui(true));
    await settle();
    expect(first.current!.send('x')).toBe('queued');
    await act(async () => deferred.release());
    await settle();
    // The message of the first hook is never silently lost, and only the first hook hears of it.
    expect(secondErrors.map(codeOf)).toEqual([]);
    expect(firstErrors.map(codeOf)).toEqual(['queue-discarded']);
  });
});

describe('race (hook): a hook that is on and resolving its URL says so', () => {
  it("share: url null -> an async function: status is 'connecting' (resolving), not 'idle', until the answer", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (source: UrlSource | null) => (
      <Provider server={server}>
        <Probe url={source} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(null));
    await settle();
    expect(view.current!.status).toBe('idle');
    const deferred = deferredUrl(URL_A);
    rerender(ui(deferred.source)); // e.g. `useWebSocket(user ? fetchUrl : null, { share: true })` after login
    await settle();
    expect(view.current!.status).toBe('connecting');
  });
});

describe('race (hook): callbacks run once per event, also right after a StrictMode remount', () => {
  it('StrictMode, the README testing recipe (render, then at once accept + message): onOpen and onMessage run once each', () => {
    const server = createFakeServer();
    const opened = vi.fn();
    const received = vi.fn();
    function Chat() {
      const chat = useWebSocket<string>(URL_A, {
        onOpen: () => {
          opened();
          chat.send('hello'); // a hello on open, as the README suggests
        },
        onMessage: received,
      });
      return null;
    }
    render(
      <StrictMode>
        <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
          <Chat />
        </WebSocketProvider>
      </StrictMode>,
    );
    act(() => void server.last().accept().message('hi')); // as in the README's recipe: no await in between
    expect(received).toHaveBeenCalledTimes(1);
    expect(opened).toHaveBeenCalledTimes(1);
    expect(server.last().sent).toEqual(['hello']);
  });
});

describe('race (hook): a failure on mount reaches onError', () => {
  it.each([
    ['an unsupported scheme (invalid-url)', 'ftp://127.0.0.1/x', {}, 'invalid-url'],
    ['protocols new WebSocket() rejects (socket-failed)', URL_A, { protocols: 'bad protocol' }, 'socket-failed'],
  ] as const)('%s: status failed, and onError heard it', async (_label, url, extra, code) => {
    const server = createFakeServer();
    const Throwing = class extends server.WebSocket {
      constructor(u: string | URL, protocols?: string | string[]) {
        if (protocols === 'bad protocol') throw new SyntaxError('bad protocol');
        super(u, protocols);
      }
    };
    const view: View<unknown> = { current: null };
    const errors: Error[] = [];
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={Throwing}>
        <Probe url={url} options={{ ...extra, onError: (error) => errors.push(error) }} view={view} />
      </WebSocketProvider>,
    );
    await settle();
    expect(view.current!.status).toBe('failed');
    expect(codeOf(view.current!.error)).toBe(code);
    expect(errors.map(codeOf)).toEqual([code]);
  });
});

describe('race (hook): the methods of a shared hook whose async URL has not answered yet', () => {
  it('share: connect() before the first answer (e.g. in a mount effect) leaves no socket behind after unmount', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    const { unmount } = render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true }} view={view} />
      </Provider>,
    );
    await settle();
    act(() => view.current!.connect());
    await act(async () => deferred.release());
    await settle();
    // (While mounted there are two live sockets to A: this hook's own connection, started by connect(), and the pool's.)
    unmount();
    await settle();
    expect(server.live()).toHaveLength(0); // README: unmount leaves 0 sockets
  });

  it('share: disconnect() before the first answer (a logout during the token fetch) is final: no socket opens when the answer comes', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true }} view={view} />
      </Provider>,
    );
    await settle();
    act(() => view.current!.disconnect());
    await act(async () => deferred.release());
    await settle();
    expect(server.sockets).toHaveLength(0); // API.md: disconnect() "never auto-reconnects"
    expect(view.current!.status).toBe('closed');
  });
});

describe('race (hook): one shared socket sends in the order its hooks sent', () => {
  it('share: two hooks with the same unanswered async URL; the second sends "auth", then the first sends "subscribe": the socket gets auth, subscribe', async () => {
    const server = createFakeServer();
    const first: View<unknown> = { current: null };
    const second: View<unknown> = { current: null };
    const deferred = deferredUrl(URL_A);
    render(
      <Provider server={server}>
        <Probe url={deferred.source} options={{ share: true }} view={first} />
        <Probe url={deferred.source} options={{ share: true }} view={second} />
      </Provider>,
    );
    await settle();
    expect(second.current!.send('auth')).toBe('queued');
    expect(first.current!.send('subscribe')).toBe('queued');
    await act(async () => deferred.release());
    await settle();
    act(() => void server.last().accept());
    expect(server.sockets).toHaveLength(1);
    expect(server.last().sent).toEqual(['auth', 'subscribe']); // as with a string URL: one queue, in send order
  });
});

describe('race (hook, real ws server on 127.0.0.1): a message for room B never reaches room A', () => {
  it('share: room A open, switch to async room B, send "for B", back to A before B answered: room A never receives "for B"', async () => {
    const real = await startRecordingServer();
    try {
      const view: View<unknown> = { current: null };
      const ui = (source: UrlSource) => (
        <WebSocketProvider share={sharedSockets()}>
          <Probe url={source} options={{ share: true }} view={view} />
        </WebSocketProvider>
      );
      const { rerender, unmount } = render(ui(`${real.url}/a`));
      await vi.waitFor(() => expect(view.current!.status).toBe('open'), { timeout: 3000, interval: 10 });
      const roomB = deferredUrl(`${real.url}/b`);
      rerender(ui(roomB.source));
      await settle();
      expect(view.current!.send('for B')).toBe('rejected');
      rerender(ui(`${real.url}/a`));
      await settle();
      act(() => void view.current!.send('for A')); // a marker: once it arrives, anything sent before it has arrived too
      await vi.waitFor(() => expect(real.connections[0]!.received).toContain('for A'), { timeout: 3000, interval: 10 });
      expect(real.connections[0]!.received).toEqual(['for A']);
      unmount();
    } finally {
      await real.stop();
    }
  });
});

describe('race (hook): a session started by hand on a disabled hook is still a session of its URL', () => {
  it('enabled: false, connect() opens room A; the URL prop becomes room B: a message sent then never goes to room A', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (url: string) => (
      <Provider server={server}>
        <Probe url={url} options={{ enabled: false }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    act(() => view.current!.connect()); // a "Connect" button next to a socket that starts off
    await settle();
    const socketA = server.last().accept();
    rerender(ui(URL_B)); // the user picks room B
    await settle();
    act(() => void view.current!.send('for B'));
    // Semantics: a URL change to another URL identity ends the session; a room switch sends nothing for B to A.
    expect(socketA.sent).toEqual([]);
  });
});

describe('race (hook): StrictMode keeps what a disabled hook was told to do', () => {
  it('StrictMode, enabled: false, connect() from a mount effect: the socket stays (as without StrictMode)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    function Manual() {
      const socket = useWebSocket(URL_A, { enabled: false });
      view.current = socket;
      void socket.status;
      const { connect } = socket;
      useEffect(() => connect(), [connect]); // connect once on mount (connect is stable)
      return null;
    }
    render(
      <StrictMode>
        <Provider server={server}>
          <Manual />
        </Provider>
      </StrictMode>,
    );
    await settle();
    expect(server.live()).toHaveLength(1);
    act(() => void server.last().accept());
    expect(view.current!.status).toBe('open');
  });
});
