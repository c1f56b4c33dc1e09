// `npm run bench`: react-lifeline against react-use-websocket 4.13 and partysocket 1.3, in one
// run on this machine. Prints every section and writes bench/results.md. Loopback only.
// Sizes are the build's (dist/, so `npm run build` first), the peers' the same way; the
// per-module table is built from src/. Section 6 runs bench/chromium.mjs CHROMIUM_RUNS times
// (default 3). Figures and ratios only: nothing here asserts a time.
import { build } from 'esbuild';
import { JSDOM } from 'jsdom';
import { cpus, loadavg } from 'node:os';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { WebSocket as NodeWebSocket, WebSocketServer } from 'ws';
import { peakPer100ms } from './hiddenStorm.mjs';

const started = performance.now();
const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const versionOf = (name) => JSON.parse(readFileSync(join(repo, 'node_modules', name, 'package.json'), 'utf8')).version;
const own = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).version;
const lines = [];
const out = (line = '') => {
  console.log(line);
  lines.push(line);
};
const ratio = (ours, theirs) => (theirs ? `${(ours / theirs).toFixed(2)}×` : '–');
const table = (header, rows) => {
  out(`| ${header.join(' | ')} |`);
  out(`|${header.map(() => '---').join('|')}|`);
  for (const row of rows) out(`| ${row.join(' | ')} |`);
  out();
};

// A DOM for React, with `ws` as the WebSocket of every contender.
const dom = new JSDOM('<!doctype html><html><body></body></html>', { url: 'http://127.0.0.1/' });
Object.assign(globalThis, { window: dom.window, document: dom.window.document, IS_REACT_ACT_ENVIRONMENT: false });
Object.defineProperty(globalThis, 'navigator', { value: dom.window.navigator, configurable: true });
globalThis.WebSocket = NodeWebSocket;
dom.window.WebSocket = NodeWebSocket;

const React = await import('react');
const { createRoot } = await import('react-dom/client');
const { flushSync } = await import('react-dom');
const lifeline = await import('react-lifeline');
const core = await import('react-lifeline/core');
const { seededRandom, createFakeServer, createFakeBrowser } = await import('react-lifeline/testing');
const { crossTab } = await import('react-lifeline/tabs');
const ruwModule = await import('react-use-websocket');
const useRuw = ruwModule.default.default ?? ruwModule.default;
const h = React.createElement;

// ---------------------------------------------------------------------------------------
out(`# react-lifeline benchmarks`);
out();
out(`${new Date().toISOString().slice(0, 10)} · ${cpus()[0]?.model ?? 'unknown CPU'} × ${cpus().length} · Node ${process.version} · React ${React.version} · load average at the start ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min)`);
out();

