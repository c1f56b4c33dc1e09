import { defaultTimers } from '../core';
import type { ConnectionState, Timers } from '../core';

export type IncidentPhase = 'none' | 'grace' | 'shown' | 'restored';

export interface IncidentSnapshot {
  /** Stable for one incident, new for the next. */
  id: string;
  phase: IncidentPhase;
  /** The tracker's clock: ticks once a second while a shown countdown runs. */
  now: number;
}

export interface TrackerInput {
  state: Pick<ConnectionState, 'status' | 'lastClose' | 'nextRetryAt' | 'online'>;
  graceMs: number;
  restoredMs: number;
}

export interface FeedbackTracker {
  update(input: TrackerInput): void;
  getSnapshot(): IncidentSnapshot;
  subscribe(listener: () => void): () => void;
  /** Clears timers; a later `update` re-arms them (StrictMode remounts). */
  stop(): void;
}

type Situation = 'healthy' | 'transient' | 'final';

function situationOf({ status, lastClose, online }: TrackerInput['state']): Situation {
  if (status === 'open' || status === 'idle' || status === 'closing') return 'healthy';
  if (!online || status === 'reconnecting') return 'transient';
  if (status === 'failed') return 'final';
  if (status === 'closed' && lastClose && (lastClose.initiator !== 'client' || lastClose.code === 3008)) return 'final';
  return 'healthy';
}

/**
 * Decides when a connection incident is worth telling a person about: not within `graceMs`
 * of a drop that recovers, at once for a close that will not retry, and a short
 * "restored" phase after a shown incident ends. Owns the countdown clock.
 */
export function createFeedbackTracker(idPrefix: string, timers: Timers = defaultTimers): FeedbackTracker {
  let snapshot: IncidentSnapshot = { id: `${idPrefix}:0`, phase: 'none', now: timers.now() };
  let incidents = 0;
  let input: TrackerInput | null = null;
  let timer: unknown = null;
  let graceStartedAt = 0;
  let restoredAt = 0;
  let stopped = false;
  const listeners = new Set<() => void>();

  const set = (next: Partial<IncidentSnapshot>) => {
    const merged = { ...snapshot, ...next };
    if (merged.id === snapshot.id && merged.phase === snapshot.phase && merged.now === snapshot.now) return;
    snapshot = merged;
    for (const listener of listeners) listener();
  };
  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };
  const wakeAt = (at: number) => {
    clear();
    timer = timers.setTimeout(() => {
      timer = null;
      step();
    }, Math.max(0, at - timers.now()));
  };

  // One decision from the current input and clock; schedules the next wake-up.
  function step(): void {
    if (!input) return;
    const now = timers.now();
    const situation = situationOf(input.state);
    let { phase, id } = snapshot;
    let since = graceStartedAt;
    if (situation === 'healthy') {
      if (phase === 'shown') {
        phase = 'restored';
        restoredAt = now;
      } else if (phase === 'grace' || (phase === 'restored' && now - restoredAt >= input.restoredMs)) {
        phase = 'none';
      }
    } else {
      if (phase === 'none' || phase === 'restored') {
        incidents += 1;
        id = `${idPrefix}:${incidents}`;
        phase = 'grace';
        since = now;
      }
      if (phase === 'grace' && (situation === 'final' || now - since >= input.graceMs)) phase = 'shown';
    }
    graceStartedAt = since;
    set({ id, phase, now });

    clear();
    if (phase === 'grace') wakeAt(since + input.graceMs);
    else if (phase === 'restored') wakeAt(restoredAt + input.restoredMs);
    else if (phase === 'shown' && input.state.nextRetryAt !== null && input.state.nextRetryAt > now) {
      // Tick on the second boundaries of the countdown, so "5 sec" turns into "4 sec" on time.
      const left = input.state.nextRetryAt - now;
      wakeAt(now + (left % 1000 || 1000));
    }
  }
  const same = (a: TrackerInput | null, b: TrackerInput) =>
    a !== null &&
    a.graceMs === b.graceMs &&
    a.restoredMs === b.restoredMs &&
    a.state.status === b.state.status &&
    a.state.lastClose === b.state.lastClose &&
    a.state.nextRetryAt === b.state.nextRetryAt &&
    a.state.online === b.state.online;

  return {
    update(next) {
      // Called after every render: only a change of input (or a stopped timer) is news.
      if (same(input, next) && !stopped) return;
      stopped = false;
      input = next;
      step();
    },
    getSnapshot: () => snapshot,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      stopped = true;
      clear();
    },
  };
}
