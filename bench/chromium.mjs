// `npm run build && node bench/chromium.mjs`: throughput into onMessage in real Chromium
// (Debian's /usr/bin/chromium, launched by Playwright). Prints a Markdown section to stdout.
// Loopback only: one HTTP + `ws` server on 127.0.0.1 (ephemeral port), started here.
//
// Contenders, in one page and one run, rounds interleaved (raw, ours, RUW, raw, ...):
//   raw   a plain `WebSocket` whose onmessage counts
//   ours  react-lifeline's `useWebSocket(url, { onMessage })` (dist/index.js, the build)
//   ruw   react-use-websocket 4.13's `useWebSocket(url, { onMessage })`
// Each receives 100,000 small text messages ('m1'..'m100000'); the page times from the first
// to the last message received.
//
// Avoiding Playwright's network instrumentation: every page Playwright attaches to gets
// `Network.enable`, and Chromium then reports each WebSocket frame to it, which cuts message
// rates 2-3x (0.4-0.55x here). So the measuring page is not a Playwright page. Playwright only launches the
// browser; a raw browser-level CDP session then creates the page with `Target.createTarget`
// and no `browserContextId`, i.e. in Chromium's default browser context. A browser from
// `chromium.launch()` has no Playwright context for the default browser context, so
// Playwright's auto-attach detaches from that target at once (see `_onAttachedToTarget` in
// playwright-core's CRBrowser) and never enables any domain on it. The page runs all rounds
// by itself and POSTs its results to this script's HTTP server. As a check, the script also
// runs a few raw rounds in an ordinary (instrumented) Playwright page and prints that rate
// below the table: it should be clearly lower than the raw rate above. (Checked once by hand
// too: the raw rate in such a default-context target matched a Chromium started with
// child_process and no DevTools at all, ~33k msg/s on 2 cores, against ~16k in a Playwright page.)
//
// The `ws` server does the handshake and the closing handshake; the 100,000 frames themselves
// are built once and written to the TCP socket in one write, so the server is never the
// bottleneck (ws.send() in a loop gave the same rates, the client is the bottleneck either way).
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const started = Date.now();
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  // Lets the page collect garbage between runs, so no run pays for the previous one's garbage.
  '--js-flags=--expose-gc',
];
const COUNT = 100_000;
const ROUNDS = 7; // fewer (not under MIN_ROUNDS) if the rounds run past BUDGET_MS, e.g. on a loaded machine
const MIN_ROUNDS = 5;
const BUDGET_MS = 90_000;
const WARMUP_COUNT = 20_000;
const CHECK_ROUNDS = 3;
const CHECK_COUNT = 50_000;
const KINDS = ['raw', 'ours', 'ruw'];
const fail = (message) => {
  console.error(`bench/chromium.mjs: ${message}`);
  process.exit(1);
};

// Chromium may still be installing (apt): wait for it, checking every 10 s, up to 10 minutes.
const waitSeconds = Number(process.env.CHROMIUM_WAIT_SECONDS ?? 600);
let installing = false;
for (let waited = 0; !existsSync(CHROMIUM); waited += 10) {
  installing = true;
  if (waited >= waitSeconds) {
    fail(`${CHROMIUM} not found after waiting ${waitSeconds} s. Install it with \`apt-get install -y chromium\`.`);
  }
  console.error(`waiting for ${CHROMIUM} (apt may still be installing it)…`);
  await new Promise((resolve) => setTimeout(resolve, 10_000));
}
if (!existsSync(join(root, 'dist/index.js'))) fail('dist/index.js is missing: run `npm run build` first.');

