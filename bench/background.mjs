// `node bench/background.mjs`: what hidden and frozen tabs do to a WebSocket's heartbeat, in
// real Chromium (Debian's /usr/bin/chromium, launched by Playwright, `--headless=new`). Prints a
// Markdown section (bench/run.mjs puts it in bench/results.md as section 7). Loopback only.
// Takes about four minutes: the experiments run side by side. The pages are built from src.
//
// 1. Hidden tabs under intensive wake-up throttling (grace periods shortened to GRACE s; see
//    `throttlingFlags` in bench/background.lib.mjs for the flags and where they come from): a
//    tab with the main-thread heartbeat, one with keepalive (its clock in a Worker), and a
//    control tab with no WebSocket and a chained main-thread timer, all hidden from their first
//    frame (CDP Target.createTarget with background: true), beside a visible tab. The server
//    drops (TCP) any connection silent for IDLE ms, as a proxy does.
// 2. Frozen tabs: a hidden tab with keepalive, or with the main-thread heartbeat, is frozen with
//    CDP Page.setWebLifecycleState for FREEZE ms, then made active, while the server keeps the
//    link healthy, goes silent (half-open), or drops it. Also times a main-thread and a Worker
//    timer armed just before the freeze.
import { launch, runFrozen, runHidden } from './background.lib.mjs';

const GRACE = Number(process.env.GRACE ?? 10);
const IDLE = Number(process.env.IDLE ?? 30_000);
const INTERVAL = Number(process.env.INTERVAL ?? 10_000);
const TIMEOUT = Number(process.env.TIMEOUT ?? 5_000);
const WINDOWS = Number(process.env.WINDOWS ?? 3);
const SETTLE = Number(process.env.SETTLE ?? 90_000);
const FREEZE = Number(process.env.FREEZE ?? 60_000);

const started = Date.now();
const browser = await launch();
const version = browser.version();
const hidden = runHidden({ graceSeconds: GRACE, settleMs: SETTLE, idleMs: IDLE, intervalMs: INTERVAL, timeoutMs: TIMEOUT, windows: WINDOWS });
const cases = [
  ['keepalive', 'healthy'],
  ['keepalive', 'silent'],
  ['keepalive', 'dropped'],
  ['main', 'healthy'],
  ['main', 'silent'],
];
const frozen = await Promise.all(cases.map(([mode, link]) => runFrozen({ freezeMs: FREEZE, intervalMs: 2000, timeoutMs: 1000, link, mode, browser })));
await browser.close();
const { observeMs, figures } = await hidden;

const s = (ms) => (ms === null || ms === undefined ? '–' : `${(ms / 1000).toFixed(1)} s`);
console.log('## 7. Background tabs in Chromium: hidden (intensive throttling) and frozen');
console.log();
console.log(`Chromium ${version}, headless (new), flags \`--enable-features=IntensiveWakeUpThrottling:grace_period_seconds/${GRACE},QuickIntensiveWakeUpThrottlingAfterLoading:grace_period_seconds_loaded/${GRACE}\`, Playwright's \`--disable-background-timer-throttling\`, \`--disable-renderer-backgrounding\` and \`--disable-backgrounding-occluded-windows\` left out. \`node bench/background.mjs\`.`);
console.log();
console.log(`### Hidden ${s(observeMs)} (${s(SETTLE)} for the throttling to set in, then ${WINDOWS} idle windows of ${s(IDLE)}); heartbeat every ${s(INTERVAL)}, pong within ${s(TIMEOUT)}`);
console.log();
console.log('| tab | visibility | connections | dropped by the server as idle | first connection kept | pings | longest silence | clock |');
console.log('|---|---|---|---|---|---|---|---|');
for (const tab of ['main', 'keepalive']) {
  const f = figures[tab];
  console.log(`| ${tab === 'main' ? 'heartbeat() (main thread)' : 'keepalive() (Worker clock)'} | ${f.visibility} | ${f.connections} | ${f.idleDrops} | ${s(f.firstKeptMs)} | ${f.pings} | ${s(f.maxPingGapMs)} | ${f.clock ?? 'main'} |`);
}
const t = figures.timer;
console.log(`| control: no WebSocket, a chained ${s(INTERVAL)} timer | ${t.visibility} | – | – | – | ${t.ticks} ticks | ${s(t.maxTickGapMs)} | main |`);
console.log();
console.log(`### Frozen ${s(FREEZE)}, then active (heartbeat every 2 s, pong within 1 s)`);
console.log();
console.log('| plug-in | link during the freeze | page events after | logged while frozen | server saw | codes the page reported | left open after resume | a 1 s timer armed before the freeze ran late by (main / Worker) |');
console.log('|---|---|---|---|---|---|---|---|');
for (const r of frozen) {
  const saw = r.serverSaw ? `close ${r.serverSaw.code} at +${s(r.serverSaw.afterFreezeMs)}` : 'still open';
  console.log(`| ${r.mode === 'main' ? 'heartbeat()' : 'keepalive()'} | ${r.link} | ${r.lifecycle.join(', ') || '–'} | ${r.loggedWhileFrozen} | ${saw} | ${r.codes.join(', ') || 'none'} | ${r.leftOpenAfterResumeMs === null ? 'stayed open' : `${r.leftOpenAfterResumeMs} ms`} | ${s(r.rawLateMs.main)} / ${s(r.rawLateMs.worker)} |`);
}
console.log();
console.log(`Finished in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