// 1. Size -------------------------------------------------------------------------------
// Every line, ours and the peers', the same way: esbuild --bundle --minify, format esm,
// process.env.NODE_ENV "production", React external, then gzip -9 and brotli quality 11.
// Ours is the build (dist/, through package.json "exports"): `tsconfigRaw: '{}'` keeps
// esbuild from following tsconfig.json's `paths`, which point 'react-lifeline' at src/.
out('## 1. Size (esbuild --bundle --minify, format esm, NODE_ENV=production, React external; gzip -9, brotli quality 11)');
out();
out("Ours is measured from the build (`dist/`, resolved through package.json `exports`, as an app resolves it), the peers from their published packages in node_modules; each line is an entry file that re-exports what it names.");
out();
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const sizeOf = async (code) => {
  const result = await build({
    stdin: { contents: code, resolveDir: join(repo, 'bench'), sourcefile: 'size-entry.js', loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    write: false,
    metafile: true,
    tsconfigRaw: '{}',
    external: ['react', 'react-dom', 'react/jsx-runtime'],
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
  });
  const inputs = Object.keys(Object.values(result.metafile.outputs)[0].inputs);
  if (code.includes("'react-lifeline") && inputs.some((input) => input.startsWith('src/'))) throw new Error(`size of ${code}: bundled src/, not the build`);
  const bytes = result.outputFiles[0].contents;
  return { min: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: brotli(bytes) };
};
const HOOK = "export { useWebSocket, WebSocketProvider } from 'react-lifeline';";
const oursLines = [
  ['hook', '`useWebSocket` + `WebSocketProvider`', HOOK, 6000],
  ['createConnection', '`createConnection` alone (react-lifeline/core)', "export { createConnection } from 'react-lifeline/core';", 4500],
  ['root', 'root entry, everything (`import *`)', "export * from 'react-lifeline';", 11_000],
  ['coreAll', 'react-lifeline/core, everything', "export * from 'react-lifeline/core';", null],
  ['share', 'hook + provider + `sharedSockets` (share: true)', `${HOOK} export { sharedSockets } from 'react-lifeline/share';`, null],
  ['tabs', "hook + provider + `crossTab` (share: 'tabs')", `${HOOK} export { crossTab } from 'react-lifeline/tabs';`, null],
  ['heartbeat', 'hook + provider + `heartbeat`', `${HOOK} export { heartbeat } from 'react-lifeline/heartbeat';`, null],
  ['ready', 'hook + provider + `ready`', `${HOOK} export { ready } from 'react-lifeline/ready';`, null],
  ['feedback', 'hook + provider + `useCloseFeedback` + `CloseBanner`', "export { useWebSocket, WebSocketProvider, useCloseFeedback, CloseBanner } from 'react-lifeline';", null],
];
const peerLines = [
  ['ruwHook', 'react-use-websocket `useWebSocket` (default export)', "export { default } from 'react-use-websocket';"],
  ['ruw', 'react-use-websocket, whole entry', "export * from 'react-use-websocket';"],
  ['partyReactHook', 'partysocket/react `useWebSocket`', "export { useWebSocket } from 'partysocket/react';"],
  ['partyReact', 'partysocket/react, whole entry', "export * from 'partysocket/react';"],
  ['partyRws', 'partysocket `ReconnectingWebSocket` (partysocket/ws)', "export { default } from 'partysocket/ws';"],
  ['party', 'partysocket, whole entry', "export * from 'partysocket';"],
];
const sizes = {};
for (const [key, , code] of [...oursLines, ...peerLines]) sizes[key] = await sizeOf(code);
const bytesOf = (n) => n.toLocaleString('en');
const verdict = (size, target) => (target === null ? '' : size.brotli <= target ? `meets (${bytesOf(target - size.brotli)} B under)` : `**misses by ${bytesOf(size.brotli - target)} B**`);
out(`### react-lifeline ${own}`);
out();
table(
  ['import', 'min B', 'gzip B', 'brotli B', 'issue #18 target (brotli)', ''],
  oursLines.map(([key, label, , target]) => [label, sizes[key].min, sizes[key].gzip, sizes[key].brotli, target === null ? '–' : `≤ ${bytesOf(target)} B`, verdict(sizes[key], target)]),
);
out(`### Peers: react-use-websocket ${versionOf('react-use-websocket')}, partysocket ${versionOf('partysocket')}`);
out();
table(
  ['import', 'min B', 'gzip B', 'brotli B'],
  peerLines.map(([key, label]) => [label, sizes[key].min, sizes[key].gzip, sizes[key].brotli]),
);
out('### Ratios (brotli)');
out();
const sizeRatio = (label, ours, peer) => [label, bytesOf(sizes[ours].brotli), bytesOf(sizes[peer].brotli), ratio(sizes[ours].brotli, sizes[peer].brotli)];
table(
  ['ours ÷ peer', 'ours B', 'peer B', 'ratio'],
  [
    sizeRatio('hook + provider ÷ react-use-websocket `useWebSocket`', 'hook', 'ruwHook'),
    sizeRatio('hook + provider ÷ partysocket/react `useWebSocket`', 'hook', 'partyReactHook'),
    sizeRatio('hook + provider ÷ partysocket/react, whole entry', 'hook', 'partyReact'),
    sizeRatio('`createConnection` ÷ partysocket `ReconnectingWebSocket`', 'createConnection', 'partyRws'),
    sizeRatio('root entry ÷ react-use-websocket, whole entry', 'root', 'ruw'),
    sizeRatio('hook + provider + `sharedSockets` ÷ react-use-websocket `useWebSocket` (which has share built in)', 'share', 'ruwHook'),
    sizeRatio('hook + provider + `heartbeat` ÷ react-use-websocket `useWebSocket` (which has heartbeat built in)', 'heartbeat', 'ruwHook'),
  ],
);

// What each source module adds to the hook + provider line: the bundle's brotli size, less the
// same bundle with that module stubbed out (its exports replaced by one global's value, so what
// only it imported goes too). Built from src/ (as .marginal.mjs does), so it names modules.
{
  const MARGINAL_ENTRY = "export { useWebSocket, WebSocketProvider } from './src/index.ts'";
  const marginalBuild = async (stub) => {
    const result = await build({
      stdin: { contents: MARGINAL_ENTRY, resolveDir: repo, loader: 'ts' },
      bundle: true,
      minify: true,
      format: 'esm',
      write: false,
      metafile: true,
      external: ['react', 'react-dom', 'react/jsx-runtime'],
      define: { 'process.env.NODE_ENV': '"production"' },
      logLevel: 'silent',
      plugins: stub
        ? [
            {
              name: 'stub',
              setup(b) {
                b.onLoad({ filter: new RegExp(`${stub.replace(/[.]/g, '\\.')}$`) }, (args) => {
                  const source = readFileSync(args.path, 'utf8');
                  const names = [...source.matchAll(/export (?:const|function|class|let) (\w+)/g)].map((m) => m[1]);
                  return { contents: names.map((n) => `export const ${n} = globalThis.__x;`).join('\n'), loader: 'ts' };
                });
              },
            },
          ]
        : [],
    });
    const output = Object.values(result.metafile.outputs)[0];
    return { brotli: brotli(result.outputFiles[0].contents), inputs: output.inputs };
  };
  const whole = await marginalBuild(null);
  const rows = [];
  for (const [input, { bytesInOutput }] of Object.entries(whole.inputs)) {
    if (input === '<stdin>' || input.endsWith('index.ts')) continue;
    rows.push([input, whole.brotli - (await marginalBuild(input)).brotli, bytesInOutput]);
  }
  rows.sort((a, b) => b[1] - a[1] || b[2] - a[2]);
  out('### What each module adds to `useWebSocket` + `WebSocketProvider`');
  out();
  out(
    `Built from src/ with the same settings (\`${MARGINAL_ENTRY}\`): ${bytesOf(whole.brotli)} B brotli, against ${bytesOf(sizes.hook.brotli)} B from the build above. ` +
      "A module's figure is the whole bundle's brotli size less the bundle's with that module stubbed out, so it includes what only that module pulls in " +
      '(stubbing `useWebSocket` or `createConnection` removes most of the rest): the rows overlap and do not add up to the total. ' +
      `Minified bytes are the module's own share of the minified bundle (esbuild's bytesInOutput). ${rows.length} modules are in this path.`,
  );
  out();
  table(
    ['module', 'brotli B it adds', 'its minified B'],
    rows.map(([input, added, minBytes]) => [`\`${input}\``, added, minBytes]),
  );
}

// A loopback server whose first message from a client says what to send back.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => wss.once('listening', resolve));
const base = `ws://127.0.0.1:${wss.address().port}`;
wss.on('connection', (socket, request) => {
  const url = new URL(request.url, 'http://x');
  const count = Number(url.searchParams.get('count') ?? 0);
  const size = Number(url.searchParams.get('size') ?? 16);
  const payload = size <= 16 ? null : 'x'.repeat(size);
  // Start when asked, so every contender is subscribed before the flood.
  socket.once('message', () => {
    for (let i = 1; i <= count; i += 1) socket.send(payload ?? `m${i}`);
  });
});

const mount = (element) => {
  const container = document.createElement('div');
  const root = createRoot(container);
  flushSync(() => root.render(element));
  return () => root.unmount();
};
const waitUntil = (check, ms = 60_000) =>
  new Promise((resolve, reject) => {
    const start = Date.now();
    const poll = () => (check() ? resolve() : Date.now() - start > ms ? reject(new Error('timed out')) : setTimeout(poll, 2));
    poll();
  });
const tick = (ms = 50) => new Promise((resolve) => setTimeout(resolve, ms));

// 2. Renders -----------------------------------------------------------------------------
out('## 2. Renders while 10,000 messages arrive from a loopback server');
out();
async function renders(kind, reads) {
  const url = `${base}/renders?count=10000&kind=${kind}&reads=${reads}`;
  let count = 0;
  let received = 0;
  let shownOpen = false;
  function Lifeline() {
    const socket = lifeline.useWebSocket(url, { onMessage: () => (received += 1) });
    count += 1;
    shownOpen ||= socket.status === 'open';
    return h('p', null, reads === 'status' ? socket.status : String(socket.lastMessage));
  }
  function Ruw() {
    const socket = useRuw(url, { onMessage: () => (received += 1) });
    count += 1;
    shownOpen ||= socket.readyState === 1;
    return h('p', null, reads === 'status' ? String(socket.readyState) : String(socket.lastMessage?.data));
  }
  const unmount = mount(h(kind === 'lifeline' ? Lifeline : Ruw));
  // The flood starts once the component shows the open socket: what renders after is the flood's.
  await waitUntil(() => shownOpen);
  await tick(20);
  const client = [...wss.clients].at(-1);
  const before = count;
  client.emit('message', 'go');
  await waitUntil(() => received === 10_000);
  await tick(100);
  const result = { total: count, duringFlood: count - before };
  unmount();
  await tick(20);
  return result;
}
const r = {
  lifelineStatus: await renders('lifeline', 'status'),
  ruwStatus: await renders('ruw', 'status'),
  lifelineLast: await renders('lifeline', 'lastMessage'),
  ruwLast: await renders('ruw', 'lastMessage'),
};
table(
  ['component reads', 'react-lifeline renders (during the flood)', 'react-use-websocket renders (during the flood)', 'ours ÷ theirs'],
  [
    ['only the status', `${r.lifelineStatus.total} (${r.lifelineStatus.duringFlood})`, `${r.ruwStatus.total} (${r.ruwStatus.duringFlood})`, ratio(r.lifelineStatus.total, r.ruwStatus.total)],
    ['the last message', `${r.lifelineLast.total} (${r.lifelineLast.duringFlood})`, `${r.ruwLast.total} (${r.ruwLast.duringFlood})`, ratio(r.lifelineLast.total, r.ruwLast.total)],
  ],
);

// 3. Throughput --------------------------------------------------------------------------
out('## 3. Throughput into onMessage (jsdom + ws client, loopback server; median of 5 interleaved rounds)');
out();
async function throughput(kind, count, size) {
  const url = `${base}/throughput?count=${count}&size=${size}&kind=${kind}`;
  let received = 0;
  let open = () => {};
  const opened = new Promise((resolve) => (open = resolve));
  const onMessage = () => (received += 1);
  let unmount = () => {};
  if (kind === 'raw') {
    const socket = new NodeWebSocket(url);
    socket.addEventListener('message', onMessage);
    socket.addEventListener('open', () => open());
    unmount = () => socket.close();
  } else if (kind === 'lifeline') {
    function Reader() {
      lifeline.useWebSocket(url, { onMessage, onOpen: () => open() });
      return null;
    }
    unmount = mount(h(Reader));
  } else {
    function Reader() {
      useRuw(url, { onMessage, onOpen: () => open() });
      return null;
    }
    unmount = mount(h(Reader));
  }
  await opened;
  const client = [...wss.clients].at(-1);
  const t0 = performance.now();
  client.emit('message', 'go');
  await waitUntil(() => received === count, 120_000);
  const seconds = (performance.now() - t0) / 1000;
  unmount();
  await tick(30);
  return count / seconds;
}
const median = (values) => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
const tp = {};
// One warm-up of each, then five rounds interleaved, so JIT warm-up and machine noise fall on all alike.
for (const kind of ['raw', 'lifeline', 'ruw']) await throughput(kind, 20_000, 8);
for (const [label, count, size] of [['100,000 small messages', 100_000, 8], ['1,000 messages of 64 KiB', 1000, 65_536]]) {
  const runs = { raw: [], lifeline: [], ruw: [] };
  for (let round = 0; round < 5; round += 1) {
    for (const kind of ['raw', 'lifeline', 'ruw']) runs[kind].push(await throughput(kind, count, size));
  }
  tp[label] = { raw: median(runs.raw), lifeline: median(runs.lifeline), ruw: median(runs.ruw) };
}
table(
  ['load', 'raw WebSocket msg/s', 'react-lifeline msg/s (÷ raw)', 'react-use-websocket msg/s (÷ raw)'],
  Object.entries(tp).map(([label, v]) => [
    label,
    Math.round(v.raw).toLocaleString('en'),
    `${Math.round(v.lifeline).toLocaleString('en')} (${ratio(v.lifeline, v.raw)})`,
    `${Math.round(v.ruw).toLocaleString('en')} (${ratio(v.ruw, v.raw)})`,
  ]),
);
wss.close();
for (const client of wss.clients) client.terminate();

// 4. Reconnect storm ---------------------------------------------------------------------
out('## 4. Reconnect storm: 10,000 clients on a simulated clock (seeded), real policy code');
out();
/**
 * Every client loses its socket at t=0 with `code`; the server takes connections again at
 * `downMs`. An attempt before that fails (1006). Returns the peak share of clients
 * attempting in any 100 ms window and the time until 99 % are back.
 */
function storm({ code, downMs, next, clients: CLIENTS = 10_000 }) {
  const attempts = [];
  const backAt = [];
  for (let client = 0; client < CLIENTS; client += 1) {
    let t = 0;
    let closeCode = code;
    for (let attempt = 0; attempt < 100; attempt += 1) {
      const delay = next(closeCode, attempt);
      if (delay === null) break;
      t += delay;
      attempts.push(t);
      if (t >= downMs) {
        backAt.push(t);
        break;
      }
      closeCode = 1006;
    }
  }
  const peak = peakPer100ms(attempts);
  backAt.sort((a, b) => a - b);
  const p99 = backAt.length >= CLIENTS * 0.99 ? backAt[Math.ceil(CLIENTS * 0.99) - 1] : Infinity;
  return { peak: peak / CLIENTS, peakCount: peak, attempts: attempts.length, p99 };
}
const policyNext = (policyOptions, seed) => {
  const policy = core.resolvePolicy(policyOptions);
  const random = seededRandom(seed);
  return (code, attempt) => {
    const decision = core.decideReconnect(
      { code, reason: '', wasClean: code !== 1006, at: 0, initiator: code === 1006 ? 'network' : 'server' },
      attempt,
      policy,
      random,
    );
    return decision.delayMs; // null: no retry
  };
};
// react-use-websocket: a fixed reconnectInterval (default 5000 ms), no jitter, whatever the code.
const ruwNext = () => 5000;
const scenarios = [
  ['1012 restart, server back after 3 s', 1012, 3000],
  ['1006 network drop, server up', 1006, 0],
  ['1006, server down for 10 s', 1006, 10_000],
];
const stormRows = [];
const stormResults = {};
for (const [label, code, downMs] of scenarios) {
  const ours = storm({ code, downMs, next: policyNext({}, 42) });
  const none = storm({ code, downMs, next: policyNext({ jitter: 'none', codes: { 1012: 'backoff' } }, 42) });
  const ruw = storm({ code, downMs, next: ruwNext });
  stormResults[label] = ours;
  const pct = (share) => `${(share * 100).toFixed(2)} %`;
  const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
  stormRows.push([label, `${pct(ours.peak)} · ${secs(ours.p99)}`, `${pct(none.peak)} · ${secs(none.p99)}`, `${pct(ruw.peak)} · ${secs(ruw.p99)}`, ratio(ours.peak, ruw.peak)]);
}
table(['scenario', 'react-lifeline default: peak per 100 ms · 99 % back', 'no jitter (plain backoff)', 'react-use-websocket fixed 5 s', 'peak ours ÷ RUW'], stormRows);

// 4c. Hidden tabs: the same 1012 for 10,000 tabs of which 80 % are hidden, with and without
// keepalive({ quietWhileHidden }) (bench/hiddenStorm.mjs, also runnable alone).
{
  const { hiddenStorm, hiddenStormRows, HIDDEN_STORM_HEADER } = await import('./hiddenStorm.mjs');
  out('### 4c. Hidden tabs: 10,000 tabs, 80 % hidden, after a 1012 (bench/hiddenStorm.mjs)');
  out();
  out('When users come back to hidden tabs is a model: 1,000 of the hidden tabs together at 20 s, the others at uniform times over 10 minutes. A held retry runs after a uniform wait in [0, 3 s] once its tab shows.');
  out();
  table(HIDDEN_STORM_HEADER, hiddenStormRows(hiddenStorm({ core, seededRandom })));
}

// 4b. Across tabs: the same 1012 for 2,500 browsers of 4 tabs each, run on the library's own
// code: every tab a createConnection (seeded, simulated clock), with share: 'tabs' under the
// real crossTab() (fake Web Locks and BroadcastChannel, one profile per browser).
let pendingDeliveries = 0; // channel messages posted and not yet delivered, in every fake browser
// A browser profile: react-lifeline/testing's fake Web Locks and BroadcastChannels, delivering
// in a later macrotask and counted, so the simulated clock moves only once every message is through.
const fakeBrowser = () =>
  createFakeBrowser({
    schedule(deliver) {
      pendingDeliveries += 1;
      setImmediate(() => {
        pendingDeliveries -= 1;
        deliver();
      });
    },
  });
/** The connections' timers on a simulated clock: time moves to the next timer once every channel message and lock grant is through. */
function simulatedClock() {
  let now = 0;
  let order = 0;
  const heap = [];
  const before = (a, b) => a.at < b.at || (a.at === b.at && a.order < b.order);
  const push = (timer) => {
    heap.push(timer);
    for (let i = heap.length - 1, parent; i > 0 && before(heap[i], heap[(parent = (i - 1) >> 1)]); i = parent) [heap[i], heap[parent]] = [heap[parent], heap[i]];
  };
  const pop = () => {
    const top = heap[0];
    const last = heap.pop();
    if (!heap.length) return top;
    heap[0] = last;
    for (let i = 0; ; ) {
      let least = i;
      for (const child of [2 * i + 1, 2 * i + 2]) if (child < heap.length && before(heap[child], heap[least])) least = child;
      if (least === i) return top;
      [heap[i], heap[least]] = [heap[least], heap[i]];
      i = least;
    }
  };
  const settle = async () => {
    do await new Promise((resolve) => setImmediate(resolve));
    while (pendingDeliveries > 0);
  };
  return {
    now: () => now,
    timers: {
      setTimeout(callback, ms) {
        const timer = { at: now + Math.max(0, Number(ms) || 0), order: order++, callback, cancelled: false };
        push(timer);
        return timer;
      },
      clearTimeout: (timer) => timer && (timer.cancelled = true),
      now: () => now,
    },
    async run(done, until) {
      await settle();
      while (!done() && heap.length && heap[0].at <= until) {
        const timer = pop();
        if (timer.cancelled) continue;
        now = Math.max(now, timer.at);
        timer.callback();
        await settle();
      }
    },
  };
}
/**
 * `browsers` × `tabs` clients, all open; then the server closes every socket with `code` and
 * refuses handshakes for `downMs`. Returns the times of the connection attempts after the
 * close, how many sockets were open before it, how many sockets a follower tab opened (a tab
 * not holding its browser's lock), and when 99 % of the tabs showed `open` again.
 */
async function tabStorm({ browsers, tabs, share, code, downMs, seed }) {
  const clock = simulatedClock();
  const server = createFakeServer();
  const random = seededRandom(seed);
  const network = { isOnline: () => true, subscribe: () => () => {} };
  const url = 'ws://127.0.0.1:9/storm';
  // crossTab's lock and channel: `react-lifeline ` + the pool's key (the URL's identity, a space, the protocols: none).
  const lock = `react-lifeline ${core.urlIdentity(url)} `;
  let upAt = -Infinity;
  let stormAt = Infinity;
  const attempts = [];
  let byFollowers = 0;
  let open = 0;
  const clients = [];
  for (let b = 0; b < browsers; b += 1) {
    const browser = fakeBrowser();
    for (let t = 0; t < tabs; t += 1) {
      class TabSocket extends server.WebSocket {
        constructor(...args) {
          super(...args);
          if (clock.now() >= stormAt) attempts.push(clock.now() - stormAt);
          if (share && browser.holder(lock) !== t) byFollowers += 1;
          clock.timers.setTimeout(() => this.readyState === 0 && (clock.now() >= upAt ? this.accept() : this.refuse()), 0);
        }
      }
      const local = core.createConnection(url, { WebSocket: TabSocket, timers: clock.timers, random, network, keepLastMessage: false });
      // What a provider given share={crossTab(...)} does for a hook with share: 'tabs': one pool per provider (here per tab), which hands out the tab's connection.
      const connection = share ? crossTab({ ...browser.tab(t), network }).createPool().pick(url, undefined, 'tabs', null, () => local).connection : local;
      const client = { connection, openAt: null };
      client.connection.subscribe((state) => {
        if ((state.status === 'open') === (client.openAt !== null)) return;
        client.openAt = state.status === 'open' ? clock.now() : null;
        open += state.status === 'open' ? 1 : -1;
      });
      client.connection.retain();
      clients.push(client);
    }
  }
  const allOpen = () => open === clients.length;
  await clock.run(allOpen, 60_000);
  const socketsBefore = server.live().length;
  const openBefore = open;
  stormAt = clock.now();
  upAt = stormAt + downMs;
  for (const socket of server.live()) socket.serverClose(code, 'Service restart');
  await clock.run(allOpen, stormAt + 600_000);
  const back = clients.map((client) => (client.openAt ?? Infinity) - stormAt).sort((a, b) => a - b);
  const result = { clients: clients.length, socketsBefore, openBefore, attempts, byFollowers, openAfter: open, socketsAfter: server.live().length, p99: back[Math.ceil(clients.length * 0.99) - 1] };
  for (const client of clients) client.connection.dispose();
  return result;
}
{
  const [BROWSERS, TABS, code, downMs, seed] = [2500, 4, 1012, 3000, 42];
  const without = await tabStorm({ browsers: BROWSERS, tabs: TABS, share: false, code, downMs, seed });
  const shared = await tabStorm({ browsers: BROWSERS, tabs: TABS, share: true, code, downMs, seed });
  // The policy model above (decideReconnect per client, same seed): one client per tab, or one per browser.
  const modelWithout = storm({ code, downMs, next: policyNext({}, seed), clients: BROWSERS * TABS });
  const modelWith = storm({ code, downMs, next: policyNext({}, seed), clients: BROWSERS });
  const count = (n) => n.toLocaleString('en');
  const secs = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(1)} s` : 'never');
  out(`**Across tabs:** ${count(BROWSERS * TABS)} clients in ${count(BROWSERS)} browsers of ${TABS} tabs each, after a 1012 (server back after 3 s). Every tab runs the library's own connection on a simulated clock (seeded); with \`share: 'tabs'\` each tab's runs under the real \`crossTab()\`, with fake Web Locks and BroadcastChannel per browser, so only the tab holding its browser's lock (the leader) opens a socket and the other three follow it.`);
  out();
  const peakPer = (result) => peakPer100ms(result.attempts);
  table(
    ['1012 restart, server back after 3 s', 'peak connection attempts per 100 ms', 'connection attempts', 'sockets open before (opened by followers)', '99 % of tabs open again'],
    [
      [`without \`share: 'tabs'\`: ${count(BROWSERS * TABS)} tabs, a socket each`, peakPer(without), count(without.attempts.length), `${count(without.socketsBefore)}`, secs(without.p99)],
      [`with \`share: 'tabs'\`: ${count(BROWSERS)} leaders reconnect`, peakPer(shared), count(shared.attempts.length), `${count(shared.socketsBefore)} (${shared.byFollowers})`, secs(shared.p99)],
      ["**with ÷ without**", ratio(peakPer(shared), peakPer(without)), ratio(shared.attempts.length, without.attempts.length), ratio(shared.socketsBefore, without.socketsBefore), ''],
    ],
  );
  const agrees = modelWithout.peakCount === peakPer(without) && modelWith.peakCount === peakPer(shared) && modelWithout.attempts === without.attempts.length && modelWith.attempts === shared.attempts.length;
  const checks = [
    shared.byFollowers === 0 && shared.socketsBefore === BROWSERS ? 'no follower opened a socket' : `CHECK FAILED: ${shared.byFollowers} sockets opened by followers, ${shared.socketsBefore} open before the close`,
    shared.openBefore === BROWSERS * TABS && shared.openAfter === BROWSERS * TABS && without.openAfter === BROWSERS * TABS ? `all ${count(BROWSERS * TABS)} tabs showed \`open\` before and after` : `CHECK FAILED: tabs open before/after: ${shared.openBefore}/${shared.openAfter} with, ${without.openAfter} without`,
    `the policy model (decideReconnect per client, seed ${seed}) gives ${modelWithout.peakCount} and ${modelWith.peakCount} per 100 ms, ${count(modelWithout.attempts)} and ${count(modelWith.attempts)} attempts${agrees ? ': the same' : ' (differs from the real code)'}`,
  ];
  out(`Checked: ${checks.join('; ')}. The peak falls less than the attempts: 2,500 random retry times spread over 5-30 s crowd a 100 ms window relatively more than 10,000 do (10 a window on average against 40).`);
  out();
}

