import type { Timers } from './types';

/** The real clock. Globals are read at call time, so test fake timers apply. */
export const defaultTimers: Timers = /* @__PURE__ */ Object.freeze({
  setTimeout: (callback: () => void, ms: number): unknown => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle: unknown): void => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => Date.now(),
});
