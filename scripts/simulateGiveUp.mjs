// How patient is a reconnect policy? Simulates server outages against react-lifeline's own
// decideReconnect (from the built dist/) and against graphql-ws's client retry rule, and
// prints a Markdown table.
//
//   npm run build && node scripts/simulateGiveUp.mjs
//   node scripts/simulateGiveUp.mjs --runs 100000 --seed 42 --code 1006 --outages 5,10,20,30,60
//   node scripts/simulateGiveUp.mjs --policy '{"jitter":"equal","initialDelayMs":2500}'   (repeatable)
//
// Model (the pure code is scripts/giveUpModel.mjs, shared with test/core/simulateGiveUp.test.ts):
// - A server outage of D seconds starts at t = 0, when the socket closes with --code (default
//   1006; any code the policy retries).
// - The client waits the delay its policy gives for (code, attempt) and retries. A retry made
//   at t < D fails at once: the handshake is refused, which browsers report as 1006, so the
//   next decision sees --retry-code (default 1006) with attempt + 1. A retry at t >= D succeeds.
// - The client gives up during the outage if its policy stops retrying (react-lifeline:
//   decideReconnect returns giveUp, maxAttempts reached) before any retry reached t >= D.
// - The retry schedule is the same whatever D is (every retry fails until one succeeds), so each
//   of the N seeded runs simulates an outage that never ends and yields T, the time the client
//   gives up; it gives up during an outage of D exactly when T < D. P(give up) for every D, and
//   the median and 10th percentile of T, come from the same N runs.
// - Each row draws from its own seededRandom(--seed) (src/testing/seededRandom.ts), so the
//   output is the same for the same seed and flags.
//
// Rows: react-lifeline's graphqlWsPolicy as it is; the default policy with maxAttempts 5;
// graphql-ws's client (its randomisedExponentialBackoff retryWait, 5 retries; see the cited lines
// of node_modules/graphql-ws/dist/client.js in giveUpModel.mjs), once with every failed retry
// retried and once with its default shouldRetry, which treats the error Event of a refused
// handshake as fatal; then graphqlWsPolicy with each --policy override merged over it.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { graphqlWsClientDecide, lifelineDecide, simulateGiveUp } from './giveUpModel.mjs';

const started = performance.now();
const fail = (message) => {
  console.error(`simulateGiveUp: ${message}`);
  process.exit(1);
};

