// The core's bundle on a phone's JavaScript engine: a driver (a fake React Native socket that
// fires plain-object events, a fake clock) connects, takes a message, is closed with each code of
// the registry (CLOSE_CODES.md), reconnects where the policy says so, and queues a send across a
// drop. The same bundle runs three ways and must print the same lines, and those must match the
// registry's advice: under Hermes (the `hermes` binary of hermes-engine-cli, if it runs here), in a
// Node vm context with no URL, window, document, location, navigator or TextEncoder, and in Node.
//
//   node scripts/checkHermes.mjs [path/to/hermes]   (after npm run build)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const require = createRequire(import.meta.url);

const DRIVER = `
import { createConnection, CLOSE_CODES } from './dist/core/index.js';

// React Native's InitializeCore gives every engine a queueMicrotask; older Hermes has none of its own.
if (typeof queueMicrotask !== 'function') globalThis.queueMicrotask = (job) => void Promise.resolve().then(job);
const print = globalThis.print || globalThis.console.log;

let now = 0;
let pending = [];
let ids = 0;
const timers = {
  setTimeout(callback, ms) { pending.push({ id: ++ids, at: now + ms, callback }); return ids; },
  clearTimeout(id) { pending = pending.filter((timer) => timer.id !== id); },
  now: () => now,
};
function advance(ms) {
  const end = now + ms;
  for (;;) {
    pending.sort((a, b) => a.at - b.at || a.id - b.id);
    const next = pending[0];
    if (!next || next.at > end) break;
    pending.shift();
    now = next.at;
    next.callback();
  }
  now = end;
}
const settle = async () => { for (let i = 0; i < 10; i++) await null; };

// React Native's WebSocket: events are plain objects; close has code and reason, no wasClean.
const sockets = [];
class PhoneSocket {
  constructor(url) { this.url = url; this.readyState = 0; this.binaryType = 'blob'; this.listeners = {}; this.sent = []; sockets.push(this); }
  addEventListener(type, listener) { (this.listeners[type] = this.listeners[type] || []).push(listener); }
  send(data) { this.sent.push(data); }
  close(code, reason) { this.readyState = 2; queueMicrotask(() => this.fire('close', { code: code, reason: reason })); }
  fire(type, fields) {
    if (type === 'open') this.readyState = 1;
    if (type === 'close') this.readyState = 3;
    for (const listener of this.listeners[type] || []) listener(Object.assign({ type: type }, fields));
  }
}
const last = () => sockets[sockets.length - 1];

async function main() {
  for (const code of Object.keys(CLOSE_CODES).map(Number)) {
    const connection = createConnection('HTTPS://chat.example.com/room?id=1', { WebSocket: PhoneSocket, timers: timers, random: () => 0.5, policy: { jitter: 'none' } });
    connection.connect();
    await settle();
    const first = last();
    first.fire('open');
    first.fire('message', { data: 'hello' });
    const open = connection.getState();
    // As React Native delivers them: 1005 without a code, 1006 with the native error text.
    first.fire('close', code === 1005 ? {} : { code: code, reason: code === 1006 ? 'Failed to connect to chat.example.com' : 'bye-' + code });
    const closed = connection.getState();
    const queued = connection.send('after-' + code);
    advance(120000);
    await settle();
    const retried = last() !== first;
    if (retried) last().fire('open');
    await settle();
    const close = closed.lastClose;
    print([code, first.url, open.status, open.lastMessage, closed.status, close.code, JSON.stringify(close.reason), close.wasClean ? 'clean' : 'unclean', close.initiator, close.action, queued, retried ? 'retried:' + connection.getState().status + ':' + last().sent.join('|') : 'stayed:' + connection.getState().status].join(' '));
    connection.disconnect(1000, 'fin \u2713');
    await settle();
    connection.dispose();
  }
  print('done');
}
main().catch((error) => print('FAILED ' + (error && error.stack || error)));
`;

const dir = mkdtempSync(join(tmpdir(), 'lifeline-hermes-'));
const bundle = join(dir, 'core-driver.js');
const { outputFiles } = await build({
  stdin: { contents: DRIVER, resolveDir: root, sourcefile: 'driver.js' },
  bundle: true,
  format: 'iife',
  target: 'es2022',
  define: { 'process.env.NODE_ENV': '"production"' },
  write: false,
  logLevel: 'warning',
});
// Lowered as Metro's Babel transforms lower an app's code for Hermes (this Hermes has no classes
// and no async functions), with the Babel of the example app's install.
const fromExample = createRequire(join(root, 'examples/expo-chat/package.json'));
const babel = fromExample('@babel/core');
const LOWER = [
  'class-properties',
  'private-methods',
  'classes',
  'async-to-generator',
  'logical-assignment-operators',
  'nullish-coalescing-operator',
  'optional-chaining',
  'optional-catch-binding',
  'unicode-regex',
].map((name) => fromExample.resolve(`@babel/plugin-transform-${name}`));
writeFileSync(bundle, babel.transformSync(outputFiles[0].text, { babelrc: false, configFile: false, plugins: LOWER, sourceType: 'script' }).code);

