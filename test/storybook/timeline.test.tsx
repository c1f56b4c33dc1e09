// The timeline of a story's sockets, as the server records it and the panel shows it: actions
// as they were taken, one entry per close (ours and a story's own sockets, told apart), each
// decision after its close, and retries counted down only while they are still coming.
// Found by the adversarial reviews of the Storybook addon; each failed before its fix.
import { act, render, screen } from '@testing-library/react';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { describeEntry } from '../../src/storybook/describeEntry';
import { LifelinePanelView } from '../../src/storybook/LifelinePanelView';
import { type LifelineSnapshot } from '../../src/storybook/protocol';
import { withLifeline } from '../../src/storybook/withLifeline';
import { heartbeat } from '../../src/plugins/heartbeat';
import { Chat, installPreviewChannel, lines, makeProbe, renderMixedStory, setup, snapshots } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe("the timeline of a story's sockets", () => {
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

  it("a story's own socket at the same URL as one of ours: its close is in the timeline, not only a decision with no close", async () => {
    const { own, ourProbe } = renderMixedStory({ ours: 'ws://127.0.0.1:1/feed', theirs: 'ws://127.0.0.1:1/feed', theirOptions: { policy: { jitter: 'none', initialDelayMs: 60_000 } } });
    await act(() => vi.advanceTimersByTimeAsync(150));
    act(() => void own.last().accept());
    expect(ourProbe.handle().status).toBe('open');
    // The story's own server closes its socket; ours (#1) stays open.
    act(() => void own.last().serverClose(4001, 'theirs'));
    await act(async () => {});
    await act(async () => {});
    expect(ourProbe.handle().status).toBe('open');
    const story = lines(snapshots.at(-1)!);
    // Observed: ['#1 connecting to ws://127.0.0.1:1/feed', '#1 open', '4001: no retry'] — a decision about no close.
    expect(story).toContain('closed 4001 Private use by the server: “theirs”');
  });

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

describe('the panel view of the timeline', () => {
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

  it('two sockets closed by one "Close": both retries are coming, so both decision lines count down', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const server = createStoryServer({ storyId: 'story' });
    const first = makeProbe();
    const second = makeProbe();
    const policy = { policy: { jitter: 'none' as const, initialDelayMs: 5000 } };
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <first.Component url="ws://127.0.0.1:1/a" options={policy} />
        <second.Component url="ws://127.0.0.1:1/b" options={policy} />
      </WebSocketProvider>,
    );
    await act(() => vi.advanceTimersByTimeAsync(150));
    act(() => server.act({ close: 1012 }));
    expect([first.handle().status, second.handle().status]).toEqual(['reconnecting', 'reconnecting']);
    // Read at once: whatever delays the policy drew, neither retry can have run yet.
    render(
      <ThemeProvider theme={convert(themes.light)}>
        <LifelinePanelView snapshot={server.snapshot()} onAction={() => {}} now={Date.now()} />
      </ThemeProvider>,
    );
    const log = screen.getByRole('log', { name: 'Socket timeline' });
    const decisions = [...log.querySelectorAll('span')].map((span) => span.textContent).filter((text) => text?.startsWith('1012:'));
    // Both connections are still waiting to retry (neither retry has run, neither was called off).
    expect([first.handle().status, second.handle().status]).toEqual(['reconnecting', 'reconnecting']);
    expect(decisions).toHaveLength(2);
    // Observed: the older line (#1's) reads "1012: retry set for … s later", as if retried or called off.
    for (const line of decisions) expect(line).toMatch(/^1012: retry in \d+\.\d s$/);
  });
});
