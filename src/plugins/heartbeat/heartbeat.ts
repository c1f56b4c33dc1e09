import { checkFields, LifelineError } from '../../core';
import type { Plugin, PluginApi, PluginHooks } from '../../core';

export interface HeartbeatOptions {
  /** What to send as a ping, or a function that makes it (called at each ping). */
  message: string | (() => string);
  /** How often to ping while open. */
  intervalMs: number;
  /** How long a ping may go unanswered before the client closes with 3008 (Timeout). */
  timeoutMs: number;
  /** Which messages count as a pong (and are kept from the app); default: any message answers, and is delivered. */
  isPong?: ((data: unknown) => boolean) | undefined;
}

/**
 * A heartbeat, as a plug-in: pings every `intervalMs` while open; a ping unanswered for
 * `timeoutMs` means a half-open link, which the browser would notice only at TCP timeout,
 * so the client closes it with 3008 and the policy retries. The first answer after an open
 * proves the link alive (the attempt counter resets then, not after `stableAfterMs`).
 * Functions it is given are guarded: a `message()` that throws skips one ping, an `isPong`
 * that throws leaves the message to the app; neither stops the schedule.
 *
 * @example
 * import { heartbeat } from 'react-lifeline/heartbeat';
 * useWebSocket(url, { plugins: [heartbeat({ message: 'ping', intervalMs: 25_000, timeoutMs: 10_000, isPong: (data) => data === 'pong' })] });
 */
export function heartbeat(options: HeartbeatOptions): Plugin<HeartbeatOptions> {
  return {
    name: 'heartbeat',
    options,
    error: process.env.NODE_ENV !== 'production' ? checkFields('invalid-option', 'heartbeat', options, 'message:t intervalMs:p timeoutMs:p isPong:f?') : null,
    setup,
  };
}

function setup(api: PluginApi<HeartbeatOptions>): PluginHooks {
  return heartbeatHooks(api);
}

/** A heartbeat's hooks, and what a plug-in that builds on it (`keepalive`) adds: a probe now, and a pause. */
export interface HeartbeatHooks extends PluginHooks {
  /** Pings now and waits `timeoutMs` for the answer, whatever was waited for before (it is forgotten). Nothing while not open. */
  probe(): void;
  /** Forgets the ping being waited for: the page is about to freeze, and frozen time is no one's fault. */
  pause(): void;
}

/**
 * @internal The heartbeat itself, for plug-ins built on it (`keepalive`): one definition of a ping and its pong.
 * `name` names the plug-in in the errors of the functions it was given.
 *
 * @example
 * const keepalive: Plugin<HeartbeatOptions> = { name: 'keepalive', setup: (api) => heartbeatHooks(api) };
 */
export function heartbeatHooks(api: PluginApi<HeartbeatOptions>, name = 'heartbeat'): HeartbeatHooks {
  const { timers } = api;
  let running = false;
  let answered = false;
  let ping: unknown;
  let pong: unknown;
  const clear = (timer: unknown) => timer !== undefined && timers.clearTimeout(timer);
  const pause = () => {
    clear(pong);
    pong = undefined;
  };
  const stop = () => {
    running = false;
    clear(ping);
    pause();
    ping = undefined;
  };
  // Only a ping that went out waits for its pong.
  const sendPing = () => {
    const { message, timeoutMs } = api.options();
    const text = typeof message === 'function' ? api.call(`${name}.message`, message) : message;
    if (text === undefined || !api.send(text) || pong !== undefined) return;
    const sentAt = timers.now();
    pong = timers.setTimeout(() => {
      pong = undefined;
      // Far later than asked: the page was frozen (or its clock throttled) meanwhile, and a frozen
      // page hears no pong. That time proves nothing: ask again, with a whole timeoutMs to answer.
      if (timers.now() - sentAt > timeoutMs + LATE_MS) return sendPing();
      stop();
      api.close(3008, 'Heartbeat timeout', new LifelineError('heartbeat-timeout', { got: timeoutMs }));
    }, timeoutMs);
  };
  const beat = () => {
    ping = timers.setTimeout(() => {
      sendPing();
      if (running) beat(); // the schedule goes on either way
    }, api.options().intervalMs);
  };
  return {
    open() {
      const { intervalMs, timeoutMs } = api.options();
      // Production builds skip the check: a value that cannot be right pings never, rather than in a flood.
      if (!(intervalMs > 0 && timeoutMs > 0)) return;
      stop();
      running = true;
      answered = false;
      beat();
      return 'prove';
    },
    message(data) {
      if (!running) return false;
      if (!answered) {
        answered = true;
        api.ready(); // an answer proves the link alive
      }
      const { isPong } = api.options();
      const isAPong = isPong ? api.call(`${name}.isPong`, isPong, data) : undefined;
      if (isAPong !== false) pause();
      return isAPong === true;
    },
    close: stop,
    dispose: stop,
    probe() {
      if (!running) return;
      pause();
      sendPing();
    },
    pause,
  };
}

/** How much later than asked a pong timeout may fire and still count: beyond it, the page's clock stood still. */
const LATE_MS = 1000;
