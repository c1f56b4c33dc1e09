// Imports the built package the way users do (ESM and CJS, through the exports map) and
// checks that nothing under dist/core imports React.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const require = createRequire(import.meta.url);
const checks = [];
const check = (name, fn) => checks.push([name, fn]);

check('ESM root exports', async () => {
  const root = await import('react-lifeline');
  for (const name of ['useWebSocket', 'WebSocketProvider', 'describeCloseCode', 'createConnection', 'LifelineError']) {
    assert.equal(typeof root[name], 'function', name);
  }
  assert.equal(root.CLOSE_CODES[1008].name, 'Policy Violation');
  assert.equal(root.describeCloseCode(4000).range, 'private');
});
check('ESM core exports', async () => {
  const core = await import('react-lifeline/core');
  assert.equal(typeof core.createConnection, 'function');
  assert.equal(core.describeCloseCode(1012).retry, 'delayed');
});
check('CJS root and core exports', async () => {
  const root = require('react-lifeline');
  const core = require('react-lifeline/core');
  assert.equal(typeof root.useWebSocket, 'function');
  assert.equal(typeof root.WebSocketProvider, 'function');
  assert.equal(root.CLOSE_CODES[1000].name, 'Normal Closure');
  assert.equal(typeof core.createConnection, 'function');
  assert.equal(core.describeCloseCode(1006).onWire, false);
});
check('root and core share one copy of the core', async () => {
  const root = await import('react-lifeline');
  const core = await import('react-lifeline/core');
  assert.equal(root.LifelineError, core.LifelineError);
  assert.equal(require('react-lifeline').createConnection, require('react-lifeline/core').createConnection);
});
check('a server component may import the root\'s pure functions: the root evaluates without React\'s client APIs', async () => {
  // What a React Server Components bundler gives a "use client" module's importers is a reference, not
  // its code; here the client module is never evaluated, as there, by stubbing it before the root loads.
  const { readFileSync: read } = await import('node:fs');
  const root = read('dist/index.js', 'utf8');
  const clientImports = [...root.matchAll(/from "(\.\/[^"]+)"/g)].map((match) => match[1]);
  assert.deepEqual(clientImports.filter((path) => !/^\.\/(core|feedback|react)\/index\.js$/.test(path)), []);
  const feedback = read('dist/feedback/index.js', 'utf8');
  assert.doesNotMatch(feedback, /from ['"]react/, 'the feedback module (re-exported by the root) is React-free');
});
check('"use client" on the React module only: the root and the core are no client modules (server components may import their pure functions)', async () => {
  for (const file of ['dist/react/index.js', 'dist/react/index.cjs']) assert.match(readFileSync(file, 'utf8'), /^"use client";/, file);
  for (const entry of ['index', 'core/index', 'feedback/index', 'presets/index', 'share/index', 'tabs/index', 'heartbeat/index', 'ready/index', 'keepalive/index', 'resume/index', 'testing/index', 'native/index']) {
    for (const file of [`dist/${entry}.js`, `dist/${entry}.cjs`]) assert.doesNotMatch(readFileSync(file, 'utf8'), /use client/, file);
  }
  // The root takes its hooks from the client module, by name (no `export *` across the boundary).
  assert.match(readFileSync('dist/index.js', 'utf8'), /import \{[^}]*useWebSocket[^}]*\} from "\.\/react\/index\.js"/);
});
check('every plug-in is its own entry on the one core, without React', async () => {
  const core = await import('react-lifeline/core');
  for (const [entry, name] of [['share', 'sharedSockets'], ['tabs', 'crossTab'], ['heartbeat', 'heartbeat'], ['ready', 'ready'], ['keepalive', 'keepalive'], ['resume', 'resume'], ['presets', 'graphqlWsReady'], ['presets', 'sequenceResume'], ['native', 'nativeNetwork']]) {
    const code = readFileSync(`dist/${entry}/index.js`, 'utf8');
    assert.match(code, /from "\.\.\/(core|ready|resume)\/index\.js"/, entry);
    assert.doesNotMatch(code, /from ['"]react|createConnection\(/, entry);
    assert.equal(typeof (await import(`react-lifeline/${entry}`))[name], 'function', entry);
    assert.equal(typeof require(`react-lifeline/${entry}`)[name], 'function', `${entry} (CJS)`);
  }
  // A plug-in's errors are the core's LifelineError (one class for instanceof).
  const { heartbeat } = await import('react-lifeline/heartbeat');
  assert.ok(heartbeat({ message: 'ping', intervalMs: Number.NaN, timeoutMs: 1 }).error instanceof core.LifelineError);
  // keepalive builds on the heartbeat's entry (one heartbeat), and its Worker source stays out of the rest.
  assert.match(readFileSync('dist/keepalive/index.js', 'utf8'), /from "\.\.\/heartbeat\/index\.js"/);
  const { keepalive } = await import('react-lifeline/keepalive');
  assert.ok(keepalive({ message: 'ping', intervalMs: 1000, timeoutMs: 1000 }).error instanceof core.LifelineError);
  for (const file of ['dist/index.js', 'dist/react/index.js', 'dist/core/index.js', 'dist/heartbeat/index.js']) assert.doesNotMatch(readFileSync(file, 'utf8'), /postMessage\(i\)/, file);
  for (const file of ['dist/index.js', 'dist/react/index.js', 'dist/core/index.js']) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /Heartbeat timeout|connection_init|navigator\.locks|function createSocketPool|function nativeNetwork|Resume timeout/, file);
  }
});
check('the Storybook addon (ESM only, as Storybook 10 is): one decorator, the app\'s own provider, nothing in the root entry', async () => {
  const addon = await import('react-lifeline/storybook');
  const preview = await import('react-lifeline/storybook/preview');
  assert.equal(preview.decorators[0], addon.withLifeline);
  for (const file of ['dist/storybook/index.js', 'dist/storybook/preview.js']) {
    const code = readFileSync(file, 'utf8');
    // The provider comes from the root entry the app imports: one React context for both.
    assert.match(code, /from "\.\.\/index\.js"|from "\.\/index\.js"/, file);
    assert.doesNotMatch(code, /createContext/, file);
  }
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/react/index.js']) assert.doesNotMatch(readFileSync(file, 'utf8'), /storybook\/|withLifeline|createStoryServer/, file);
});
check('react-lifeline/devtools: a client entry whose panel is a chunk of its own, on the app\'s one context; nothing of it in the root', async () => {
  const entry = readFileSync('dist/devtools/index.js', 'utf8');
  assert.match(entry, /^"use client";/);
  assert.match(entry, /process\.env\.NODE_ENV === "production" \? \(\) => null/);
  assert.match(entry, /import\("\.\/LifelineDevtools-[\w-]+\.js"\)/, 'the panel is loaded lazily, from its own chunk');
  assert.doesNotMatch(entry, /Simulate|createContext|from "\.\.\/react\/index\.js"/, 'the entry itself holds no panel code');
  const production = await import('react-lifeline/devtools/production');
  assert.equal(typeof production.LifelineDevtools, 'function');
  assert.equal(typeof (await import('react-lifeline/devtools')).LifelineDevtools, 'function');
  assert.equal(typeof require('react-lifeline/devtools').LifelineDevtools, 'function');
  for (const file of readdirSync('dist/devtools').filter((name) => name.endsWith('.js'))) {
    assert.doesNotMatch(readFileSync(join('dist/devtools', file), 'utf8'), /createContext/, `${file}: the provider's context comes from react/index`);
  }
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/react/index.js']) assert.doesNotMatch(readFileSync(file, 'utf8'), /Simulate drop|LifelineDevtools/, file);
});
check('nothing under dist/core imports react', async () => {
  for (const file of readdirSync('dist/core')) {
    if (!/\.(c?js|d\.c?ts)$/.test(file)) continue;
    assert.doesNotMatch(readFileSync(join('dist/core', file), 'utf8'), /from ['"]react|require\(['"]react/, file);
  }
});
check('the root and core entries hold no toast library code', async () => {
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/react/index.js', 'dist/core/index.js', 'dist/core/index.cjs']) {
    assert.doesNotMatch(readFileSync(file, 'utf8'), /sonner|react-hot-toast|react-toastify|Toastify/, file);
  }
});
check('each toast adapter imports its own library only', async () => {
  for (const [entry, library] of [['sonner', 'sonner'], ['react-hot-toast', 'react-hot-toast'], ['react-toastify', 'react-toastify']]) {
    const code = readFileSync(`dist/${entry}/index.js`, 'utf8');
    assert.match(code, new RegExp(`from "${library}"`), entry);
    assert.match(code, /^"use client";/, entry);
    const adapter = await import(`react-lifeline/${entry}`);
    assert.equal(Object.values(adapter).filter((value) => typeof value?.show === 'function').length, 1, entry);
  }
});
check('react-lifeline/tabs: without Web Locks (Node has BroadcastChannel, not locks) share: \'tabs\' shares within the provider', async () => {
  const tabs = await import('react-lifeline/tabs');
  const core = await import('react-lifeline/core');
  const module = tabs.crossTab();
  assert.equal(module.supported, false);
  const local = core.createConnection('ws://127.0.0.1:9/x');
  const pool = module.createPool();
  assert.equal(pool.pick('ws://127.0.0.1:9/x', undefined, 'tabs', null, () => local).connection, local);
});
check('close-banner.css ships', async () => {
  assert.match(readFileSync('dist/close-banner.css', 'utf8'), /data-lifeline-banner/);
});
check('importing the core touches no window', async () => {
  assert.equal(typeof globalThis.window, 'undefined');
  const core = await import('react-lifeline/core');
  const connection = core.createConnection('ws://127.0.0.1:9/x');
  connection.connect();
  assert.equal(connection.getState().status, 'failed');
  assert.equal(connection.getState().error.code, 'no-websocket');
});

let failed = 0;
for (const [name, fn] of checks) {
  try {
    await fn();
    console.log(`ok   ${name}`);
  } catch (error) {
    failed += 1;
    console.log(`FAIL ${name}\n     ${error.message}`);
  }
}
console.log(`${checks.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