// The page: React, react-lifeline's build and react-use-websocket, bundled for production.
const pageSource = `
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { useWebSocket as useLifeline } from ${JSON.stringify(join(root, 'dist/index.js'))};
import useRuw from 'react-use-websocket';

const params = new URLSearchParams(location.search);
const WS = params.get('ws');
const post = (path, body) => fetch(path, { method: 'POST', body: JSON.stringify(body) });
addEventListener('error', (event) => post('/error', { message: String(event.message) }));
addEventListener('unhandledrejection', (event) => post('/error', { message: String(event.reason?.stack ?? event.reason) }));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
let serial = 0;
let renders = 0;

// Resolves with { rate } (msg/s from the first to the last message) and, for a hook, how often its
// component rendered until then, once the contender has let go of its socket.
function run(kind, count) {
  renders = 0;
  return new Promise((resolve, reject) => {
    const url = WS + '/?count=' + count + '&kind=' + kind + '&n=' + (serial += 1);
    let received = 0;
    let first = 0;
    let cleanup = () => {};
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(kind + ': ' + received + ' of ' + count + ' messages after 60 s'));
    }, 60_000);
    // The same counter for every contender.
    const onMessage = () => {
      received += 1;
      if (received === 1) first = performance.now();
      else if (received === count) {
        const last = performance.now();
        clearTimeout(timer);
        setTimeout(() => {
          const rendered = renders;
          cleanup();
          resolve({ rate: ((count - 1) * 1000) / (last - first), renders: kind === 'raw' ? null : rendered });
        }, 0);
      }
    };
    // The server starts sending on the client's first message, sent on open: by then the contender is subscribed.
    const onOpen = (event) => event.target.send('go');
    if (kind === 'raw') {
      const socket = new WebSocket(url);
      socket.onopen = onOpen;
      socket.onmessage = onMessage;
      cleanup = () => socket.close();
      return;
    }
    const useHook = kind === 'ours' ? useLifeline : useRuw;
    function Reader() {
      useHook(url, { onMessage, onOpen });
      renders += 1;
      return null;
    }
    const reactRoot = createRoot(document.getElementById('root'));
    reactRoot.render(h(Reader));
    cleanup = () => reactRoot.unmount();
  });
}

async function settle() {
  await pause(50);
  globalThis.gc?.();
  await pause(20);
}

async function main() {
  const kinds = params.get('kinds').split(',');
  const rounds = Number(params.get('rounds'));
  const minRounds = Number(params.get('minRounds'));
  const budget = Number(params.get('budget'));
  const count = Number(params.get('count'));
  const warmup = Number(params.get('warmup'));
  const start = performance.now();
  const runs = Object.fromEntries(kinds.map((kind) => [kind, []]));
  // One warm-up of each (JIT, React internals), then the rounds interleaved so that
  // machine noise falls on all contenders alike.
  if (warmup > 0) {
    for (const kind of kinds) {
      await run(kind, warmup);
      await settle();
    }
  }
  for (let round = 0; round < rounds; round += 1) {
    if (round >= minRounds && performance.now() - start > budget) break;
    for (const kind of kinds) {
      runs[kind].push(await run(kind, count));
      await settle();
    }
  }
  await post('/result', { runs, userAgent: navigator.userAgent });
}
main().catch((error) => post('/error', { message: String(error?.stack ?? error) }));
`;
const bundle = await build({
  stdin: { contents: pageSource, resolveDir: root, sourcefile: 'chromium-bench-page.js', loader: 'js' },
  bundle: true,
  minify: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  write: false,
  define: { 'process.env.NODE_ENV': '"production"' },
  logLevel: 'silent',
});
const pageScript = bundle.outputFiles[0].text;

// The stream the server sends: 'm1'..'mN' as unmasked text frames, built once and written to the
// TCP socket in one go, so the Node side costs nearly nothing and the client is the bottleneck.
const streams = new Map();
const streamOf = (count) => {
  if (!streams.has(count)) {
    const frames = [];
    for (let i = 1; i <= count; i += 1) {
      const payload = Buffer.from(`m${i}`);
      frames.push(Buffer.from([0x81, payload.length]), payload); // FIN + text, length < 126
    }
    streams.set(count, Buffer.concat(frames));
  }
  return streams.get(count);
};

