import { defaultTimers } from '../core';
import type { ConnectionState, Timers } from '../core';
import { situationOf } from './situationOf';

/**
 * `grace`: an incident began, not shown yet; `shown`: shown; `confirming`: open again after a
 * shown incident, making sure it holds; `restored`: "Reconnected", for a moment.
 */
export type IncidentPhase = 'none' | 'grace' | 'shown' | 'confirming' | 'restored';

export interface IncidentSnapshot {
  /** Stable for one incident, new for the next. */
  id: string;
  phase: IncidentPhase;
  /** The tracker's clock: ticks once a second while a shown countdown runs, and at each watcher's deadlines. */
  now: number;
  /** When the incident began, when the connection came back open after it was shown, and when that was confirmed (0 before). */
  startedAt: number;
  backAt: number;
  restoredAt: number;
  /** It reached a close that will not come back by itself: shown at once, whatever the grace. */
  final: boolean;
}

export interface TrackerInput {
  state: Pick<ConnectionState, 'status' | 'lastClose' | 'nextRetryAt' | 'online' | 'error' | 'attempt'>;
  /** Open again, not proved alive yet: "Reconnected" waits this long. Default 1000. */
  confirmMs?: number | undefined;
}

/** One watcher's timing: how long a drop may last unseen, how long "Reconnected" stays. */
export interface WatchOptions {
  graceMs: number;
  restoredMs: number;
}

export interface FeedbackTracker {
  update(input: TrackerInput): void;
  /**
   * Someone shows this connection's feedback, with its own timing (see `phaseFor`). The
   * tracker's timers run while anyone watches; once the last one leaves, nobody saw how the
   * incident ended, so a later watcher is not told "Reconnected" about it.
   */
  watch(options: WatchOptions): () => void;
  /** Whether anyone watches now. */
  watched(): boolean;
  getSnapshot(): IncidentSnapshot;
  subscribe(listener: () => void): () => void;
}

/**
 * Decides when a connection incident is worth telling a person about: not within the grace of
 * a drop that recovers, at once for a close that will not come back by itself, and
 * "Reconnected" only once the connection is really back: proved alive (the core resets its
 * attempt count: the readiness step, a heartbeat's answer) or open for `confirmMs`, so a
 * server that accepts and then refuses never flashes it. An incident the app ends itself
 * (disconnect) ends without "Reconnected". One tracker serves every watcher of a connection
 * (one incident, one id, one toast); each sees it through its own `graceMs` and `restoredMs`.
 */
export function createFeedbackTracker(idPrefix: string, timers: Timers = defaultTimers): FeedbackTracker {
  let snapshot: IncidentSnapshot = { id: `${idPrefix}:0`, phase: 'none', now: timers.now(), startedAt: 0, backAt: 0, restoredAt: 0, final: false };
  let incidents = 0;
  let input: TrackerInput | null = null;
  let timer: unknown = null;
  let since = 0; // when the current phase began
  let attempt = 0; // the attempt count at the last step
  // Everyone left: the close they saw. Nobody saw how that incident ended, or whether another began.
  const WATCHED = {};
  let unwatched: object | null = WATCHED;
  const watchers = new Set<WatchOptions>();
  const listeners = new Set<() => void>();

  const clear = () => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
  };

  // One decision from the current input and clock; schedules the next wake-up.
  function step(): void {
    if (!input) return;
    const now = timers.now();
    const { state, confirmMs = 1000 } = input;
    const situation = situationOf(state);
    const all = [...watchers];
    const grace = Math.min(...all.map((watcher) => watcher.graceMs));
    const keep = Math.max(...all.map((watcher) => watcher.restoredMs));
    // The core resets its count when the connection proves alive; a manual connect() starts at 0 unproved.
    const proved = attempt > 0 && state.attempt === 0;
    attempt = state.attempt;
    let { phase, id, startedAt, backAt, restoredAt, final } = snapshot;
    const enter = (next: IncidentPhase) => {
      if (next !== phase) since = now;
      phase = next;
    };
    // Back after nobody watched: the same incident goes on only if it is still the same close.
    if (unwatched !== WATCHED && (situation === 'healthy' || state.lastClose !== unwatched)) phase = 'none';
    unwatched = WATCHED;
    if (situation === 'healthy' || (situation === 'connecting' && (phase === 'none' || phase === 'restored'))) {
      if (phase === 'shown' || phase === 'confirming') {
        if (state.status !== 'open') enter('none'); // ended by the app (disconnect, unmount): no "Reconnected"
        else {
          if (phase === 'shown') backAt = now;
          if (proved || (phase === 'confirming' && now - since >= confirmMs)) {
            enter('restored');
            restoredAt = now;
          } else enter('confirming');
        }
      } else if (phase === 'grace' || (phase === 'restored' && now - restoredAt >= keep)) {
        enter('none');
      }
    } else if (situation === 'connecting') {
      if (phase === 'confirming') enter('shown'); // not holding: back to the incident
    } else {
      if (phase === 'none' || phase === 'restored') {
        id = `${idPrefix}:${(incidents += 1)}`;
        enter('grace');
        startedAt = now;
        final = false;
      } else if (phase === 'confirming') {
        enter('shown');
      }
      final ||= situation === 'gaveUp' || situation === 'needsUser';
      if (phase === 'grace' && (final || now - startedAt >= grace)) enter('shown');
    }
    const next = { id, phase, now, startedAt, backAt, restoredAt, final };
    if ((Object.keys(next) as (keyof IncidentSnapshot)[]).some((key) => next[key] !== snapshot[key])) {
      snapshot = next;
      for (const listener of listeners) listener();
    }

    // Wake at the next moment something changes for someone: a grace or "Reconnected" ending
    // for one of the watchers, the confirmation, or the countdown's next second.
    clear();
    if (!watchers.size) return;
    const wakes: number[] = [];
    const incident = phase === 'grace' || phase === 'shown' || phase === 'confirming';
    for (const watcher of all) {
      if (incident && !final) wakes.push(startedAt + watcher.graceMs);
      if (phase === 'restored') wakes.push(restoredAt + watcher.restoredMs);
    }
    if (phase === 'confirming') wakes.push(since + confirmMs);
    if (phase === 'shown' && state.nextRetryAt !== null && state.nextRetryAt > now) {
      // On the second boundaries of the countdown, so "5 seconds" turns into "4 seconds" on time.
      const left = state.nextRetryAt - now;
      wakes.push(now + (left % 1000 || 1000));
    }
    const at = Math.min(...wakes.filter((wake) => wake > now));
    if (at < Infinity) timer = timers.setTimeout(() => ((timer = null), step()), at - now);
  }

  const same = (a: TrackerInput | null, b: TrackerInput) =>
    a !== null &&
    a.confirmMs === b.confirmMs &&
    (['status', 'lastClose', 'nextRetryAt', 'online', 'error', 'attempt'] as const).every((key) => a.state[key] === b.state[key]);

  return {
    update(next) {
      // Called after every render of every watcher: only a change of input is news.
      if (same(input, next)) return;
      input = next;
      step();
    },
    watch(options) {
      const watcher = { ...options };
      watchers.add(watcher);
      step();
      return () => {
        watchers.delete(watcher);
        if (watchers.size) return step();
        unwatched = input?.state.lastClose ?? null;
        clear();
        for (const listener of [...listeners]) listener(); // e.g. the hub: nobody shows this incident now
      };
    },
    getSnapshot: () => snapshot,
    watched: () => watchers.size > 0,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
