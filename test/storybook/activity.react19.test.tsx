// <Activity> (React 19.2+) hides a tree and shows it again: its effects are cleaned up and run
// again, while its state stays. React 18 has no Activity, so vitest.config.ts leaves this file out
// of a run on React 18 (CI runs the suite on both); createStoryServer.test.tsx checks the same
// hold / release / hold again on the server itself, on both.
import { act, render, screen } from '@testing-library/react';
import { Activity } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { useWebSocket } from '../../src/react/useWebSocket';
import { withLifeline } from '../../src/storybook/withLifeline';
import { installPreviewChannel, snapshots, URL_A } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

function Chat() {
  const socket = useWebSocket(URL_A);
  return <p data-testid="status">{socket.status}</p>;
}

describe('withLifeline under <Activity>: its sockets are accepted again', () => {
  it('a story hidden and shown again (<Activity>: effects cleaned up and run again, as StrictMode rehearses) still gets its sockets accepted', async () => {
    vi.useFakeTimers();
    const story = withLifeline(Chat, { id: 'chat--default', parameters: {} });
    const view = render(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(150));
    expect(screen.getByTestId('status').textContent).toBe('open');
    view.rerender(<Activity mode="hidden">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(10));
    view.rerender(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(screen.getByTestId('status').textContent).toBe('open');
  });

});

describe('withLifeline under <Activity>: hold / dispose / revive keeps the scenario', () => {
  it('a story hidden and shown again (<Activity>) during its scenario still plays it: the restart it declares comes', async () => {
    vi.useFakeTimers();
    function Chat() {
      const socket = useWebSocket(URL_A, { policy: { initialDelayMs: 100, jitter: 'none' } });
      return <p data-testid="status">{socket.lastClose?.code ?? 'none'}</p>;
    }
    const story = withLifeline(Chat, { id: 'chat--restart', parameters: { lifeline: { scenario: [{ wait: 2000 }, { restart: 1000 }] } } });
    const view = render(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(1000)); // open at 150 ms, the scenario waits
    view.rerender(<Activity mode="hidden">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(10));
    view.rerender(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(10_000));
    const restarts = snapshots.at(-1)!.timeline.filter((entry) => entry.kind === 'action' && 'restart' in entry.action);
    expect(restarts).toHaveLength(1);
  });
});

describe('withLifeline under <Activity>: shown again, the first socket simply opens', () => {
  it('a story hidden and shown again (<Activity>): its first socket opens, not a refused handshake, a 1006 and a retry', async () => {
    vi.useFakeTimers();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const closes: number[] = [];
    function Chat() {
      const socket = useWebSocket(URL_A, { onClose: (close) => void closes.push(close.code) });
      return <p data-testid="status">{socket.status}</p>;
    }
    const story = withLifeline(Chat, { id: 'chat--default', parameters: {} });
    const view = render(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(150));
    view.rerender(<Activity mode="hidden">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(10));
    view.rerender(<Activity mode="visible">{story}</Activity>);
    await act(() => vi.advanceTimersByTimeAsync(150));
    expect(screen.getByTestId('status').textContent).toBe('open');
    expect(closes).toEqual([]);
    expect(snapshots.at(-1)!.timeline.filter((entry) => entry.kind === 'refused')).toEqual([]);
    expect(warn).not.toHaveBeenCalled();
  });
});