// Results arrive by POST; `waiting` is the page run in progress.
let waiting = null;
const server = createServer((request, response) => {
  const url = new URL(request.url, 'http://127.0.0.1');
  if (request.method === 'POST') {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      response.end('ok');
      const data = JSON.parse(body);
      if (url.pathname === '/result') waiting?.resolve(data);
      else waiting?.reject(new Error(`page: ${data.message}`));
    });
    return;
  }
  if (url.pathname === '/bench.js') {
    response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
    response.end(pageScript);
    return;
  }
  if (url.pathname === '/') {
    response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
    response.end('<!doctype html><meta charset="utf-8"><title>bench</title><div id="root"></div><script src="/bench.js"></script>');
    return;
  }
  response.writeHead(404).end();
});
const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (request, tcp, head) => {
  wss.handleUpgrade(request, tcp, head, (socket) => {
    const count = Number(new URL(request.url, 'http://x').searchParams.get('count') ?? 0);
    // Start when asked. `ws` sends nothing else on this socket meanwhile, so the frames stay whole.
    socket.once('message', () => tcp.write(streamOf(count)));
    socket.on('error', () => {});
  });
});
server.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
const pageUrl = ({ kinds, rounds, minRounds = rounds, budget = 0, count, warmup }) =>
  `${origin}/?${new URLSearchParams({ ws: origin.replace('http', 'ws'), kinds: kinds.join(','), rounds, minRounds, budget, count, warmup })}`;
