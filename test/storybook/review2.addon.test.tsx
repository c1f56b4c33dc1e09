import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { describeEntry } from '../../src/storybook/describeEntry';
import { LifelinePanel } from '../../src/storybook/LifelinePanel';
import { LifelinePanelView, NO_SNAPSHOT_TEXT } from '../../src/storybook/LifelinePanelView';
import { type LifelineAction, type LifelineSnapshot } from '../../src/storybook/protocol';
import { withLifeline } from '../../src/storybook/withLifeline';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { catchMicrotaskErrors, installPreviewChannel, lines, makeProbe, manager, setup, snapshotOf, snapshots , renderMixedStory } from './addonHarness';
import { heartbeat } from '../../src/plugins/heartbeat';

installPreviewChannel({ restoreOnLine: true });

describe('review 2: the panel container', () => {
  it('back on a story it showed before (A → B → A): no snapshot of the earlier visit (a disposed server) is shown as the current one', () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setInterval', 'clearInterval', 'Date'] });
    const { wrap, send } = manager('a--one');
    const { rerender } = render(wrap(<LifelinePanel active />));
    send(snapshotOf('a--one', { url: 'ws://example.test/first-visit' }));
    expect(screen.getByText('ws://example.test/first-visit')).toBeTruthy();
    rerender(wrap(<LifelinePanel active />, 'b--two'));
    expect(screen.getByText(NO_SNAPSHOT_TEXT)).toBeTruthy();
    rerender(wrap(<LifelinePanel active />, 'a--one'));
    // The story was left and rendered anew: its old server is gone. Until the new one answers, nothing.
    expect(screen.queryByText('ws://example.test/first-visit')).toBeNull();
    expect(screen.getByText(NO_SNAPSHOT_TEXT)).toBeTruthy();
  });
});

describe('review 2: the panel with the server it drives', () => {
  it('"Refuse handshakes" during a restart: the toggle shows what the user set (not pressed), and pressing it presses it', () => {
    vi.useFakeTimers();
    const server = createStoryServer({ storyId: 'story' });
    const ui = () => (
      <ThemeProvider theme={convert(themes.light)}>
        <LifelinePanelView snapshot={server.snapshot()} onAction={(action: LifelineAction) => server.act(action)} now={Date.now()} />
      </ThemeProvider>
    );
    const view = render(ui());
    act(() => server.act({ restart: 60_000 }));
    view.rerender(ui());
    const toggle = () => screen.getByRole('button', { name: 'Refuse handshakes' });
    // The restart is said in the status line; the toggle is the user's own setting.
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText(/restarting: handshakes refused for 60 s more/)).toBeTruthy();
    fireEvent.click(toggle());
    view.rerender(ui());
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(toggle());
    view.rerender(ui());
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
  });
});

describe('review 2: two stories on one page (docs)', () => {
  it("one story's server disposing does not take another story's offline away (navigator.onLine, the 'online' event)", () => {
    const a = createStoryServer({ storyId: 'a' });
    const b = createStoryServer({ storyId: 'b' });
    a.act({ offline: true });
    b.act({ offline: true });
    const heard: string[] = [];
    const listener = (event: Event) => heard.push(event.type);
    window.addEventListener('online', listener);
    try {
      a.dispose();
      // B still says offline: the page must too.
      expect(b.snapshot().online).toBe(false);
      expect(navigator.onLine).toBe(false);
      expect(heard).toEqual([]);
    } finally {
      window.removeEventListener('online', listener);
      b.dispose();
    }
  });
});


