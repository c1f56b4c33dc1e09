// The background-tab experiments, shared by `node bench/background.mjs` (the full figures for
// bench/results.md) and test/browser/keepalive.chromium.test.ts (short versions, in CI).
// Loopback only: one HTTP + `ws` server on 127.0.0.1 (ephemeral port), started here.
//
// The page (bundled from src with esbuild, production build) opens one connection with either
// the main-thread heartbeat (`heartbeat()`, mode `main`) or `keepalive()` (mode `keepalive`),
// and reports every state change, its visibility and its page-lifecycle events to the server
// (fetch POST /log; the network is not throttled, only timers are). The server answers each
// 'ping' with 'pong' and, like a proxy, drops (TCP) a connection silent for longer than
// `idleMs`: what it records is the ground truth.
import { build } from 'esbuild';
import { chromium } from 'playwright';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WebSocketServer } from 'ws';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const CHROMIUM = process.env.CHROMIUM ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Chromium's intensive wake-up throttling, with its grace periods shortened: after `graceSeconds`
 * hidden, a page's chained timers (nesting level >= 5) wake at most once a minute. Two grace
 * periods exist (third_party/blink/renderer/platform/scheduler/common/features.cc): the
 * `IntensiveWakeUpThrottling` feature's `grace_period_seconds` (default 300 s), and, for a page
 * that finished loading, `QuickIntensiveWakeUpThrottlingAfterLoading`'s `grace_period_seconds_loaded`
 * (default 10 s). The minute between wake-ups is no longer a parameter. The switch
 * `--intensive-wake-up-throttling-policy` would force the published defaults, so it is not used.
 */
