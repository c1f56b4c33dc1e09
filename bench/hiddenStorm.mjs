// The reconnect storm of section 4c of bench/run.mjs, also runnable alone (`npm run build &&
// node bench/hiddenStorm.mjs`): 10,000 tabs, 80 % of them hidden, lose their socket to a 1012
// at t = 0; the server takes connections again after 3 s. Simulated clock, seeded; the delays
// are the real policy's (`decideReconnect`, default policy), and a held retry follows
// `keepalive({ quietWhileHidden })`'s rule (src/plugins/keepalive/workerClock.ts): a retry that
// falls due while its tab is hidden waits until the tab shows, then runs after a uniform
// random wait in [0, returnJitterMs] (default 3000 ms).
//
// When users come back to hidden tabs is a model: 1,000 of the hidden tabs together at 20 s
// (a window brought back), the others at uniform times over 10 minutes.
import { fileURLToPath } from 'node:url';

export function hiddenStorm({ core, seededRandom, clients = 10_000, hiddenShare = 0.8, code = 1012, downMs = 3000, returnJitterMs = 3000, seed = 42 }) {
  const run = (quiet) => {
    const policy = core.resolvePolicy({});
    const random = seededRandom(seed);
    const attempts = [];
    const visibleBack = [];
    const hiddenCount = Math.round(clients * hiddenShare);
    for (let client = 0; client < clients; client += 1) {
      const hidden = client < hiddenCount;
      const shownAt = !hidden ? 0 : client < 1000 ? 20_000 : random() * 600_000;
      let t = 0;
      let closeCode = code;
      for (let attempt = 0; attempt < 100; attempt += 1) {
        const { delayMs } = core.decideReconnect({ code: closeCode, reason: '', wasClean: closeCode !== 1006, at: 0, initiator: closeCode === 1006 ? 'network' : 'server' }, attempt, policy, random);
        if (delayMs === null) break;
        t += delayMs;
        if (quiet && t < shownAt) t = shownAt + random() * returnJitterMs; // held until the tab shows
        attempts.push(t);
        if (t >= downMs) {
          if (!hidden) visibleBack.push(t);
          break;
        }
        closeCode = 1006;
      }
    }
    visibleBack.sort((a, b) => a - b);
    return {
      peak: peakPer100ms(attempts),
      firstMinute: attempts.filter((t) => t < 60_000).length,
      total: attempts.length,
      visibleP99: visibleBack[Math.ceil(visibleBack.length * 0.99) - 1],
    };
  };
  return { without: run(false), quiet: run(true) };
}

/** The most attempts in any 100 ms window (section 4 of bench/run.mjs counts its storms with it too). */
export function peakPer100ms(times) {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  for (let i = 0, j = 0; j < sorted.length; j += 1) {
    while (sorted[j] - sorted[i] >= 100) i += 1;
    peak = Math.max(peak, j - i + 1);
  }
  return peak;
}

export function hiddenStormRows(result) {
  const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const row = (label, r) => [label, String(r.peak), String(r.firstMinute), String(r.total), secs(r.visibleP99)];
  return [row('retries while hidden (default)', result.without), row('keepalive({ quietWhileHidden: true })', result.quiet)];
}
export const HIDDEN_STORM_HEADER = ['10,000 tabs, 80 % hidden, 1012 (server back after 3 s)', 'peak attempts per 100 ms', 'attempts in the first minute', 'attempts in all', '99 % of visible tabs back'];

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const core = await import('react-lifeline/core');
  const { seededRandom } = await import('react-lifeline/testing');
  const rows = hiddenStormRows(hiddenStorm({ core, seededRandom }));
  console.log(`| ${HIDDEN_STORM_HEADER.join(' | ')} |\n|${HIDDEN_STORM_HEADER.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}
