import { act, render, waitFor } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { createStoryServer, type StoryServerOptions } from '../../src/storybook/createStoryServer';
import { describeEntry } from '../../src/storybook/describeEntry';
import { EVENTS } from '../../src/storybook/protocol';
import { withLifeline } from '../../src/storybook/withLifeline';
import { LifelineTool } from '../../src/storybook/LifelineTool';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { catchMicrotaskErrors, channel, installPreviewChannel, makeProbe, manager, setup, snapshots, startWsServer, URL_A } from './addonHarness';

installPreviewChannel();

describe('review: createStoryServer (fake)', () => {
  it('a reply from `respond` is counted AND reported through onChange (the last snapshot the panel got is the true one)', async () => {
    const { server, changes, probe, wait, flush } = setup({ respond: (data) => (data === 'hello' ? 'hi' : undefined) });
    await wait(150);
    act(() => void probe.handle().send('hello'));
    await flush();
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 1, received: 1 });
    expect(changes.at(-1)!.sockets[0]).toMatchObject({ sent: 1, received: 1 });
  });

  it('a scenario whose first step is an action: the app hears open before anything the scenario does', async () => {
    const { probe, wait } = setup({ scenario: [{ message: 'welcome' }] });
    await wait(150);
    expect(probe.events).toEqual(['open', 'message welcome']);
  });

  it('a scenario that closes at once: the app still saw its socket open first', async () => {
    const { probe, wait } = setup({ scenario: [{ close: 4000, reason: 'bye' }] });
    await wait(150);
    expect(probe.events.slice(0, 2)).toEqual(['open', 'close 4000']);
  });

  it("`online` while already online fires no 'online' event (a browser does not), so a scheduled retry keeps its wait", async () => {
    const { server, wait, status, probe } = setup({}, { hook: { policy: { initialDelayMs: 5000, jitter: 'none' } } });
    await wait(150);
    act(() => server.act({ drop: true }));
    expect(status()).toBe('reconnecting');
    expect(probe.handle().nextRetryAt).not.toBeNull();
    const heard: string[] = [];
    const listener = () => heard.push('online');
    window.addEventListener('online', listener);
    try {
      act(() => server.act({ online: true }));
      // The retry was due in 5 s; nothing changed in the network, so no new socket yet.
      expect(server.snapshot().sockets).toHaveLength(1);
      expect(heard).toEqual([]);
    } finally {
      window.removeEventListener('online', listener);
      server.dispose();
    }
  });

  it('after offline, online, dispose: navigator.onLine is the browser’s own again (no getter of the disposed server left on it)', async () => {
    const { server, wait, view } = setup();
    await wait(150);
    act(() => server.act({ offline: true }));
    act(() => server.act({ online: true }));
    view.unmount();
    server.dispose();
    expect(Object.getOwnPropertyDescriptor(navigator, 'onLine')).toBeUndefined();
    // The browser goes offline later: the page must see it.
    const proto = Object.getPrototypeOf(navigator) as object;
    const original = Object.getOwnPropertyDescriptor(proto, 'onLine')!;
    Object.defineProperty(proto, 'onLine', { configurable: true, get: () => false });
    try {
      expect(navigator.onLine).toBe(false);
    } finally {
      Object.defineProperty(proto, 'onLine', original);
    }
  });

  it('the timeline records the action as it was taken: changing the object afterwards does not rewrite history', async () => {
    const { server, wait } = setup();
    await wait(150);
    const action = { close: 4000, reason: 'first' };
    act(() => server.act(action));
    action.close = 4999;
    action.reason = 'rewritten';
    const entry = server.snapshot().timeline.find((each) => each.kind === 'action')!;
    expect(entry).toMatchObject({ action: { close: 4000, reason: 'first' } });
  });

  it("`close` is a close frame to every OPEN socket: a handshake under way is not refused by it (it opens as usual)", async () => {
    const { server, wait, status } = setup();
    await wait(50);
    act(() => server.act({ close: 4000 }));
    await wait(100);
    expect(server.snapshot().timeline.some((entry) => entry.kind === 'refused')).toBe(false);
    expect(status()).toBe('open');
  });

  it('a stalled socket answers nothing: a server message from the panel does not get through a half-open link', async () => {
    const { server, probe, wait } = setup();
    await wait(150);
    act(() => server.act({ stall: true }));
    act(() => server.act({ message: 'through the stall?' }));
    expect(probe.events).not.toContain('message through the stall?');
  });

  it('a `respond` that throws is the fake server’s bug, not a failed send: the app’s send answers "sent" and no error', async () => {
    const { server, probe, wait, flush } = setup({
      respond: () => {
        throw new Error('server bug');
      },
    });
    await wait(150);
    let result: string | undefined;
    act(() => void (result = probe.handle().send('x')));
    await flush();
    expect(result).toBe('sent');
    expect(probe.handle().error).toBeNull();
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 1 });
  });

  it('a scenario wait longer than a timer can hold (2^31 ms) is a RangeError naming the step, not a close that comes at once', () => {
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 }, { close: 4000 }], acceptAfterMs: 0 })).toThrow(RangeError);
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 }] })).toThrow(/lifeline\.scenario\[0\] waits 2147483648/);
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 - 1 }] })).not.toThrow();
  });

});