export const throttlingFlags = (graceSeconds) => [
  `--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/${graceSeconds},QuickIntensiveWakeUpThrottlingAfterLoading:grace_period_seconds_loaded/${graceSeconds}`,
];
// Playwright turns background throttling off by default; these must not be passed.
const THROTTLING_OFF = ['--disable-background-timer-throttling', '--disable-renderer-backgrounding', '--disable-backgrounding-occluded-windows'];
const ARGS = ['--no-sandbox', '--headless=new', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const launch = (extraArgs = []) =>
  chromium.launch({ executablePath: CHROMIUM, headless: true, args: [...ARGS, ...extraArgs], ignoreDefaultArgs: THROTTLING_OFF, timeout: 60_000 });

const PAGE = `
import { createConnection } from './src/core/index.ts';
import { heartbeat } from './src/plugins/heartbeat/index.ts';
import { keepalive } from './src/plugins/keepalive/index.ts';
const q = new URLSearchParams(location.search);
const mode = q.get('mode');
const tab = q.get('tab');
const log = (entry) => fetch('/log', { method: 'POST', body: JSON.stringify({ tab, mode, t: Date.now(), ...entry }) });
const beat = { message: 'ping', intervalMs: Number(q.get('interval')), timeoutMs: Number(q.get('timeout')), isPong: (data) => data === 'pong' };
const plugins = mode === 'main' ? [heartbeat(beat)] : mode === 'keepalive' ? [keepalive(beat)] : [];
const connection = createConnection('ws://' + location.host + '/ws?tab=' + tab + '&mode=' + mode, { plugins, policy: { initialDelayMs: 200, maxDelayMs: 1000 } });
let last = '';
connection.subscribe((state) => {
  const key = state.status + ' ' + (state.lastClose?.code ?? '');
  if (key === last) return;
  last = key;
  log({ status: state.status, code: state.lastClose?.code ?? null, clock: state.plugins.keepalive?.clock ?? null });
});
window.__events = [];
for (const type of ['visibilitychange', 'freeze', 'resume']) document.addEventListener(type, () => { window.__events.push({ type, t: Date.now() }); log({ event: type, visibility: document.visibilityState }); });
// A plain main-thread timer and a Worker timer of the pong timeout's length, armed by the driver just before a freeze.
window.__armRaw = (ms) => {
  const started = Date.now();
  setTimeout(() => log({ raw: 'main', late: Date.now() - started - ms }), ms);
  const worker = new Worker(URL.createObjectURL(new Blob(['setTimeout(() => postMessage(0), ' + ms + ')'])));
  worker.onmessage = () => log({ raw: 'worker', late: Date.now() - started - ms });
};
log({ event: 'load', visibility: document.visibilityState });
if (mode === 'timer') {
  // The control: no WebSocket, a chained main-thread timer of intervalMs.
  const tick = () => setTimeout(() => (log({ tick: true }), tick()), beat.intervalMs);
  tick();
} else connection.connect();
`;

let bundled;
async function pageScript() {
  bundled ??= build({
    stdin: { contents: PAGE, resolveDir: root, loader: 'js' },
    bundle: true,
    write: false,
    format: 'esm',
    target: 'es2022',
    define: { 'process.env.NODE_ENV': '"production"' },
  }).then((result) => result.outputFiles[0].text);
  return bundled;
}

/** The HTTP + `ws` server: answers pings, drops connections idle longer than `idleMs` (0: never). */
export async function startServer({ idleMs = 0 } = {}) {
  const script = await pageScript();
  const connections = [];
  const logs = [];
  const wss = new WebSocketServer({ noServer: true });
  const http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/log' && request.method === 'POST') {
      let body = '';
      request.on('data', (chunk) => (body += chunk));
      request.on('end', () => {
        logs.push({ ...JSON.parse(body), received: Date.now() });
        response.writeHead(204).end();
      });
    } else if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html', 'cache-control': 'no-store' });
      response.end('<!doctype html><title>background</title><script type="module" src="/page.js"></script>');
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      response.end(script);
    } else response.writeHead(404).end();
  });
  http.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    wss.handleUpgrade(request, socket, head, (ws) => {
      const connection = { tab: url.searchParams.get('tab'), mode: url.searchParams.get('mode'), ws, openedAt: Date.now(), closedAt: null, droppedIdle: false, pings: [], lastHeard: Date.now(), silent: false };
      connections.push(connection);
      ws.on('message', (data) => {
        connection.lastHeard = Date.now();
        if (String(data) === 'ping') {
          connection.pings.push(Date.now());
          if (!connection.silent) ws.send('pong');
        }
      });
      ws.on('close', (code) => {
        connection.closedAt ??= Date.now();
        connection.serverSawCode ??= code;
      });
    });
  });
  const idleCheck = idleMs
    ? setInterval(() => {
        for (const connection of connections) {
          if (connection.closedAt === null && Date.now() - connection.lastHeard > idleMs) {
            connection.droppedIdle = true;
            connection.closedAt = Date.now();
            connection.ws.terminate(); // what a proxy's idle timeout does
          }
        }
      }, 100)
    : undefined;
  await new Promise((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address();
  return {
    url: (query) => `http://127.0.0.1:${port}/?${new URLSearchParams(query)}`,
    connections,
    logs,
    of: (tab) => connections.filter((connection) => connection.tab === tab),
    logsOf: (tab) => logs.filter((entry) => entry.tab === tab),
    async stop() {
      clearInterval(idleCheck);
      for (const connection of connections) connection.ws.terminate();
      wss.close();
      // A page closed mid-request leaves its connection active; `close()` alone would wait for it for minutes.
      http.closeAllConnections();
      await new Promise((resolve) => http.close(resolve));
    },
  };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
export const waitFor = async (check, timeoutMs, what) => {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
};

/** The longest silence between `from` and `to`: between two times, or before the first, or after the last. */
const maxGap = (times, from, to) => [from, ...times, to].slice(1).reduce((max, t, i, rest) => Math.max(max, t - (i ? rest[i - 1] : from)), 0);

/**
 * Hidden tabs under intensive throttling: background tabs (hidden from their first frame), one
 * with the main-thread heartbeat, one with keepalive, and the control (no WebSocket, a chained
 * timer), beside a visible tab. They stay hidden for `settleMs` (here the minute-long wake-ups
 * began 60-80 s after the tab was created, with a grace period of 10 s) and then `windows` of
 * the server's idle windows.
 */
export async function runHidden({ graceSeconds, settleMs = 90_000, idleMs, intervalMs, timeoutMs, windows }) {
  const server = await startServer({ idleMs });
  const browser = await launch(throttlingFlags(graceSeconds));
  try {
    const cdp = await browser.newBrowserCDPSession();
    await cdp.send('Target.createTarget', { url: 'about:blank' }); // the visible tab
    const query = (tab, mode) => ({ tab, mode, interval: intervalMs, timeout: timeoutMs });
    for (const mode of ['main', 'keepalive', 'timer']) await cdp.send('Target.createTarget', { url: server.url(query(mode, mode)), background: true });
    await waitFor(() => server.of('main').length && server.of('keepalive').length, 30_000, 'both hidden tabs to connect');
    const started = Date.now();
    const observeMs = settleMs + windows * idleMs;
    await sleep(observeMs);
    const visibility = Object.fromEntries(['main', 'keepalive'].map((tab) => [tab, server.logsOf(tab).find((entry) => entry.event === 'load')?.visibility]));
    const ended = Date.now();
    const ticks = server.logsOf('timer').filter((entry) => entry.tick && entry.t >= started).map((entry) => entry.t);
    const figures = { timer: { visibility: server.logsOf('timer').find((entry) => entry.event === 'load')?.visibility, maxTickGapMs: maxGap(ticks, started, ended), ticks: ticks.length } };
    for (const tab of ['main', 'keepalive']) {
      const connections = server.of(tab);
      const first = connections[0];
      const pings = connections.flatMap((connection) => connection.pings).filter((t) => t >= started).sort((a, b) => a - b);
      figures[tab] = {
        visibility: visibility[tab],
        connections: connections.length,
        idleDrops: connections.filter((connection) => connection.droppedIdle).length,
        firstKeptMs: (first.closedAt ?? Date.now()) - first.openedAt,
        pings: pings.length,
        maxPingGapMs: maxGap(pings, started, ended),
        clock: server.logsOf(tab).findLast((entry) => entry.clock)?.clock ?? null,
      };
    }
    return { observeMs, figures };
  } finally {
    await browser.close();
    await server.stop();
  }
}

const CDP_ANSWER_MS = 15_000;

/** A page as a raw CDP target (no Playwright page, so no focus emulation: a background target is hidden) and a session on it. */
async function rawTarget(browser, url) {
  const cdp = await browser.newBrowserCDPSession();
  const { targetId: visibleId } = await cdp.send('Target.createTarget', { url: 'about:blank' }); // the visible tab
  const { targetId } = await cdp.send('Target.createTarget', { url, background: true });
  // A non-flattened session: Playwright's browser session relays its messages.
  const { sessionId } = await cdp.send('Target.attachToTarget', { targetId, flatten: false });
  let id = 0;
  const waiting = new Map();
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message);
    waiting.get(message.id)?.(message);
    waiting.delete(message.id);
  });
  // Every command gets its answer or, after `CDP_ANSWER_MS`, an error that names it (never a silent hang).
  const send = (method, params = {}) =>
    new Promise((resolve, reject) => {
      const sent = ++id;
      const timer = setTimeout(() => {
        waiting.delete(sent);
        reject(new Error(`CDP ${method} got no answer in ${CDP_ANSWER_MS} ms`));
      }, CDP_ANSWER_MS);
      waiting.set(sent, (message) => {
        clearTimeout(timer);
        if (message.error) reject(new Error(`CDP ${method}: ${message.error.message}`));
        else resolve(message);
      });
      cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id: sent, method, params }) }).catch((error) => {
        clearTimeout(timer);
        waiting.delete(sent);
        reject(error);
      });
    });
  const close = async () => {
    for (const id of [targetId, visibleId]) await cdp.send('Target.closeTarget', { targetId: id }).catch(() => {});
    await cdp.detach().catch(() => {});
  };
  return { send, close };
}

