import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CloseInfo } from '../../src/core/types';
import { createFeedbackTracker, type TrackerInput } from '../../src/feedback/createFeedbackTracker';
import { phaseFor } from '../../src/feedback/phaseFor';

const close = (code: number, willRetry: boolean): CloseInfo => ({
  code,
  reason: '',
  wasClean: true,
  at: Date.now(),
  initiator: code === 1006 ? 'network' : 'server',
  action: willRetry ? 'backoff' : 'never',
  willRetry,
  retryAt: null,
});
type State = Omit<TrackerInput['state'], 'error' | 'attempt'> & Partial<Pick<TrackerInput['state'], 'attempt'>>;
const open: State = { status: 'open', lastClose: null, nextRetryAt: null, online: true };
const input = ({ attempt = 0, ...state }: State): TrackerInput => ({ state: { ...state, attempt, error: null } });
/** A tracker with one watcher of the default timing (grace 1.5 s, "Reconnected" for 3 s). */
const watched = () => {
  const tracker = createFeedbackTracker('t');
  tracker.watch({ graceMs: 1500, restoredMs: 3000 });
  return tracker;
};

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

describe('createFeedbackTracker', () => {
  it('shows nothing for a drop that recovers within graceMs, not even "restored"', () => {
    const tracker = watched();
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
    const tracker = watched();
    const seen: number[] = [];
    tracker.subscribe(() => seen.push(tracker.getSnapshot().now));
    tracker.update(input({ status: 'reconnecting', lastClose: close(1012, true), nextRetryAt: 6500, online: true, attempt: 1 }));
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
    const tracker = watched();
    tracker.update(input({ status: 'closed', lastClose: close(1008, false), nextRetryAt: null, online: true }));
    const first = tracker.getSnapshot();
    expect(first.phase).toBe('shown');
    tracker.update(input(open));
    vi.advanceTimersByTime(1000); // the open holds: restored
    tracker.update(input({ status: 'closed', lastClose: close(1000, false), nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().id).not.toBe(first.id);
  });

  it('ignores repeated identical input; runs timers only while someone watches', () => {
    const tracker = createFeedbackTracker('t');
    const listener = vi.fn();
    tracker.subscribe(listener);
    const state = input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: 9000, online: true });
    tracker.update(state);
    expect(vi.getTimerCount()).toBe(0); // nobody watches yet
    const leave = tracker.watch({ graceMs: 1500, restoredMs: 3000 });
    tracker.update(state);
    expect(listener).toHaveBeenCalledTimes(1);
    expect(vi.getTimerCount()).toBe(1);
    leave();
    expect(vi.getTimerCount()).toBe(0);
    tracker.watch({ graceMs: 1500, restoredMs: 3000 });
    expect(vi.getTimerCount()).toBe(1);
  });

  it('after a manual reconnect (attempt 0 from the start), waits for the open to hold before "restored"', () => {
    const tracker = watched();
    tracker.update(input({ status: 'failed', lastClose: close(1006, false), nextRetryAt: null, online: true, attempt: 5 }));
    expect(tracker.getSnapshot().phase).toBe('shown');
    tracker.update(input({ status: 'connecting', lastClose: close(1006, false), nextRetryAt: null, online: true, attempt: 0 }));
    tracker.update(input({ ...open, lastClose: close(1006, false), attempt: 0 }));
    expect(tracker.getSnapshot().phase).toBe('confirming');
    vi.advanceTimersByTime(999);
    expect(tracker.getSnapshot().phase).toBe('confirming');
    vi.advanceTimersByTime(1);
    expect(tracker.getSnapshot().phase).toBe('restored');
  });

  it('restores at once when the open is proved alive (the core resets its attempt count)', () => {
    const tracker = watched();
    tracker.update(input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: null, online: true, attempt: 2 }));
    vi.advanceTimersByTime(1500);
    tracker.update(input({ ...open, attempt: 0 }));
    expect(tracker.getSnapshot().phase).toBe('restored');
  });

  it('serves each watcher its own grace and "Reconnected" time on one incident', () => {
    const tracker = createFeedbackTracker('t');
    tracker.watch({ graceMs: 0, restoredMs: 1000 });
    tracker.watch({ graceMs: 5000, restoredMs: 4000 });
    const seen: string[] = [];
    const look = () =>
      seen.push(`${tracker.getSnapshot().now}: ${phaseFor(tracker.getSnapshot(), { graceMs: 0, restoredMs: 1000 })} / ${phaseFor(tracker.getSnapshot(), { graceMs: 5000, restoredMs: 4000 })}`);
    tracker.subscribe(look);
    tracker.update(input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: null, online: true, attempt: 1 }));
    vi.advanceTimersByTime(6000);
    tracker.update(input({ ...open, attempt: 0 }));
    vi.advanceTimersByTime(5000);
    expect(seen).toEqual(['0: shown / null', '5000: shown / shown', '6000: restored / restored', '7000: null / restored', '10000: null / null']);
    // A drop shorter than the second watcher's grace: "Reconnected" only for the one that showed it.
    seen.length = 0;
    tracker.update(input({ status: 'reconnecting', lastClose: close(1006, true), nextRetryAt: null, online: true, attempt: 1 }));
    vi.advanceTimersByTime(2000);
    tracker.update(input({ ...open, attempt: 0 }));
    expect(seen.at(-1)).toBe('13000: restored / null');
  });

  it('does not tell a watcher who came back later "restored" about an incident nobody watched end', () => {
    const tracker = createFeedbackTracker('t');
    const leave = tracker.watch({ graceMs: 0, restoredMs: 3000 });
    tracker.update(input({ status: 'reconnecting', lastClose: close(1012, true), nextRetryAt: 20_000, online: true, attempt: 1 }));
    expect(tracker.getSnapshot().phase).toBe('shown');
    leave();
    vi.advanceTimersByTime(30_000);
    tracker.update(input({ ...open, attempt: 0 }));
    tracker.watch({ graceMs: 0, restoredMs: 3000 });
    expect(tracker.getSnapshot().phase).toBe('none');
  });

  it('says "restored" only once an open holds: a server that accepts and refuses never gets it', () => {
    const tracker = watched();
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
    const tracker = watched();
    tracker.update(input({ status: 'closed', lastClose: close(1008, false), nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().phase).toBe('shown');
    tracker.update(input({ status: 'closed', lastClose: { ...close(1000, false), initiator: 'client' }, nextRetryAt: null, online: true }));
    expect(tracker.getSnapshot().phase).toBe('none');
  });
});
