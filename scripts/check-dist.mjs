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
check('"use client" on React entries only', async () => {
  for (const file of ['dist/index.js', 'dist/index.cjs']) assert.match(readFileSync(file, 'utf8'), /^"use client";/, file);
  for (const file of ['dist/core/index.js', 'dist/core/index.cjs']) assert.doesNotMatch(readFileSync(file, 'utf8'), /use client/, file);
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
  for (const file of ['dist/index.js', 'dist/index.cjs']) assert.doesNotMatch(readFileSync(file, 'utf8'), /storybook\/|withLifeline|createStoryServer/, file);
});
check('nothing under dist/core imports react', async () => {
  for (const file of readdirSync('dist/core')) {
    if (!/\.(c?js|d\.c?ts)$/.test(file)) continue;
    assert.doesNotMatch(readFileSync(join('dist/core', file), 'utf8'), /from ['"]react|require\(['"]react/, file);
  }
});
check('the root and core entries hold no toast library code', async () => {
  for (const file of ['dist/index.js', 'dist/index.cjs', 'dist/core/index.js', 'dist/core/index.cjs']) {
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
check('react-lifeline/tabs: its own entry, on the one core, without React', async () => {
  const code = readFileSync('dist/tabs/index.js', 'utf8');
  assert.match(code, /from "\.\.\/core\/index\.js"/);
  assert.doesNotMatch(code, /use client|from ['"]react|createConnection\(/);
  assert.doesNotMatch(readFileSync('dist/index.js', 'utf8'), /react-lifeline \$\{|readTabMessage|navigator\.locks|\.locks/);
  const tabs = await import('react-lifeline/tabs');
  const core = await import('react-lifeline/core');
  assert.equal(typeof require('react-lifeline/tabs').crossTab, 'function');
  // Node has BroadcastChannel but no Web Locks: share: 'tabs' falls back to sharing within the provider.
  const module = tabs.crossTab();
  assert.equal(module.supported, false);
  const local = core.createConnection('ws://127.0.0.1:9/x');
  assert.equal(module.share('k', local), local);
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