// 5. Memory ------------------------------------------------------------------------------
out('## 5. Memory: 5,000 mount/unmount cycles (forced GC)');
out();
const kib = (bytes) => `${(bytes / 1024).toFixed(0)} KiB`;
async function memory(kind, cycles = 5000) {
  // A socket stub that the bench does not keep, so the heap shows only what the library keeps.
  let made = 0;
  let live = 0;
  class StubSocket extends dom.window.EventTarget {
    static OPEN = 1;
    readyState = 0;
    constructor(url) {
      super();
      this.url = url;
      made += 1;
      live += 1;
      setImmediate(() => {
        if (this.readyState !== 0) return;
        this.readyState = 1;
        this.dispatchEvent(new dom.window.Event('open'));
      });
    }
    send() {}
    close() {
      if (this.readyState === 3) return;
      this.readyState = 3;
      live -= 1;
    }
  }
  const previous = globalThis.WebSocket;
  globalThis.WebSocket = StubSocket;
  const gc = globalThis.gc ?? (() => {});
  function Lifeline() {
    const socket = lifeline.useWebSocket('ws://127.0.0.1:9/memory');
    return h('p', null, socket.status);
  }
  function Ruw() {
    const socket = useRuw('ws://127.0.0.1:9/memory');
    return h('p', null, String(socket.readyState));
  }
  const container = document.createElement('div');
  const root = createRoot(container);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  gc();
  await tick(20);
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < cycles; i += 1) {
    flushSync(() => root.render(h(kind === 'lifeline' ? Lifeline : Ruw, { key: i })));
    await settle(); // effects run, the socket opens
    await settle();
  }
  flushSync(() => root.render(null));
  await tick(50);
  gc();
  await tick(20);
  gc();
  const after = process.memoryUsage().heapUsed;
  root.unmount();
  globalThis.WebSocket = previous;
  return { delta: after - before, sockets: made, live };
}
// Warm up first (JIT, React internals), then measure two lengths: a leak grows with cycles, noise does not.
await memory('lifeline', 1000);
await memory('ruw', 1000);
const memory5k = { ours: await memory('lifeline', 5000), ruw: await memory('ruw', 5000) };
const memory20k = { ours: await memory('lifeline', 20_000), ruw: await memory('ruw', 20_000) };
table(
  ['library', 'heap after − before, 5,000 cycles', '20,000 cycles', 'sockets made (5k / 20k)', 'still open'],
  [
    ['react-lifeline', kib(memory5k.ours.delta), kib(memory20k.ours.delta), `${memory5k.ours.sockets} / ${memory20k.ours.sockets}`, memory5k.ours.live + memory20k.ours.live],
    ['react-use-websocket', kib(memory5k.ruw.delta), kib(memory20k.ruw.delta), `${memory5k.ruw.sockets} / ${memory20k.ruw.sockets}`, memory5k.ruw.live + memory20k.ruw.live],
  ],
);
{
  // A leak grows with the cycles: 4× the cycles should show clearly more heap, beyond the ~1 MiB of GC noise.
  const grows = (m5, m20) => m20.delta - m5.delta > 1024 * 1024;
  const growing = [['react-lifeline', memory5k.ours, memory20k.ours], ['react-use-websocket', memory5k.ruw, memory20k.ruw]].filter(([, a, b]) => grows(a, b)).map(([name]) => name);
  out(`Heap deltas within about ±1 MiB are GC noise on this machine; ${growing.length === 0 ? 'neither grows with the number of cycles' : `**${growing.join(' and ')} grew by more than 1 MiB from 5,000 to 20,000 cycles**`}.`);
}
out();
if (!globalThis.gc) out('(run with node --expose-gc for forced GC)');