describe('review: createStoryServer parameters are checked', () => {
  it.each<[string, StoryServerOptions]>([
    ["mode 'Real' (a typo)", { mode: 'Real' as 'real' }],
    ['acceptAfterMs -5', { acceptAfterMs: -5 }],
    ['acceptAfterMs NaN', { acceptAfterMs: Number.NaN }],
    ["respond 'pong' (not a function)", { respond: 'pong' as unknown as () => unknown }],
    ['scenario {} (not a list)', { scenario: {} as never }],
  ])('%s is a typed error at once, not a story that silently does something else', (_, options) => {
    expect(() => createStoryServer(options)).toThrow(/react-lifeline\/storybook/);
  });
});

function Chat() {
  const socket = useWebSocket(URL_A);
  return <p data-testid="status">{socket.status}</p>;
}

const renderStory = (parameters: Record<string, unknown> = {}, { strict = true, id = 'chat--default' } = {}) => {
  vi.useFakeTimers();
  const element = withLifeline(Chat, { id, parameters: { lifeline: parameters } });
  return render(strict ? <StrictMode>{element}</StrictMode> : element);
};

describe('review: withLifeline', () => {
  it('a snapshot caused while the last one is being emitted is not lost (a channel listener that acts at once)', async () => {
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    let reacted = false;
    channel.on(EVENTS.snapshot, () => {
      if (reacted) return;
      reacted = true;
      channel.emit(EVENTS.action, { message: 'hello' });
    });
    act(() => channel.emit(EVENTS.action, { refuse: true }));
    await act(async () => {});
    await act(async () => {});
    const last = snapshots.at(-1)!;
    expect(last.timeline.at(-1)).toMatchObject({ kind: 'action', action: { message: 'hello' } });
    expect(last.sockets[0]).toMatchObject({ received: 1 });
  });

  it('a channel listener that throws once does not stop every later snapshot', async () => {
    const errors = catchMicrotaskErrors();
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    let thrown = false;
    channel.on(EVENTS.snapshot, () => {
      if (thrown) return;
      thrown = true;
      throw new Error('a listener that throws once');
    });
    act(() => channel.emit(EVENTS.action, { message: 'one' }));
    await act(async () => {});
    expect(errors).toHaveLength(1);
    const count = snapshots.length;
    act(() => channel.emit(EVENTS.action, { message: 'two' }));
    await act(async () => {});
    expect(snapshots.length).toBeGreaterThan(count);
    expect(snapshots.at(-1)!.timeline.at(-1)).toMatchObject({ kind: 'action', action: { message: 'two' } });
  });

  it('a story that unmounts while its socket is still connecting logs no 1006 warning (nothing happened to the app)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { unmount } = renderStory({}, { strict: false });
    await act(() => vi.advanceTimersByTimeAsync(50));
    unmount();
    await act(async () => {});
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(warn).not.toHaveBeenCalled();
  });

  it("parameters.lifeline.server: 'Real' (a typo) is a clear error, not a story silently on the fake server", () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(() => renderStory({ server: 'Real' })).toThrow(/react-lifeline\/storybook/);
  });
});

describe("review: WebSocketProvider's onClose", () => {
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
});