let values;
try {
  ({ values } = parseArgs({
    options: {
      runs: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '42' },
      code: { type: 'string', default: '1006' },
      'retry-code': { type: 'string', default: '1006' },
      outages: { type: 'string', default: '5,10,20,30,60' },
      horizon: { type: 'string', default: '3600' },
      policy: { type: 'string', multiple: true, default: [] },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(error.message);
}
if (values.help) {
  console.log(`node scripts/simulateGiveUp.mjs [--runs N] [--seed S] [--code C] [--retry-code C] [--outages 5,10,20,30,60] [--horizon seconds] [--policy JSON]...
  --policy   a ReconnectPolicyOptions object merged over graphqlWsPolicy (repeatable; "Infinity" is read as Infinity)
  --horizon  runs still retrying at this time (s) count as never giving up (default 3600)`);
  process.exit(0);
}
const integer = (name, min) => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < min) fail(`--${name} must be an integer >= ${min}, got ${values[name]}`);
  return n;
};
const runs = integer('runs', 1);
const seed = integer('seed', 0);
const code = integer('code', 0);
const retryCode = integer('retry-code', 0);
const outagesS = values.outages.split(',').map(Number);
if (!outagesS.length || outagesS.some((d) => !(d >= 0))) fail(`--outages must be a comma-separated list of seconds, got ${values.outages}`);
const outagesMs = outagesS.map((d) => d * 1000);
const horizonS = Number(values.horizon);
if (!(horizonS > 0)) fail(`--horizon must be a positive number of seconds, got ${values.horizon}`);
const horizonMs = Math.max(horizonS * 1000, ...outagesMs);

// --- the library, built -------------------------------------------------------------------------
const root = new URL('../', import.meta.url);
const distCore = new URL('dist/core/index.js', root);
const distTesting = new URL('dist/testing/index.js', root);
if (!existsSync(distCore) || !existsSync(distTesting)) {
  fail('dist/core/index.js or dist/testing/index.js is missing: run `npm run build` first (this script uses the built library).');
}
const newest = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .reduce((latest, entry) => Math.max(latest, statSync(`${entry.parentPath ?? entry.path}/${entry.name}`).mtimeMs), 0);
const srcDir = (path) => new URL(path, root).pathname;
if (Math.max(newest(srcDir('src/core')), newest(srcDir('src/testing'))) > Math.min(statSync(distCore).mtimeMs, statSync(distTesting).mtimeMs)) {
  console.error('simulateGiveUp: warning: src/core or src/testing is newer than dist/; run `npm run build` to simulate the current sources.\n');
}
const core = await import(distCore.href);
const presets = await import(new URL('dist/presets/index.js', root).href);
const { seededRandom } = await import(distTesting.href);

// --- rows ---------------------------------------------------------------------------------------
const resolve = (label, ...layers) => {
  try {
    return core.resolvePolicy(...layers);
  } catch (error) {
    fail(`${label}: ${error.message}`);
  }
};
const rows = [
  { name: '`graphqlWsPolicy` (react-lifeline, as is)', decide: lifelineDecide(core, resolve('graphqlWsPolicy', presets.graphqlWsPolicy)) },
  { name: 'default policy, `maxAttempts: 5`', decide: lifelineDecide(core, resolve('default', { maxAttempts: 5 })) },
  { name: 'graphql-ws client: retryWait, 5 retries', decide: graphqlWsClientDecide(), reference: true },
  { name: 'graphql-ws client, default `shouldRetry` (failed retry fatal)', decide: graphqlWsClientDecide({ errorEventsFatal: true }) },
];
for (const json of values.policy) {
  let override;
  try {
    override = JSON.parse(json, (_key, value) => (value === 'Infinity' ? Infinity : value));
  } catch (error) {
    fail(`--policy ${json}: not JSON (${error.message})`);
  }
  if (typeof override !== 'object' || override === null || Array.isArray(override)) fail(`--policy ${json}: expected an object`);
  rows.push({ name: `\`graphqlWsPolicy\` + \`${json.trim()}\``, decide: lifelineDecide(core, resolve(`--policy ${json}`, presets.graphqlWsPolicy, override)), candidate: true });
}

for (const row of rows) {
  const t0 = performance.now();
  try {
    row.result = simulateGiveUp({ decide: row.decide, random: seededRandom(seed), runs, outagesMs, code, retryCode, horizonMs });
  } catch (error) {
    row.error = error.message;
  }
  row.ms = performance.now() - t0;
}

// --- table --------------------------------------------------------------------------------------
const percent = (p) => (p === 0 ? '0%' : p === 1 ? '100%' : p < 0.0001 ? '<0.01%' : `${(p * 100).toFixed(2)}%`);
const seconds = (ms) => (ms === Infinity ? `> ${horizonMs / 1000} s` : `${(ms / 1000).toFixed(1)} s`);
const cells = (row) => {
  if (row.error) return [row.name, ...outagesMs.map(() => 'n/a'), 'n/a', 'n/a'];
  const { pGiveUp, giveUpMs, stoppedAtOnce } = row.result;
  const name = stoppedAtOnce === runs ? `${row.name} (does not retry ${code})` : row.name;
  return [name, ...pGiveUp.map(percent), seconds(giveUpMs.median), seconds(giveUpMs.p10)];
};
const header = ['policy', ...outagesS.map((d) => `${d} s`), 'median T', 'p10 T'];
const lines = [
  `P(give up during a server outage of D), close code ${code}, failed retries ${retryCode}; T = time until giving up when the outage never ends.`,
  '',
  `| ${header.join(' | ')} |`,
  `|${header.map((_, i) => (i ? '---:' : '---')).join('|')}|`,
  ...rows.map((row) => `| ${cells(row).join(' | ')} |`),
  '',
];
for (const row of rows.filter((r) => r.error)) lines.push(`- ${row.name}: ${row.error}`);

// A candidate is at least as patient as graphql-ws's client overall if its k-th shortest T is no
// shorter than the client's k-th shortest, for every k (the same N runs each): then it gives up
// no more often for any outage length, not only the D in the table.
const reference = rows.find((r) => r.reference)?.result;
for (const row of rows.filter((r) => r.candidate && r.result && reference)) {
  const { pGiveUp, giveUpMs, times } = row.result;
  const atMost = pGiveUp.every((p, i) => p <= reference.pGiveUp[i]);
  const dominates = times.every((t, k) => t >= reference.times[k]);
  const twenty = outagesS.indexOf(20);
  const verdict = [
    `P(give up) <= graphql-ws client at every D in the table: ${atMost ? 'yes' : 'no'}`,
    `every quantile of T >= graphql-ws client's: ${dominates ? 'yes' : 'no'}`,
    `shortest T ${seconds(giveUpMs.min)} (graphql-ws client ${seconds(reference.giveUpMs.min)})`,
  ];
  if (twenty >= 0) verdict.push(`20 s outage <= 1%: ${pGiveUp[twenty] <= 0.01 ? 'yes' : 'no'}`);
  lines.push(`- ${row.name}: ${verdict.join('; ')}.`);
}
const elapsed = ((performance.now() - started) / 1000).toFixed(2);
if (lines.at(-1) !== '') lines.push('');
lines.push(
  `_${runs.toLocaleString('en-US')} runs per policy (every D read off the same runs), seed ${seed}, ${rows.length} policies, ${elapsed} s on Node ${process.version}._`,
);
console.log(lines.join('\n'));