const runs = {};
const hermes = process.argv[2] ?? (() => {
  try {
    return join(require.resolve('hermes-engine-cli/package.json', { paths: [join(root, 'examples/expo-chat')] }), '..', 'linux64-bin', 'hermes');
  } catch {
    return undefined;
  }
})();
if (hermes && existsSync(hermes) && process.platform === 'linux' && process.arch === 'x64') {
  runs.hermes = execFileSync(hermes, [bundle], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  console.log(`Hermes: ${execFileSync(hermes, ['-version'], { encoding: 'utf8' }).match(/Hermes release version: (\S+)/)?.[1] ?? 'version unknown'} (${hermes})`);
} else {
  console.log('Hermes: no runnable hermes binary here (install examples/expo-chat, or pass its path); the URL-less vm run stands in.');
}
{
  const lines = [];
  const bare = vm.createContext({ print: (line) => lines.push(line) });
  const absent = vm.runInContext(`[typeof URL, typeof window, typeof document, typeof location, typeof navigator, typeof TextEncoder, typeof queueMicrotask].join(' ')`, bare);
  if (absent !== 'undefined undefined undefined undefined undefined undefined undefined') throw new Error(`the vm context has globals it should not: ${absent}`);
  vm.runInContext(await import('node:fs').then((fs) => fs.readFileSync(bundle, 'utf8')), bare);
  for (let i = 0; i < 50 && lines.at(-1) !== 'done' && !String(lines.at(-1)).startsWith('FAILED'); i++) await new Promise((r) => setImmediate(r));
  runs['vm without URL/window/document'] = lines.join('\n') + '\n';
}
{
  const lines = [];
  const original = globalThis.print;
  globalThis.print = (line) => lines.push(line);
  await import(bundle);
  for (let i = 0; i < 50 && lines.at(-1) !== 'done' && !String(lines.at(-1)).startsWith('FAILED'); i++) await new Promise((r) => setImmediate(r));
  globalThis.print = original;
  runs.node = lines.join('\n') + '\n';
}

// What the registry says each code leads to.
const { CLOSE_CODES } = await import(join(root, 'dist/core/index.js'));
const problems = [];
const reference = runs.node.trim().split('\n');
if (reference.at(-1) !== 'done') problems.push(`node run did not finish: ${reference.at(-1)}`);
for (const line of reference.slice(0, -1)) {
  const [code, url, openStatus, message, closedStatus, closeCode, reason, clean, initiator, action, queued, outcome] = line.split(' ');
  const info = CLOSE_CODES[Number(code)];
  const lost = code === '1006' || code === '1015';
  const retries = info.retry === 'backoff' || info.retry === 'delayed';
  const expect = (what, got, want) => got !== want && problems.push(`${code}: ${what} ${got}, expected ${want}`);
  expect('url', url, 'wss://chat.example.com/room?id=1');
  expect('open status', openStatus, 'open');
  expect('message', message, 'hello');
  expect('close code', closeCode, code);
  expect('reason', reason, lost || code === '1005' ? '""' : `"bye-${code}"`);
  expect('wasClean', clean, lost ? 'unclean' : 'clean');
  expect('initiator', initiator, lost ? 'network' : 'server');
  expect('action', action, info.retry);
  expect('status after the close', closedStatus, retries ? 'reconnecting' : 'closed');
  expect('send after the close', queued, retries ? 'queued' : 'rejected');
  expect('outcome', outcome, retries ? `retried:open:after-${code}` : 'stayed:closed');
}
for (const [name, output] of Object.entries(runs)) {
  if (output !== runs.node) problems.push(`${name} printed something else than node:\n${output}`);
}
console.log(runs.node.trim());
for (const name of Object.keys(runs)) console.log(`${name}: ${runs[name].trim().split('\n').length - 1} close codes, ${runs[name] === runs.node ? 'same lines as node' : 'DIFFERENT'}`);
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
console.log(`checkHermes: ${reference.length - 1} passed, 0 failed`);