// 6. Throughput in real Chromium: its own script (Playwright, Debian's Chromium), run
// CHROMIUM_RUNS times in this run, since one run's medians move from one run to the next.
{
  const { spawnSync } = await import('node:child_process');
  const RUNS = Number(process.env.CHROMIUM_RUNS ?? 3);
  const results = [];
  for (let run = 1; run <= RUNS; run += 1) {
    const json = join(repo, 'bench', `.chromium-${run}.json`);
    rmSync(json, { force: true });
    const chromiumRun = spawnSync(process.execPath, [join(repo, 'bench/chromium.mjs')], { encoding: 'utf8', timeout: 300_000, env: { ...process.env, BENCH_JSON: json } });
    if (chromiumRun.status !== 0 || !existsSync(json)) {
      out(`${run === 1 ? '## 6. Throughput into onMessage in Chromium\n\n' : ''}Run ${run} of ${RUNS}: not measured: ${(chromiumRun.stderr || chromiumRun.error?.message || 'chromium.mjs failed').trim().split('\n').at(-1)}`);
      out();
      continue;
    }
    results.push(JSON.parse(readFileSync(json, 'utf8')));
    rmSync(json, { force: true });
    const printed = chromiumRun.stdout.split('\n');
    while (printed.at(-1) === '') printed.pop();
    if (run === 1) {
      // The first run in full (method, table, notes), under the section's heading.
      const body = printed.filter((line) => !line.startsWith('Finished in'));
      while (body.at(-1) === '') body.pop();
      out(body[0]);
      out();
      out(`bench/chromium.mjs ran ${RUNS} time${RUNS === 1 ? '' : 's'} in this run, one after the other; each run is a fresh browser. Run 1 in full, then the other runs' tables, then the spread across runs.`);
      out();
      out(`### Run 1 of ${RUNS}`);
      for (const line of body.slice(1)) out(line);
    } else {
      out(`### Run ${run} of ${RUNS}`);
      out();
      // The table, a blank line (else Markdown reads the next line as a row), then the notes on this run.
      for (const line of printed.filter((line) => line.startsWith('|'))) out(line);
      out();
      for (const line of printed.filter((line) => line.startsWith('Unsteady') || line.startsWith('Check:'))) out(line);
    }
    out();
  }
  if (results.length > 0) {
    const times = (value) => `${value.toFixed(2)}×`;
    const names = { ours: `react-lifeline ${own}`, ruw: `react-use-websocket ${versionOf('react-use-websocket')}` };
    out(`### Across the ${results.length} runs`);
    out();
    table(
      ['contender', ...results.map((_, i) => `run ${i + 1}: median ÷ raw median`), 'spread across runs (min – max)', '÷ raw, same round, all rounds of all runs (min – max)'],
      ['ours', 'ruw'].map((kind) => {
        const medians = results.map((result) => result.stats[kind].median / result.stats.raw.median);
        return [
          names[kind],
          ...medians.map(times),
          `${times(Math.min(...medians))} – ${times(Math.max(...medians))}`,
          `${times(Math.min(...results.map((result) => result.stats[kind].pairedMin)))} – ${times(Math.max(...results.map((result) => result.stats[kind].pairedMax)))}`,
        ];
      }),
    );
    const raws = results.map((result) => result.stats.raw.median);
    const ours = results.map((result) => result.stats.ours.median / result.stats.raw.median);
    out(
      `Raw medians across runs: ${raws.map((value) => Math.round(value).toLocaleString('en')).join(', ')} msg/s. ` +
        `Issue #18's goal, react-lifeline ≥ 0.95× raw in Chromium: ${ours.filter((value) => value >= 0.95).length} of ${results.length} runs' medians meet it (lowest ${times(Math.min(...ours))}, highest ${times(Math.max(...ours))}).`,
    );
    out();
  }
}

out(`Finished in ${((performance.now() - started) / 1000).toFixed(0)} s; load average at the end ${loadavg().map((load) => load.toFixed(1)).join(' / ')} (1 / 5 / 15 min; other work on this machine shares its ${cpus().length} cores).`);
// 7. Background tabs in real Chromium: hidden under intensive throttling, frozen (about four minutes).
{
  const { spawnSync } = await import('node:child_process');
  const background = spawnSync(process.execPath, [join(repo, 'bench/background.mjs')], { encoding: 'utf8', timeout: 600_000 });
  if (background.status === 0) for (const line of background.stdout.trimEnd().split('\n')) out(line);
  else out(`## 7. Background tabs in Chromium\n\nNot measured: ${(background.stderr || background.error?.message || 'background.mjs failed').trim().split('\n').at(-1)}`);
  out();
}
writeFileSync('bench/results.md', `${lines.join('\n')}\n`);
console.log('\nwrote bench/results.md');
process.exit(0);
