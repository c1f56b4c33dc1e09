import { defaultTimers, guard } from '../../core';
import type { LifelineError, Timers } from '../../core';

/** What the clock needs of a Worker: the browser's `Worker`, or a fake in tests. */
export interface WorkerLike {
  postMessage(message: unknown): void;
  terminate(): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  onerror: ((event: unknown) => void) | null;
}

export type WorkerConstructor = new (url: string) => WorkerLike;

/** How a retry may be held back while the page is hidden, read at each retry. */
export interface HoldRetries {
  /** True: a retry that falls due while every tab of the group is hidden waits until one is visible. */
  quietWhileHidden?: boolean | undefined;
  /** The random wait (ms) after the page becomes visible before a held retry runs; default 3000. */
  returnJitterMs?: number | undefined;
}

export interface WorkerClockOptions {
  /** Default `globalThis.Worker`; none there (server rendering, Node): main-thread timers. */
  Worker?: WorkerConstructor | undefined;
  /** Where timers go when no Worker runs; default the main thread's. */
  fallback?: Timers | undefined;
  /** Default `Math.random`; seed it in tests. Called through the guard: a throw is reported (`keepalive.random`) and the jitter is 0. */
  random?: (() => number) | undefined;
  /** Where a throw from `random` is reported (the connection's `report`); default: thrown in a later task. */
  report?: ((error: LifelineError) => void) | undefined;
  /** Read at each retry that falls due. */
  hold?: (() => HoldRetries) | undefined;
  /** Is a tab of the group visible besides this one? (`share: 'tabs'`); default: none. */
  visibleElsewhere?: (() => boolean) | undefined;
  /** Hears which clock runs: `'worker'`, or `'main'` once a Worker was refused or crashed. */
  onClock?: ((clock: 'worker' | 'main', cause?: unknown) => void) | undefined;
}

/** What one user of the clock (a plug-in set up on one connection) brings: see `WorkerClock.attach`. */
export type ClockUser = Pick<WorkerClockOptions, 'hold' | 'random' | 'report' | 'onClock'>;

/** A clock that keeps time in a dedicated Worker. `kind`: where its timers run now. */
export interface WorkerClock extends Timers {
  /** `'main'` once no Worker can run (refused, crashed, or none there). */
  kind(): 'worker' | 'main';
  /** What it was made with; never changed by the plug-ins that use it (they `attach`). */
  readonly options: WorkerClockOptions;
  /**
   * Adds a user of the clock (one plug-in set up on one connection; one `keepalive()` may be
   * set up on several) until the returned function is called. Every user's `onClock` hears
   * where the clock runs. `hold`, `random` and `report` are the last attached user's still
   * attached (else the clock's own `options`): a user let go no longer holds retries.
   *
   * @example
   * const detach = clock.attach({ hold: () => ({ quietWhileHidden: true }), onClock: (kind) => console.log(kind) });
   * detach();
   */
  attach(user: ClockUser): () => void;
  /** Runs the retries held back while hidden (the page or a tab of its group became visible), each after its jitter. */
  release(): void;
  /** Stops the Worker and every timer. */
  dispose(): void;
}

// The Worker's whole source: [id, ms] sets a timer (ms < 0 clears it), and a timer due posts its id.
const SOURCE = 'const t={};onmessage=({data:[i,m]})=>{clearTimeout(t[i]);delete t[i];if(m>=0)t[i]=setTimeout(()=>{delete t[i];postMessage(i)},m)}';

interface Entry {
  callback: () => void;
  due: number;
  retry: boolean;
  /** The main-thread handle, when it runs there. */
  main?: unknown;
  held?: boolean;
}

const hiddenHere = () => globalThis.document?.visibilityState === 'hidden';

/**
 * Timers that keep time in a dedicated Worker made from inline source (a Blob URL: nothing to
 * host, nothing fetched): browsers throttle a hidden page's timers (Chrome: to one wake-up a
 * minute after a grace period) but not a dedicated Worker's. The Worker starts with the first
 * timer and stops when none is pending. Where it cannot start (no `Worker`, a strict CSP that
 * refuses `blob:` workers) or crashes, the timers run on the main thread, each at the time it
 * was due: nothing is lost. A retry (`purpose` `'retry'`) that falls due while hidden may be
 * held until a tab is visible (`hold`).
 *
 * @example
 * const clock = workerClock();
 * const connection = createConnection(url, { timers: clock });
 */
