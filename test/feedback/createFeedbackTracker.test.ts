import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import type { CloseInfo } from '../../src/core/types';
import { createFeedbackTracker, type TrackerInput } from '../../src/feedback/createFeedbackTracker';

const close = (code: number, willRetry: boolean): CloseInfo => ({
  code,
  reason: '',
  wasClean: true,
  at: Date.now(),
  initiator: code === 1006 ? 'network' : 'server',
  meaning: describeCloseCode(code),
  action: willRetry ? 'backoff' : 'never',
  willRetry,
  retryAt: null,
});
type State = Omit<TrackerInput['state'], 'error' | 'attempt'> & Partial<Pick<TrackerInput['state'], 'attempt'>>;
const open: State = { status: 'open', lastClose: null, nextRetryAt: null, online: true };
const input = ({ attempt = 0, ...state }: State): TrackerInput => ({ state: { ...state, attempt, error: null }, graceMs: 1500, restoredMs: 3000 });

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('createFeedbackTracker', () => {
  it('shows nothing for a drop that recovers within graceMs, not even "restored"', () => {
    const tracker = createFeedbackTracker('t');
    tracker.update(input(open));
    tracker.update(input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: 800, online: true }));
    expect(tracker.getSnapshot().phase).toBe('grace');
    vi.advanceTimersByTime(1000);
    tracker.update(input(open));
    expect(tracker.getSnapshot().phase).toBe('none');
    vi.advanceTimersByTime(10_000);
    expect(tracker.getSnapshot().phase).toBe('none');
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a drop after graceMs, ticks each second of the countdown, then restores under the same id', () => {
    const tracker = createFeedbackTracker('t');
    const seen: number[] = [];
    tracker.subscribe(() => seen.push(tracker.getSnapshot().now));
    tracker.update(input({ status: 'reconnecting', lastClose: close(1012, true), nextRetryAt: 6500, online: true }));
    const { id } = tracker.getSnapshot();
    vi.advanceTimersByTime(1500);
    expect(tracker.getSnapshot()).toMatchObject({ id, phase: 'shown' });
    vi.advanceTimersByTime(5000);
    // One wake-up per second boundary of the countdown: 2500, 3500, 4500, 5500, 6500 ms.
    expect(seen.filter((now) => now > 1500)).toEqual([2500, 3500, 4500, 5500, 6500]);
    tracker.update(input(open));
    expect(tracker.getSnapshot()).toMatchObject({ id, phase: 'restored' });
    vi.advanceTimersByTime(3000);
    expect(tracker.getSnapshot()).toMatchObject({ id, phase: 'none' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('shows a close that will not retry at once, and starts a new id for the next incident', () => {
    const tracker = createFeedbackTracker('t');
    tracker.update(input({ status: 'closed', lastClose: close(1008, false), nextRetryAt: null, online: true }));
    const first = tracker.getSnapshot();
    expect(first.phase).toBe('shown');
    tracker.update(input(open));
    tracker.update(input({ status: 'closed', lastClose: close(1000, false), nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().id).not.toBe(first.id);
  });

  it('ignores repeated identical input, and re-arms its timer after stop()', () => {
    const tracker = createFeedbackTracker('t');
    const listener = vi.fn();
    tracker.subscribe(listener);
    const state = input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: 9000, online: true });
    tracker.update(state);
    tracker.update(state);
    expect(listener).toHaveBeenCalledTimes(1);
    tracker.stop();
    expect(vi.getTimerCount()).toBe(0);
    tracker.update(state);
    expect(vi.getTimerCount()).toBe(1);
  });

  it('says "restored" only once an open holds: a server that accepts and refuses never gets it', () => {
    const tracker = createFeedbackTracker('t');
    const phases: string[] = [];
    tracker.subscribe(() => phases.push(tracker.getSnapshot().phase));
    tracker.update(input({ status: 'closed', lastClose: close(1008, false), nextRetryAt: null, online: true }));
    const { id } = tracker.getSnapshot();
    // Open again, not proved alive (attempt > 0): confirming, not restored.
    tracker.update(input({ ...open, attempt: 2 }));
    expect(tracker.getSnapshot().phase).toBe('confirming');
    vi.advanceTimersByTime(300);
    tracker.update(input({ status: 'reconnecting', lastClose: close(4403, true), nextRetryAt: 5000, online: true, attempt: 3 }));
    expect(tracker.getSnapshot()).toMatchObject({ id, phase: 'shown' });
    expect(phases).not.toContain('restored');
    // This time it holds for confirmMs (1 s): restored, same incident.
    tracker.update(input({ ...open, attempt: 3 }));
    vi.advanceTimersByTime(1000);
    expect(tracker.getSnapshot()).toMatchObject({ id, phase: 'restored' });
  });

  it('ends an incident the app ended (a disconnect) without "restored"', () => {
    const tracker = createFeedbackTracker('t');
    tracker.update(input({ status: 'closed', lastClose: close(1008, false), nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().phase).toBe('shown');
    tracker.update(input({ status: 'closed', lastClose: { ...close(1000, false), initiator: 'client' }, nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().phase).toBe('none');
  });
});