/**
 * A hidden tab with keepalive, frozen (CDP Page.setWebLifecycleState) for `freezeMs`, then
 * active. `link`: `'healthy'` (the server answers throughout), `'silent'` (the server stops
 * answering while frozen: a half-open link), or `'dropped'` (the server closes TCP while frozen).
 * Also times a plain main-thread timer and a Worker timer of `timeoutMs`, armed just before the freeze.
 */
export async function runFrozen({ freezeMs, intervalMs, timeoutMs, link, mode = 'keepalive', browser: given }) {
  const server = await startServer();
  const browser = given ?? (await launch());
  const tab = `frozen-${mode}-${link}`;
  const target = await rawTarget(browser, server.url({ tab, mode, interval: intervalMs, timeout: timeoutMs }));
  let step = 'waiting for the page to open'; // named in any error, so a hang says where it was
  try {
    await waitFor(() => server.logsOf(tab).some((entry) => entry.status === 'open'), 30_000, 'the page to open');
    const connection = server.of(tab)[0];
    await waitFor(() => connection.pings.length >= 1, intervalMs * 3, 'a first ping'); // the link is proved alive
    // Freeze just after a ping went out: its pong timeout is under way during the freeze.
    const pings = connection.pings.length;
    step = 'waiting for the ping before the freeze';
    await waitFor(() => connection.pings.length > pings, intervalMs * 3, 'the next ping');
    step = 'arming the raw timers';
    await target.send('Runtime.evaluate', { expression: `window.__armRaw(${timeoutMs})` });
    connection.silent = link === 'silent';
    step = 'freezing';
    await target.send('Page.setWebLifecycleState', { state: 'frozen' });
    const frozenAt = Date.now();
    if (link === 'dropped') connection.ws.terminate();
    await sleep(freezeMs);
    step = 'resuming';
    // The page runs again before the command's answer is back here: the resume counts from the command.
    const resumedAt = Date.now();
    await target.send('Page.setWebLifecycleState', { state: 'active' });
    await sleep(timeoutMs + 2000);
    const logs = server.logsOf(tab);
    const left = logs.find((entry) => entry.status && entry.status !== 'open' && entry.t >= frozenAt);
    return {
      mode,
      link,
      freezeMs: resumedAt - frozenAt,
      lifecycle: logs.filter((entry) => entry.event && entry.t >= frozenAt).map((entry) => entry.event),
      loggedWhileFrozen: logs.filter((entry) => entry.t > frozenAt + 100 && entry.t < resumedAt).length, // by the page's clock: what ran while frozen
      pingsWhileFrozen: connection.pings.filter((t) => t > frozenAt + 100 && t < resumedAt).length,
      sameConnection: connection.closedAt === null,
      serverSaw: connection.closedAt === null ? null : { code: connection.serverSawCode ?? 'terminated', afterFreezeMs: connection.closedAt - frozenAt },
      codes: logs.filter((entry) => entry.status && entry.status !== 'open' && entry.t >= frozenAt && entry.code !== null).map((entry) => entry.code),
      leftOpenAfterResumeMs: left ? left.t - resumedAt : null,
      rawLateMs: Object.fromEntries(logs.filter((entry) => entry.raw).map((entry) => [entry.raw, entry.late])),
      reconnected: server.of(tab).length > 1,
    };
  } catch (error) {
    throw new Error(`runFrozen(${link}) failed while ${step}: ${error.message}`, { cause: error });
  } finally {
    step = 'closing';
    await target.close();
    if (!given) await browser.close();
    await server.stop();
  }
}
