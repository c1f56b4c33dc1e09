import type { HeartbeatOptions, Timers } from './types';

export interface Heartbeat {
  /** Starts pinging an open socket; `onTimeout` runs once if a ping goes unanswered. */
  start(send: (message: string) => void, onTimeout: () => void): void;
  /** A message arrived: a pong if `isPong` says so (any message, without `isPong`). True when it is a pong to keep from the app. */
  received(data: unknown): boolean;
  /** Clears every timer. */
  stop(): void;
}

/**
 * One ping schedule for one socket: send `message` every `intervalMs`; if no pong arrives
 * within `timeoutMs` of a ping, report a timeout. Detects half-open connections that the
 * browser would only notice at TCP timeout.
 */
export function createHeartbeat(options: HeartbeatOptions, timers: Timers): Heartbeat {
  let pingTimer: unknown = null;
  let pongTimer: unknown = null;
  let running = false;
  const clear = () => {
    if (pingTimer !== null) timers.clearTimeout(pingTimer);
    if (pongTimer !== null) timers.clearTimeout(pongTimer);
    pingTimer = pongTimer = null;
  };
  return {
    start(send, onTimeout) {
      clear();
      running = true;
      const schedulePing = () => {
        pingTimer = timers.setTimeout(() => {
          pingTimer = null;
          if (!running) return;
          send(typeof options.message === 'function' ? options.message() : options.message);
          if (pongTimer === null) {
            pongTimer = timers.setTimeout(() => {
              pongTimer = null;
              if (!running) return;
              running = false;
              clear();
              onTimeout();
            }, options.timeoutMs);
          }
          schedulePing();
        }, options.intervalMs);
      };
      schedulePing();
    },
    received(data) {
      const pong = options.isPong?.(data);
      if (pongTimer !== null && pong !== false) {
        timers.clearTimeout(pongTimer);
        pongTimer = null;
      }
      return !!pong;
    },
    stop() {
      running = false;
      clear();
    },
  };
}