/** A story server in 'real' mode with a probe on it, on real timers. */
function setupReal(url: string, hook: Parameters<typeof useWebSocket>[1] = {}, options: StoryServerOptions = {}) {
  const server = createStoryServer({ mode: 'real', storyId: 'real', ...options });
  const made: WebSocket[] = [];
  const Spy = class extends (server.WebSocket as unknown as new (url: string, protocols?: string | string[]) => WebSocket) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      made.push(this);
    }
  };
  const probe = makeProbe();
  const view = render(
    <WebSocketProvider WebSocket={Spy as never} onClose={server.recordDecision}>
      <probe.Component url={url} options={hook} />
    </WebSocketProvider>,
  );
  return { server, probe, view, made };
}
const sleep = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe("review: createStoryServer in 'real' mode (ws on 127.0.0.1)", () => {
  it('a handshake the real server refuses (401) is shown as a refused handshake, as in fake mode', async () => {
    const real = await startWsServer({ verifyClient: (_info: unknown, done: (ok: boolean, code?: number) => void) => done(false, 401) } as never);
    const { server } = setupReal(`${real.url}/private`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      await waitFor(() => expect(server.snapshot().sockets[0]!.phase).toBe('closed'));
      expect(server.snapshot().timeline.map((entry) => describeEntry(entry))[1]).toBe('#1 handshake refused');
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it('refuse: a real handshake that completes while the panel refuses is refused, not opened', async () => {
    const real = await startWsServer({
      verifyClient: (_info: unknown, done: (ok: boolean) => void) => void setTimeout(() => done(true), 150),
    } as never);
    const { server, probe } = setupReal(`${real.url}/slow`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      act(() => server.act({ refuse: true }));
      await sleep(400);
      expect(probe.events).not.toContain('open');
      expect(server.snapshot().sockets[0]!.phase).not.toBe('open');
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it('a WebSocket the real constructor rejects (duplicate subprotocols) leaves no socket stuck "connecting" in the panel', async () => {
    const real = await startRecordingServer();
    const { server, probe } = setupReal(`${real.url}/dup`, { protocols: ['chat', 'chat'] });
    try {
      await sleep(50);
      expect(probe.handle().status).toBe('failed');
      expect(server.snapshot().sockets.filter((socket) => socket.phase === 'connecting')).toEqual([]);
    } finally {
      server.dispose();
      await real.stop();
    }
  });




  it("a real server's close reason reaches the panel's timeline only as sanitised plain text", async () => {
    const real = await startRecordingServer();
    real.onConnection((connection) => setTimeout(() => connection.socket.close(4003, 'ok\u202Egnp.exe\nline'), 20));
    const { server } = setupReal(`${real.url}/reason`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      await waitFor(() => expect(server.snapshot().timeline.some((entry) => entry.kind === 'closed')).toBe(true));
      const line = server
        .snapshot()
        .timeline.filter((entry) => entry.kind === 'closed')
        .map((entry) => describeEntry(entry))[0]!;
      expect(line).not.toMatch(/[\u202E\n]/);
    } finally {
      server.dispose();
      await real.stop();
    }
  });
});

describe('review: more of the server and the provider', () => {
  it("'real' mode: `respond` is the fake server's, so a real connection gets no fake replies on top of the real server's", async () => {
    const real = await startRecordingServer();
    const messages: unknown[] = [];
    const { server, probe } = setupReal(`${real.url}/quiet`, { onMessage: (message) => void messages.push(message) }, { respond: () => 'fake reply' });
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      act(() => void probe.handle().send('hello'));
      const connection = await real.connection(1);
      await waitFor(() => expect(connection.received).toEqual(['hello']));
      await sleep(50);
      expect(messages).toEqual([]);
    } finally {
      server.dispose();
      await real.stop();
    }
  });


  it('a close code that never travels in a close frame (1006) is not shown as a close frame from the server', async () => {
    const { server, wait } = setup();
    await wait(150);
    try {
      act(() => server.act({ close: 1006 }));
    } catch {
      // refusing it is fine too
    }
    const closed = server.snapshot().timeline.filter((entry) => entry.kind === 'closed');
    expect(closed.filter((entry) => entry.kind === 'closed' && entry.code === 1006 && entry.initiator === 'server')).toEqual([]);
  });

  it("the timeline still shows the closes of a story's own sockets (its own provider's WebSocket): code, who closed it, reason", async () => {
    vi.useFakeTimers();
    const own = createFakeServer();
    function Story() {
      return (
        <WebSocketProvider WebSocket={own.WebSocket}>
          <Chat />
        </WebSocketProvider>
      );
    }
    render(withLifeline(Story, { id: 'own--default', parameters: {} }));
    await act(async () => {});
    act(() => void own.last().accept().serverClose(4000, 'custom'));
    await act(async () => {});
    const closes = snapshots.at(-1)!.timeline.filter((entry) => entry.kind === 'closed');
    expect(closes).toEqual([expect.objectContaining({ code: 4000, initiator: 'server', reason: 'custom' })]);
  });

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
});


describe("review: 'real' mode closing handshakes", () => {
  it("the app's own close of a real socket completes when the real closing handshake does (as without the addon), not at once", async () => {
    const real = await startRecordingServer();
    // Control: the plain WebSocket, same server, same pause.
    const plainProbe = makeProbe();
    const plain = render(<plainProbe.Component url={`${real.url}/plain`} />);
    const { server, probe } = setupReal(`${real.url}/story`);
    try {
      await waitFor(() => expect(plainProbe.events).toContain('open'));
      await waitFor(() => expect(probe.events).toContain('open'));
      (await real.connection(1)).pause();
      (await real.connection(2)).pause();
      act(() => plainProbe.handle().disconnect(4000, 'bye'));
      act(() => probe.handle().disconnect(4000, 'bye'));
      await sleep(300);
      expect(plainProbe.handle().status).toBe('closing');
      expect(probe.handle().status).toBe('closing');
    } finally {
      plain.unmount();
      server.dispose();
      await real.stop();
    }
  });
});

describe('review: decisions and URLs in onClose', () => {
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
});

describe('review: the toolbar button with what the preview sends', () => {
  it('a story that opens no socket (every story has the decorator) shows no toolbar button', async () => {
    function NoSockets() {
      return <p>static</p>;
    }
    render(withLifeline(NoSockets, { id: 'static--default', parameters: {} }));
    await act(async () => {});
    const sent = snapshots.at(-1);
    expect(sent).toBeDefined();
    // The manager: the same snapshot, through its channel.
    const { wrap, send } = manager('static--default');
    const { container } = render(wrap(<LifelineTool />));
    send(sent!);
    expect(container.textContent).toBe('');
  });
});
