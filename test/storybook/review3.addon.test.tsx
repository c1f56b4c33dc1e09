import { act, render, screen } from '@testing-library/react';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { LifelinePanelView } from '../../src/storybook/LifelinePanelView';
import { openTabs, settle, URL_ } from '../plugins/tabs/tabHarness';
import { installPreviewChannel, lines, makeProbe, snapshots , renderMixedStory } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe("review 3: telling our sockets from a story's own", () => {
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
});

describe("review 3: a hook's own onClose(close, url)", () => {
  it("share: 'tabs': the tab whose socket closed gets that socket's URL as onClose's second argument", async () => {
    const urls: unknown[] = [];
    const { server } = await openTabs(1, () => ({ onClose: (_close, url) => void urls.push(url) }));
    act(() => void server.last().serverClose(4000, 'bye'));
    await settle();
    // A socket was open in this very tab (the leader); README: onClose(close, url) gets the URL it used.
    expect(urls).toEqual([URL_]);
  });
});

describe('review 3: navigator.onLine across stories', () => {
  it('once every story server is disposed, navigator.onLine is given back (no disposed server left on it)', () => {
    const a = createStoryServer({ storyId: 'a' });
    const b = createStoryServer({ storyId: 'b' });
    a.act({ offline: true });
    b.act({ offline: true });
    a.dispose();
    b.dispose();
    expect(navigator.onLine).toBe(true);
    // Observed: a's getter (and with it the disposed server a) stays on navigator for good.
    expect(Object.getOwnPropertyDescriptor(navigator, 'onLine')).toBeUndefined();
  });
});

describe('review 3: the panel timeline', () => {
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
