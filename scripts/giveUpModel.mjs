// The outage model behind scripts/simulateGiveUp.mjs, pure and shared with
// test/core/simulateGiveUp.test.ts. No imports: the caller hands in the decision function
// (react-lifeline's own decideReconnect, wrapped by lifelineDecide, or graphql-ws's rule)
// and a seeded random source, so the same code runs against dist/ in the script and
// against src/ in vitest.
//
// Model: the socket closes with `code` at t = 0 and the server stays unreachable until
// t = outage. The client asks decide(code, 0, random) for a wait; null means it stops.
// Otherwise it retries at t += wait. A retry at t >= outage succeeds; a retry at t < outage
// fails at once (the handshake is refused, which browsers report as 1006), and the client
// asks decide(retryCode, attempt, random) with attempt = retries made so far. The client
// gives up during the outage when decide returns null before any retry reached t >= outage.
//
// The retry schedule does not depend on the outage (every retry fails until one succeeds),
// so one run of an outage that never ends yields the give-up time T, and a finite outage D
// is given up on exactly when T < D. Every outage length is read off the same N runs.

/** @typedef {(code: number, attempt: number, random: () => number) => number | null} Decide */

/**
 * When one client gives up on an outage that never ends, in ms; Infinity if it is still
 * retrying at `horizonMs` (its next retry is scheduled at or after the horizon, so it
 * outlasts every outage up to the horizon).
 */
export function giveUpTime(decide, random, { code = 1006, retryCode = 1006, horizonMs = Infinity, maxSteps = 100_000 } = {}) {
  let t = 0;
  for (let attempt = 0; attempt <= maxSteps; attempt++) {
    const wait = decide(attempt === 0 ? code : retryCode, attempt, random);
    if (wait === null) return t;
    if (!(wait >= 0)) throw new Error(`decide returned ${wait} at attempt ${attempt}: expected a delay in ms or null`);
    t += wait;
    if (t >= horizonMs) return Infinity;
  }
  throw new Error(`still retrying after ${maxSteps} retries at t = ${t} ms: set a finite horizonMs`);
}

/** The q-quantile (0..1) of ascending values, nearest-rank. */
export function quantile(sorted, q) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Runs `runs` seeded clients through the model. Returns P(give up) for each outage in
 * `outagesMs` (same order), and the give-up time over all runs when the outage never ends.
 */
export function simulateGiveUp({ decide, random, runs, outagesMs, code = 1006, retryCode = 1006, horizonMs = Infinity, maxSteps }) {
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`runs must be a positive integer, got ${runs}`);
  const times = new Float64Array(runs);
  let stoppedAtOnce = 0;
  for (let i = 0; i < runs; i++) {
    times[i] = giveUpTime(decide, random, { code, retryCode, horizonMs, maxSteps });
    if (times[i] === 0) stoppedAtOnce++;
  }
  times.sort();
  // Count of runs with T < D, by binary search in the sorted times.
  const givenUpBefore = (outage) => {
    let lo = 0;
    let hi = runs;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid] < outage) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  return {
    runs,
    pGiveUp: outagesMs.map((outage) => givenUpBefore(outage) / runs),
    giveUpMs: { min: times[0], p10: quantile(times, 0.1), median: quantile(times, 0.5), max: times[runs - 1] },
    /** Runs whose first decision was already null: the policy does not retry `code` at all. */
    stoppedAtOnce,
    /** Every run's give-up time, ascending. */
    times,
  };
}

/**
 * react-lifeline's own decision: `decideReconnect(close, attempt, policy, random).delayMs`,
 * with the close described as the connection describes it (createConnection's `closed`).
 * Pass the library's functions in, from dist/ or src/.
 */
export function lifelineDecide({ decideReconnect, describeCloseCode }, policy) {
  const closes = new Map();
  const closeFor = (code) => {
    let close = closes.get(code);
    if (!close) {
      const abnormal = code === 1006;
      close = { code, reason: '', wasClean: !abnormal, at: 0, initiator: abnormal ? 'network' : 'server', meaning: describeCloseCode(code) };
      closes.set(code, close);
    }
    return close;
  };
  return (code, attempt, random) => decideReconnect(closeFor(code), attempt, policy, random).delayMs;
}

// graphql-ws 6.4.2, node_modules/graphql-ws/dist/client.js:
//   lines 14-25   `retryAttempts = 5`; `retryWait(retries)` waits
//                 `Math.pow(2, retries) * 1e3 + Math.floor(Math.random() * (3e3 - 300) + 300)` ms;
//                 `shouldRetry = isLikeCloseEvent`.
//   lines 123-134 `retries` starts at 0; before each reconnect `await retryWait(retries)`,
//                 then `retries++`. So the waits are 2^0..2^4 s + [300, 2999] ms.
//   line 238      `retries = 0` only on `connection_ack`.
//   lines 292-313 shouldRetryConnectOrThrow: fatal close codes throw (isFatalInternalCloseCode,
//                 lines 487-506: every 1xxx but 1000/1001/1005/1006/1012/1013/1014; and
//                 4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429); `retries >= retryAttempts`
//                 throws (gives up); `!shouldRetry(err)` throws; otherwise retry.
//   lines 108-121 errorOrClosed: an `error` event wins over the `close` event that follows.
// So 5 retries, give-up time = sum of the 5 waits, within [32.5 s, 45.995 s].
//
// Caveat (`errorEventsFatal`): a refused handshake fires `error` and then `close` (1006) in
// browsers and in `ws`; graphql-ws rejects with the error Event, which is not
// isLikeCloseEvent, so the default `shouldRetry` makes it fatal: by default the client
// stops after its first failed reconnect (enisdenjo/graphql-ws#354). The comparison row uses
// the retryWait formula with every failed retry retried (as with `shouldRetry: () => true`);
// errorEventsFatal: true models the defaults literally.
const GRAPHQL_WS_FATAL = new Set([4500, 4005, 4400, 4004, 4401, 4406, 4409, 4429]);
const graphqlWsFatalInternal = (code) => ![1000, 1001, 1006, 1005, 1012, 1013, 1014].includes(code) && code >= 1000 && code <= 1999;

/** graphql-ws's client retry rule as a Decide function. */
export function graphqlWsClientDecide({ retryAttempts = 5, errorEventsFatal = false } = {}) {
  return (code, attempt, random) => {
    if (attempt === 0 && code === 1000) {
      // shouldRetryConnectOrThrow returns `locks > 0` for 1000 without `retrying = true`:
      // it reconnects at once, without retryWait and without counting a retry.
      throw new Error('graphql-ws reconnects at once (no retryWait) after 1000; not modelled');
    }
    if (graphqlWsFatalInternal(code) || GRAPHQL_WS_FATAL.has(code)) return null;
    if (attempt > 0 && errorEventsFatal) return null; // the failed retry surfaced as an error Event
    if (attempt >= retryAttempts) return null;
    return 2 ** attempt * 1000 + Math.floor(random() * (3000 - 300) + 300);
  };
}