const awaitResult = (ms) =>
  new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no result from the page within ${ms / 1000} s`)), ms);
    waiting = {
      resolve: (data) => (clearTimeout(timer), resolve(data)),
      reject: (error) => (clearTimeout(timer), reject(error)),
    };
  });

let browser = null;
const cleanup = async () => {
  await browser?.close().catch(() => {});
  for (const client of wss.clients) client.terminate();
  wss.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
};

let result;
let check;
try {
  // An install that just finished may still be unpacking libraries: then retry for a minute.
  for (let tries = installing ? 6 : 0; ; tries -= 1) {
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
      break;
    } catch (error) {
      if (tries <= 0) throw new Error(`Chromium at ${CHROMIUM} does not start: ${error.message.split('\n')[0]}`);
      console.error('Chromium did not start; retrying in 10 s…');
      await new Promise((resolve) => setTimeout(resolve, 10_000));
    }
  }

  // The measurement: a target in the default browser context, which Playwright does not attach to.
  const cdp = await browser.newBrowserCDPSession();
  const pending = awaitResult(170_000);
  const url = pageUrl({ kinds: KINDS, rounds: ROUNDS, minRounds: MIN_ROUNDS, budget: BUDGET_MS, count: COUNT, warmup: WARMUP_COUNT });
  const { targetId } = await cdp.send('Target.createTarget', { url });
  result = await pending;
  await cdp.send('Target.closeTarget', { targetId }).catch(() => {});

  // The check: a few raw rounds in a page Playwright attaches to (network monitoring on).
  const page = await browser.newPage();
  const checked = awaitResult(60_000);
  await page.goto(pageUrl({ kinds: ['raw'], rounds: CHECK_ROUNDS, count: CHECK_COUNT, warmup: WARMUP_COUNT }));
  check = await checked;
} catch (error) {
  await cleanup();
  fail(error.message);
}
const version = browser.version();
await cleanup();

// Report ----------------------------------------------------------------------------------
const median = (values) => {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const rate = (value) => Math.round(value).toLocaleString('en');
const times = (value) => `${value.toFixed(2)}×`;
const runs = Object.fromEntries(Object.entries(result.runs).map(([kind, list]) => [kind, list.map((run) => run.rate)]));
const renders = (kind) => (kind === 'raw' ? '–' : median(result.runs[kind].map((run) => run.renders)).toLocaleString('en'));
// BENCH_VERBOSE=1 shows every run on stderr (stdout stays the Markdown section).
if (process.env.BENCH_VERBOSE) {
  for (const kind of KINDS) console.error(kind.padEnd(5), runs[kind].map(rate).join('  '));
  console.error('check', check.runs.raw.map((run) => rate(run.rate)).join('  '));
}
const rounds = runs.raw.length;
const stats = Object.fromEntries(
  KINDS.map((kind) => {
    const values = runs[kind];
    // Each round's rate over the same round's raw rate: the pairing removes slow drifts of the machine.
    const paired = values.map((value, round) => value / runs.raw[round]);
    return [kind, { median: median(values), min: Math.min(...values), max: Math.max(...values), pairedMin: Math.min(...paired), pairedMax: Math.max(...paired) }];
  }),
);
const pkg = (name) => JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).version;
const own = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
const labels = {
  raw: 'raw `WebSocket` (onmessage counter)',
  ours: `react-lifeline ${own} \`useWebSocket(url, { onMessage })\``,
  ruw: `react-use-websocket ${pkg('react-use-websocket')} \`useWebSocket(url, { onMessage })\``,
};
const lines = [];
const out = (line = '') => lines.push(line);
out('## 6. Throughput into onMessage in Chromium');
out();
out(
  `Chromium ${version} (headless, Debian), ${cpus()[0]?.model?.trim() ?? 'unknown CPU'} × ${cpus().length}, React ${pkg('react')} production build. ` +
    `${COUNT.toLocaleString('en')} small text messages ('m1'..'m${COUNT}') per run from a \`ws\` server on 127.0.0.1; ` +
    `rate = messages after the first ÷ time from the first to the last, taken in the page. One warm-up run each, then ${rounds} interleaved rounds (raw, ours, RUW, …). ` +
    'The page runs in a target Playwright does not attach to (no network instrumentation) and posts its results back. ' +
    'Renders per run: how often the reading component rendered during one run (median), the component reads nothing from the hook.',
);
out();
out('| contender | median msg/s | spread (min – max) msg/s | median ÷ raw median | ÷ raw, same round (min – max) | renders per run |');
out('|---|---|---|---|---|---|');
for (const kind of KINDS) {
  const s = stats[kind];
  const ratio = kind === 'raw' ? '1.00×' : times(s.median / stats.raw.median);
  const paired = kind === 'raw' ? '–' : `${times(s.pairedMin)} – ${times(s.pairedMax)}`;
  out(`| ${labels[kind]} | ${rate(s.median)} | ${rate(s.min)} – ${rate(s.max)} | ${ratio} | ${paired} | ${renders(kind)} |`);
}
out();
out(
  `**Noise:** on ${cpus().length} cores, differences under about 0.2× are noise: read the spreads, compare ratios rather than absolute rates, and only within one mode.`,
);
const near = ['ours', 'ruw'].filter((kind) => Math.abs(stats[kind].median / stats.raw.median - 1) < 0.2);
if (near.length === 2) out('Here both hooks are within 0.2× of raw: in this browser the cost of delivering each frame, not the hook, sets the rate.');
else if (near.length === 1) out(`Here only ${near[0] === 'ours' ? 'react-lifeline' : 'react-use-websocket'} is within 0.2× of raw.`);
const unsteady = KINDS.filter((kind) => stats[kind].max / stats[kind].min > 1.5);
if (unsteady.length > 0) {
  const names = unsteady.map((kind) => ({ raw: 'raw', ours: 'react-lifeline', ruw: 'react-use-websocket' })[kind]).join(', ');
  out(`Unsteady: ${names} varied more than 1.5× between rounds, so ${unsteady.length > 1 ? 'their medians move' : 'its median moves'} from one run of this script to the next; read the spread.`);
}
const checkMedian = median(check.runs.raw.map((run) => run.rate));
out(
  `Check: raw in a page Playwright attaches to (network monitoring on; median of ${CHECK_ROUNDS} runs of ${CHECK_COUNT.toLocaleString('en')}): ` +
    `${rate(checkMedian)} msg/s, ${times(checkMedian / stats.raw.median)} the raw rate above.`,
);
out();
out(`Finished in ${Math.round((Date.now() - started) / 1000)} s.`);
console.log(lines.join('\n'));
// BENCH_JSON=file: the figures as JSON too, for bench/run.mjs, which runs this script several times.
if (process.env.BENCH_JSON) {
  writeFileSync(
    process.env.BENCH_JSON,
    JSON.stringify({ version, rounds, stats, renders: Object.fromEntries(KINDS.map((kind) => [kind, renders(kind)])), checkRatio: checkMedian / stats.raw.median }),
  );
}
process.exit(0);
