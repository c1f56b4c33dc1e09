import type { ReconnectPolicy } from './types';

/** The built-in reconnect policy; every layer merges over it. */
export const DEFAULT_POLICY: ReconnectPolicy = /* @__PURE__ */ Object.freeze({
  maxAttempts: Infinity,
  initialDelayMs: 1000,
  maxDelayMs: 30_000,
  factor: 2,
  jitter: 'full',
  stableAfterMs: 5000,
  // The registry says `delayed` for these two; the windows come from CLOSE_CODES.md.
  codes: Object.freeze({
    1012: Object.freeze({ delayMs: Object.freeze([5000, 30_000] as const) }),
    1013: Object.freeze({ delayMs: Object.freeze([10_000, 60_000] as const) }),
  }),
  pauseWhileOffline: true,
  reconnectOnOnline: true,
});