export function workerClock(options: WorkerClockOptions = {}): WorkerClock {
  const { fallback = defaultTimers } = options;
  const pending = new Map<number, Entry>();
  let nextId = 0;
  let worker: WorkerLike | undefined;
  let url: string | undefined;
  let refused = false;
  let unlisten: (() => void) | undefined;
  const users: ClockUser[] = []; // per clock, not per module: attached by each setup, let go by its dispose
  const current = (): ClockUser => users.at(-1) ?? options;
  const tell = (kind: 'worker' | 'main', cause?: unknown) => {
    options.onClock?.(kind, cause);
    for (const user of [...users]) user.onClock?.(kind, cause);
  };

  const stopWorker = () => {
    worker?.terminate();
    if (url) URL.revokeObjectURL(url);
    worker = url = undefined;
  };
  const idle = () => {
    if (pending.size) return;
    stopWorker();
    unlisten?.();
    unlisten = undefined;
  };
  const fire = (id: number) => {
    const entry = pending.get(id);
    if (!entry || entry.held) return;
    const { quietWhileHidden } = current().hold?.() ?? {};
    if (entry.retry && quietWhileHidden && hiddenHere() && !options.visibleElsewhere?.()) {
      entry.held = true; // a retry nobody would see: it waits for a visible tab
      listen();
      return;
    }
    pending.delete(id);
    try {
      entry.callback();
    } finally {
      idle();
    }
  };
  const toMain = (cause: unknown) => {
    if (refused) return;
    refused = true;
    stopWorker();
    const now = fallback.now();
    for (const [id, entry] of pending) if (!entry.held && entry.main === undefined) entry.main = fallback.setTimeout(() => fire(id), Math.max(0, entry.due - now));
    tell('main', cause);
  };
  const constructor = () => (typeof Blob === 'undefined' ? undefined : (options.Worker ?? (globalThis as { Worker?: WorkerConstructor }).Worker));
  const start = (): WorkerLike | undefined => {
    if (worker || refused) return worker;
    const Worker = constructor();
    if (!Worker) {
      refused = true; // nowhere to run one: the main thread, quietly
      return undefined;
    }
    try {
      url = URL.createObjectURL(new Blob([SOURCE], { type: 'text/javascript' }));
      const started = new Worker(url);
      worker = started;
      started.onmessage = ({ data }) => worker === started && fire(data as number);
      // A refused script (CSP) or a crash: whatever was pending carries on on the main thread.
      started.onerror = (event) => worker === started && toMain(event);
      tell('worker');
    } catch (cause) {
      toMain(cause);
    }
    return worker;
  };
  const arm = (id: number, entry: Entry, ms: number) => {
    const running = start();
    if (running) running.postMessage([id, ms]);
    else entry.main = fallback.setTimeout(() => fire(id), ms);
  };
  // Held retries run when this page shows again, each after its own jitter, so tabs that come back together do not storm.
  // A `random` that throws is reported and gives no jitter: the retry runs all the same.
  const release = () => {
    const user = current();
    const { returnJitterMs = 3000 } = user.hold?.() ?? {};
    const random = user.random ?? Math.random;
    for (const [id, entry] of pending) {
      if (!entry.held) continue;
      entry.held = false;
      const ms = (guard('keepalive.random', random, [], user.report) ?? 0) * returnJitterMs;
      entry.due = fallback.now() + ms;
      arm(id, entry, ms);
    }
  };
  const onVisibility = () => !hiddenHere() && release();
  function listen(): void {
    const doc = globalThis.document;
    if (unlisten || !doc) return;
    doc.addEventListener('visibilitychange', onVisibility);
    unlisten = () => doc.removeEventListener('visibilitychange', onVisibility);
  }

  return {
    setTimeout(callback, ms, purpose) {
      const id = ++nextId;
      const entry: Entry = { callback, due: fallback.now() + ms, retry: purpose === 'retry' };
      pending.set(id, entry);
      arm(id, entry, ms);
      return id;
    },
    clearTimeout(handle) {
      const entry = pending.get(handle as number);
      if (!entry) return;
      pending.delete(handle as number);
      if (entry.main !== undefined) fallback.clearTimeout(entry.main);
      else if (!entry.held) worker?.postMessage([handle, -1]);
      idle();
    },
    now: () => fallback.now(),
    kind: () => (refused || !constructor() ? 'main' : 'worker'),
    options,
    attach(user) {
      const own = { ...user }; // a copy: the same object attached twice is two users
      users.push(own);
      return () => {
        const index = users.indexOf(own);
        if (index >= 0) users.splice(index, 1);
      };
    },
    release,
    dispose() {
      for (const entry of pending.values()) if (entry.main !== undefined) fallback.clearTimeout(entry.main);
      pending.clear();
      idle();
    },
  };
}
