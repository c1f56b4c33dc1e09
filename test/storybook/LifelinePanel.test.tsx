import { act, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelinePanel } from '../../src/storybook/LifelinePanel';
import { LifelineTool } from '../../src/storybook/LifelineTool';
import { EVENTS } from '../../src/storybook/protocol';
import { NO_SNAPSHOT_TEXT } from '../../src/storybook/LifelinePanelView';
import { manager, snapshotOf } from './addonHarness';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000, toFake: ['setInterval', 'clearInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('LifelinePanel (container)', () => {
  it('asks for a snapshot when active, shows only the current story’s, and sends actions', () => {
    const { emit, wrap, send } = manager('a--one');
    render(wrap(<LifelinePanel active />));
    expect(emit.mock.calls).toEqual([[EVENTS.request]]);
    expect(screen.getByText(/^No react-lifeline sockets in this story yet/)).toBeTruthy();

    send(snapshotOf('b--other'));
    expect(screen.queryByRole('table')).toBeNull();
    send(snapshotOf('a--one'));
    expect(screen.getByText('ws://example.test/a--one')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Drop connection (1006)' }));
    expect(emit.mock.calls.at(-1)).toEqual([EVENTS.action, { drop: true }]);
  });

  it('forgets the snapshot and asks again when the story changes', () => {
    const { emit, wrap, send } = manager('a--one');
    const { rerender } = render(wrap(<LifelinePanel active />));
    send(snapshotOf('a--one'));
    expect(screen.getByText('ws://example.test/a--one')).toBeTruthy();
    rerender(wrap(<LifelinePanel active />, 'a--two'));
    expect(screen.queryByText('ws://example.test/a--one')).toBeNull();
    expect(emit.mock.calls.filter(([type]) => type === EVENTS.request)).toHaveLength(2);
    send(snapshotOf('a--two'));
    expect(screen.getByText('ws://example.test/a--two')).toBeTruthy();
    // A late one from the story that was left does not replace it.
    send(snapshotOf('a--one'));
    expect(screen.getByText('ws://example.test/a--two')).toBeTruthy();
  });

  it('ticks now every 250 ms while active, and neither listens nor ticks while inactive', () => {
    const { emit, wrap, send, listening } = manager('a--one');
    const { rerender } = render(wrap(<LifelinePanel active />));
    send({ ...snapshotOf('a--one'), timeline: [{ at: 1_000_000, kind: 'decision', code: 1012, willRetry: true, retryAt: 1_002_000, reauth: false }] });
    expect(screen.getByText('1012: retry in 2.0 s')).toBeTruthy();
    act(() => void vi.advanceTimersByTime(250));
    expect(screen.getByText('1012: retry in 1.8 s')).toBeTruthy();

    emit.mockClear();
    rerender(wrap(<LifelinePanel active={false} />));
    expect(listening()).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    expect(emit).not.toHaveBeenCalled();
    rerender(wrap(<LifelinePanel active />));
    expect(emit.mock.calls).toEqual([[EVENTS.request]]);
    expect(listening()).toBe(1);
  });

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

describe('LifelineTool', () => {
  it('shows nothing without a snapshot, then the open sockets; a click drops the connection', () => {
    const { emit, wrap, send } = manager('a--one');
    const { container } = render(wrap(<LifelineTool />));
    expect(emit.mock.calls).toEqual([[EVENTS.request]]);
    expect(container.textContent).toBe('');
    send(snapshotOf('a--one', { open: 2 }));
    const button = screen.getByRole('button', { name: 'Drop connection (1006): 2 sockets open' });
    expect(button.textContent).toBe('2');
    fireEvent.click(button);
    expect(emit.mock.calls.at(-1)).toEqual([EVENTS.action, { drop: true }]);
  });
});
