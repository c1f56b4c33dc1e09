import { checkFields, LifelineError } from '../../core';
import type { Plugin, PluginApi, PluginHooks } from '../../core';
import { heartbeatHooks, type HeartbeatOptions } from '../heartbeat';
import { workerClock, type HoldRetries, type WorkerClock, type WorkerConstructor } from './workerClock';

export interface KeepaliveOptions extends HeartbeatOptions, HoldRetries {
  /** Default `globalThis.Worker`; a fake in tests. None there (server rendering): main-thread timers. */
  Worker?: WorkerConstructor | undefined;
  /** Default `Math.random` (the jitter of a held retry); seed it in tests. A throw is reported (`keepalive.random`) and the retry runs without jitter. */
  random?: (() => number) | undefined;
}

/** What `state.plugins.keepalive` says: where the clock runs. */
export interface KeepaliveState {
  clock: 'worker' | 'main';
}

type Listen = (target: EventTarget | undefined, type: string, listener: (event: Event) => void) => void;

/**
 * A heartbeat for pages that go to the background: its clock (the pings, the pong timeouts, and
 * the connection's retry wait) runs in a dedicated Worker made from inline source, which
 * browsers do not throttle the way they throttle a hidden page's timers (Chrome: one wake-up a
 * minute, past most proxies' idle timeouts). When the page comes back (`visibilitychange` to
 * visible, `resume` after a freeze, `pageshow` from the back/forward cache, the connection's
 * network source saying online again, or on React Native, `nativeNetwork` saying the app is in
 * the foreground again) it pings at once and waits `timeoutMs` for the answer: a link that died meanwhile is found then, not at the
 * next interval, and time spent frozen never counts toward a pong timeout. `quietWhileHidden`
 * holds retries while the page is hidden, and runs them when it shows, after a random wait up to
 * `returnJitterMs`. Where no Worker can start (a strict CSP), the main thread's timers run
 * instead, and development builds say so once. One `keepalive()` may serve several connections (a
 * provider's `plugins`): each keeps its own `state.plugins.keepalive`. Taken out of the plug-ins
 * (`setOptions`), it no longer holds retries and its annotation goes. Its clock is the connection's
 * only when no earlier plug-in (nor the `timers` option) brings one: otherwise `quietWhileHidden`
 * cannot hold retries, and development builds warn (put `keepalive()` first). Everything else is `heartbeat()`'s.
 *
 * @example
 * import { keepalive } from 'react-lifeline/keepalive';
 * useWebSocket(url, { plugins: [keepalive({ message: 'ping', intervalMs: 25_000, timeoutMs: 10_000, isPong: (data) => data === 'pong', quietWhileHidden: true })] });
 */
export function keepalive(options: KeepaliveOptions): Plugin<KeepaliveOptions> {
  return {
    name: 'keepalive',
    options,
    error: process.env.NODE_ENV !== 'production' ? checkKeepalive(options) : null,
    timers: workerClock({ Worker: options?.Worker, random: options?.random }),
    setup,
  };
}

function checkKeepalive(options: KeepaliveOptions): LifelineError | null {
  const error = checkFields('invalid-option', 'keepalive', options, 'message:t intervalMs:p timeoutMs:p isPong:f? quietWhileHidden:b? returnJitterMs:d? Worker:f? random:f?');
  // A pong that may take longer than the interval overlaps the next ping: no answer could say which ping it answers.
  return error ?? (options.timeoutMs >= options.intervalMs ? new LifelineError('invalid-option', { field: 'keepalive.timeoutMs', got: options.timeoutMs }) : null);
}

const isClock = (timers: unknown): timers is WorkerClock => typeof (timers as WorkerClock).release === 'function';

function setup(api: PluginApi<KeepaliveOptions>): PluginHooks {
  const beat = heartbeatHooks(api as PluginApi<HeartbeatOptions>, 'keepalive');
  const clock = isClock(api.timers) ? api.timers : undefined;
  const doc = globalThis.document;
  const win = typeof window === 'undefined' ? undefined : window;
  let warned = false;
  const offs: Array<() => void> = [];
  const listen: Listen = (target, type, listener) => {
    target?.addEventListener(type, listener);
    offs.push(() => target?.removeEventListener(type, listener));
  };
  const show = (kind: 'worker' | 'main', cause?: unknown) => {
    api.annotate({ clock: kind } satisfies KeepaliveState);
    if (process.env.NODE_ENV !== 'production' && kind === 'main' && cause !== undefined && !warned) {
      warned = true;
      console.warn("react-lifeline: keepalive could not run its Worker (a Content-Security-Policy without worker-src blob:?); its timers run on the main thread, which browsers throttle in hidden tabs.", cause);
    }
  };
  if (clock) {
    // The connection's clock may be another keepalive()'s, or shared with other connections: this
    // setup attaches its own listener and options (read at each use), and detaches on dispose.
    offs.push(clock.attach({ hold: api.options, random: api.options().random, report: api.report, onClock: show }));
    show(clock.kind());
  } else if (process.env.NODE_ENV !== 'production' && api.options().quietWhileHidden) {
    // The connection's timers are another plug-in's (or the `timers` option's): nothing here can hold its retries.
    console.warn("react-lifeline: keepalive's quietWhileHidden cannot hold retries: the connection's timers come from an earlier plug-in or the `timers` option, not from keepalive's clock. Put keepalive() before the other plug-in that brings `timers`.");
  }
  // Back: ask the link at once, rather than trust what was true before.
  listen(doc, 'visibilitychange', () => doc!.visibilityState === 'visible' && beat.probe());
  listen(doc, 'resume', beat.probe);
  listen(doc, 'freeze', beat.pause);
  listen(win, 'pageshow', (event) => (event as PageTransitionEvent).persisted && beat.probe());
  // Online and foreground come from the connection's network source: the window's `online` in a
  // browser (`browserNetwork`), NetInfo and AppState on React Native (`nativeNetwork`).
  offs.push(api.network.subscribe((online) => online && beat.probe(), api.report));
  const offForeground = api.network.subscribeForeground?.((foreground) => foreground && beat.probe(), api.report);
  if (offForeground) offs.push(offForeground);
  return {
    ...beat,
    dispose() {
      beat.dispose!();
      for (const off of offs.splice(0)) off();
    },
  };
}