describe("review 2: the connection's onClose URL", () => {
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

describe('review 2: the timeline of a story’s own sockets', () => {
  it('disconnect() while reconnecting closes no socket: the timeline shows no close for it (one socket, one close)', async () => {
    const { server, probe, wait, flush } = setup({}, { hook: { policy: { initialDelayMs: 60_000, jitter: 'none' } } });
    await wait(150);
    act(() => server.act({ close: 1012 }));
    expect(probe.handle().status).toBe('reconnecting');
    act(() => probe.handle().disconnect());
    await flush();
    const closes = server.snapshot().timeline.filter((entry) => entry.kind === 'closed');
    expect(closes.map((entry) => describeEntry(entry))).toEqual(['#1 closed 1012 Service Restart by the server']);
  });

  it("a foreign socket's close is not lost when one of ours is closing with the same code at that moment", async () => {
    const { own, ownProbe, ourProbe } = renderMixedStory({ ours: 'ws://127.0.0.1:1/ours', theirs: 'ws://127.0.0.1:1/theirs' });
    await act(() => vi.advanceTimersByTimeAsync(150));
    act(() => void own.last().accept());
    expect(ourProbe.handle().status).toBe('open');
    expect(ownProbe.handle().status).toBe('open');
    // Both sockets close with 4000 in the same task: the foreign one's close event comes first.
    act(() => {
      ownProbe.handle().disconnect(4000, 'theirs');
      ourProbe.handle().disconnect(4000, 'ours');
    });
    await act(async () => {});
    await act(async () => {});
    const closes = snapshots.at(-1)!.timeline.filter((entry) => entry.kind === 'closed');
    expect(closes.map((entry) => describeEntry(entry)).sort()).toEqual([
      '#1 closed 4000 Private use by the client: “ours”',
      'closed 4000 Private use by the client: “theirs”',
    ].sort());
  });
});

describe('review 2: scenarios', () => {
  it('two sockets that open in the same task play the scenario once, not once per socket', async () => {
    vi.useFakeTimers();
    const server = createStoryServer({ storyId: 'story', scenario: [{ message: 'welcome' }] });
    const first = makeProbe();
    const second = makeProbe();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <first.Component url="ws://127.0.0.1:1/a" />
        <second.Component url="ws://127.0.0.1:1/b" />
      </WebSocketProvider>,
    );
    act(() => vi.advanceTimersByTime(150));
    await act(async () => {});
    expect(first.events).toEqual(['open', 'message welcome']);
    expect(second.events).toEqual(['open', 'message welcome']);
    expect(server.snapshot().timeline.filter((entry) => entry.kind === 'action')).toHaveLength(1);
  });
});

describe('review 2: actions are checked', () => {
  it('an action is used as it was checked: a close that reads 4000 when checked is not sent as 1006', async () => {
    const { server, probe, wait } = setup();
    await wait(150);
    let reads = 0;
    const action = {
      get close() {
        reads += 1;
        return reads === 1 ? 4000 : 1006;
      },
    } as unknown as LifelineAction;
    try {
      act(() => server.act(action));
    } catch {
      // refusing it is fine too
    }
    expect(probe.events).not.toContain('close 1006');
    const closed = server.snapshot().timeline.filter((entry) => entry.kind === 'closed');
    expect(closed.filter((entry) => entry.kind === 'closed' && entry.code === 1006 && entry.initiator === 'server')).toEqual([]);
  });
});

describe("review 2: 'real' mode (ws on 127.0.0.1)", () => {
  it('stall: a half-open link carries nothing, so what the app sends meanwhile does not reach the real server', async () => {
    const real = await startRecordingServer();
    const server = createStoryServer({ mode: 'real', storyId: 'real' });
    const probe = makeProbe();
    const view = render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <probe.Component url={`${real.url}/stall`} />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      const connection = await real.connection(1);
      act(() => void probe.handle().send('before'));
      await waitFor(() => expect(connection.received).toEqual(['before']));
      act(() => server.act({ stall: true }));
      act(() => void probe.handle().send('during the stall'));
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 200)));
      expect(connection.received).toEqual(['before']);
    } finally {
      view.unmount();
      server.dispose();
      await real.stop();
    }
  });
});


