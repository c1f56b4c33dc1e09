import { act, fireEvent, render, screen } from '@testing-library/react';
import { ManagerContext } from 'storybook/manager-api';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import type { ComponentProps, ReactNode } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LifelinePanel } from '../../src/storybook/LifelinePanel';
import { LifelineTool } from '../../src/storybook/LifelineTool';
import { EVENTS, type LifelineSnapshot } from '../../src/storybook/protocol';

type Listener = (...args: unknown[]) => void;

/** A stand-in for the manager: its state (the story) and an api whose channel we drive. */
function manager(storyId: string) {
  const listeners = new Map<string, Set<Listener>>();
  const emit = vi.fn<(type: string, ...args: unknown[]) => void>();
  const api = {
    on: (type: string, listener: Listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    off: (type: string, listener: Listener) => void listeners.get(type)?.delete(listener),
    emit,
  };
  const value = { api, state: { storyId } } as unknown as ComponentProps<typeof ManagerContext.Provider>['value'];
  const wrap = (ui: ReactNode, story = storyId) => (
    <ManagerContext.Provider value={{ ...value, state: { ...value.state, storyId: story } } as typeof value}>
      <ThemeProvider theme={convert(themes.light)}>{ui}</ThemeProvider>
    </ManagerContext.Provider>
  );
  const send = (snapshot: LifelineSnapshot) => act(() => listeners.get(EVENTS.snapshot)?.forEach((listener) => listener(snapshot)));
  const listening = () => listeners.get(EVENTS.snapshot)?.size ?? 0;
  return { emit, wrap, send, listening };
}

const snapshotOf = (storyId: string, open = 1): LifelineSnapshot => ({
  storyId,
  mode: 'fake',
  online: true,
  refusing: false,
  restartingUntil: null,
  startedAt: 0,
  stalled: false,
  sockets: Array.from({ length: open }, (_, index) => ({ id: index + 1, url: `ws://example.test/${storyId}`, phase: 'open' as const, received: 0, sent: 0 })),
  timeline: [],
});

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
});

describe('LifelineTool', () => {
  it('shows nothing without a snapshot, then the open sockets; a click drops the connection', () => {
    const { emit, wrap, send } = manager('a--one');
    const { container } = render(wrap(<LifelineTool />));
    expect(emit.mock.calls).toEqual([[EVENTS.request]]);
    expect(container.textContent).toBe('');
    send(snapshotOf('a--one', 2));
    const button = screen.getByRole('button', { name: 'Drop connection (1006): 2 sockets open' });
    expect(button.textContent).toBe('2');
    fireEvent.click(button);
    expect(emit.mock.calls.at(-1)).toEqual([EVENTS.action, { drop: true }]);
  });
});
