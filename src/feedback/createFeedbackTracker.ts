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
  /** The tracker's clock: ticks once a second while a shown countdown runs. */
  now: number;
}

export interface TrackerInput {
  state: Pick<ConnectionState, 'status' | 'lastClose' | 'nextRetryAt' | 'online' | 'error' | 'attempt'>;
  graceMs: number;
  restoredMs: number;
  /** Open again, but not proved alive yet: "Reconnected" waits this long. Default 1000. */
  confirmMs?: number | undefined;
}

export interface FeedbackTracker {
  update(input: TrackerInput): void;
  getSnapshot(): IncidentSnapshot;
  subscribe(listener: () => void): () => void;
  /** Clears timers; a later `update` re-arms them (StrictMode remounts). */
  stop(): void;
}

/**
 * Decides when a connection incident is worth telling a person about: not within `graceMs`
 * of a drop that recovers, at once for a close that will not come back by itself, and
 * "Reconnected" only once the connection is really back: open and proved alive (the
 * readiness step, a heartbeat's answer), or open for `confirmMs`, so a server that accepts
 * and then refuses never flashes it. An incident the app ends itself (disconnect) ends
 * without "Reconnected". Owns the countdown clock.
 */
export function createFeedbackTracker(idPrefix: string, timers: Timers = defaultTimers): FeedbackTracker {
  let snapshot: IncidentSnapshot = { id: `${idPrefix}:0`, phase: 'none', now: timers.now() };
  let incidents = 0;
  let input: TrackerInput | null = null;
  let timer: unknown = null;
  let since = 0; // when the current phase began
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
    const { state, graceMs, restoredMs, confirmMs = 1000 } = input;
    const situation = situationOf(state);
    let { phase, id } = snapshot;
    const enter = (next: IncidentPhase) => {
      if (next !== phase) since = now;
      phase = next;
    };
    if (situation === 'healthy' || (situation === 'connecting' && (phase === 'none' || phase === 'restored'))) {
      const open = state.status === 'open';
      if (phase === 'shown' || phase === 'confirming') {
        if (!open) enter('none'); // ended by the app (disconnect, unmount): no "Reconnected"
        else if (phase === 'shown') enter(state.attempt === 0 ? 'restored' : 'confirming');
        else if (state.attempt === 0 || now - since >= confirmMs) enter('restored');
      } else if (phase === 'grace' || (phase === 'restored' && now - since >= restoredMs)) {
        enter('none');
      }
    } else if (situation === 'connecting') {
      if (phase === 'confirming') enter('shown'); // not holding: back to the incident
    } else {
      if (phase === 'none' || phase === 'restored') {
        incidents += 1;
        id = `${idPrefix}:${incidents}`;
        enter('grace');
      } else if (phase === 'confirming') {
        enter('shown');
      }
      const final = situation === 'gaveUp' || situation === 'needsUser';
      if (phase === 'grace' && (final || now - since >= graceMs)) enter('shown');
    }
    set({ id, phase, now });

    clear();
    if (phase === 'grace') wakeAt(since + graceMs);
    else if (phase === 'confirming') wakeAt(since + confirmMs);
    else if (phase === 'restored') wakeAt(since + restoredMs);
    else if (phase === 'shown' && state.nextRetryAt !== null && state.nextRetryAt > now) {
      // Tick on the second boundaries of the countdown, so "5 sec" turns into "4 sec" on time.
      const left = state.nextRetryAt - now;
      wakeAt(now + (left % 1000 || 1000));
    }
  }

  const same = (a: TrackerInput | null, b: TrackerInput) =>
    a !== null &&
    a.graceMs === b.graceMs &&
    a.restoredMs === b.restoredMs &&
    a.confirmMs === b.confirmMs &&
    a.state.status === b.state.status &&
    a.state.lastClose === b.state.lastClose &&
    a.state.nextRetryAt === b.state.nextRetryAt &&
    a.state.online === b.state.online &&
    a.state.error === b.state.error &&
    a.state.attempt === b.state.attempt;

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