describe('review 2: more of the timeline', () => {
  it('a refused handshake of our own socket is one entry ("#1 handshake refused"), not also a close from a socket of nowhere', async () => {
    const { server, wait } = setup({}, { hook: { policy: { initialDelayMs: 60_000, jitter: 'none' } } });
    act(() => server.act({ refuse: true }));
    await wait(150);
    const story = lines(server.snapshot());
    expect(story).toContain('#1 handshake refused');
    expect(server.snapshot().timeline.filter((entry) => entry.kind === 'closed')).toEqual([]);
  });

  it("a heartbeat's 3008: the connection's decision comes after the socket's close in the timeline (as for every other close)", async () => {
    const { server, flush } = setup(
      { respond: (data) => (data === 'ping' ? 'pong' : undefined) },
      { hook: { plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 1000, isPong: (data) => data === 'pong' })] } },
    );
    await act(() => vi.advanceTimersByTimeAsync(150 + 1500));
    act(() => server.act({ stall: true }));
    await act(() => vi.advanceTimersByTimeAsync(2500));
    await flush();
    const story = lines(server.snapshot());
    const closed = story.findIndex((line) => line.startsWith('#1 closed 3008'));
    const decided = story.findIndex((line) => line.startsWith('3008:'));
    expect(closed).toBeGreaterThanOrEqual(0);
    expect(decided).toBeGreaterThan(closed);
  });
});


describe('review 2: the panel view', () => {
  const T0 = 1_700_000_000_000;
  const view = (snapshot: LifelineSnapshot, now: number) => (
    <ThemeProvider theme={convert(themes.light)}>
      <LifelinePanelView snapshot={snapshot} onAction={() => {}} now={now} />
    </ThemeProvider>
  );
  const base: LifelineSnapshot = { storyId: 's', mode: 'fake', online: true, refusing: false, restartingUntil: null, stalled: false, sockets: [], timeline: [], startedAt: T0 };

  it('a line keeps its time when the oldest lines are trimmed (the newest 200 are kept): "+x s" does not shift under the reader', () => {
    const entries = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, index) => ({ at: T0 + (from + index) * 1000, kind: 'open' as const, socket: from + index }));
    const before = { ...base, timeline: entries(0, 200) };
    const after = { ...base, timeline: entries(1, 201) };
    const { rerender } = render(view(before, T0 + 300_000));
    const line = () => screen.getByText('#150 open').parentElement!.textContent;
    const was = line();
    expect(was).toBe('+150.0 s#150 open');
    rerender(view(after, T0 + 300_000));
    expect(line()).toBe(was);
  });

  it('a retry that the app called off (disconnect) is not still counted down as coming', async () => {
    const { server, probe, wait, flush } = setup({}, { hook: { policy: { initialDelayMs: 60_000, jitter: 'none' } } });
    await wait(150);
    act(() => server.act({ drop: true }));
    expect(lines(server.snapshot())).toContain('1006: retry in 30.0 s');
    act(() => probe.handle().disconnect());
    await flush();
    expect(probe.handle().status).toBe('closed');
    expect(probe.handle().nextRetryAt).toBeNull();
    await wait(10_000);
    render(view(server.snapshot(), Date.now()));
    // Nothing is scheduled any more: no line may count down to a retry ("1006: retry in 20.0 s").
    expect(screen.queryByText(/retry in/)).toBeNull();
  });
});

describe("review 2: 'real' mode dispose", () => {
  it("dispose closes every socket: one whose closing handshake the app started is not left 'closing' forever", async () => {
    const real = await startRecordingServer();
    const server = createStoryServer({ mode: 'real', storyId: 'real' });
    const probe = makeProbe();
    const view = render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <probe.Component url={`${real.url}/closing`} />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      (await real.connection(1)).pause(); // the closing handshake is not answered yet
      act(() => probe.handle().disconnect(4000, 'bye'));
      expect(server.snapshot().sockets[0]!.phase).toBe('closing');
      view.unmount();
      server.dispose();
      (await real.connection(1)).resume();
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 300)));
      expect(server.snapshot().sockets[0]!.phase).toBe('closed');
    } finally {
      await real.stop();
    }
  });
});

describe('review 2: withLifeline', () => {
  it("parameters.lifeline: 'real' (the mode where an object belongs) is a clear error, not a story silently on the fake server", () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    vi.useFakeTimers();
    expect(() => render(withLifeline(() => null, { id: 'x--y', parameters: { lifeline: 'real' as never } }))).toThrow(/react-lifeline\/storybook/);
  });
});

describe("review 2: WebSocketProvider's onClose chain", () => {
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
