// Renders key stories to PNG for the README and issue #12: builds nothing itself, so run
// `npm run build-storybook` first. Serves storybook-static and the demo server on loopback.
// First the stories alone (iframe.html), then the whole manager: its home, a close-code story
// with the Sockets panel, the playground with its controls, the addon panel with a timeline,
// a docs page, dark mode, and 375 px; then the devtools story. `node scripts/screenshots.mjs manager` takes
// only the manager's (and the devtools'), `node scripts/screenshots.mjs devtools` only the devtools'.
// `node scripts/screenshots.mjs all [filter]`: every story and docs page of the build at 1280x800,
// 3 s after it has rendered, into screenshots/ (gitignored: too many to commit), to look at each.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../demo/server.mjs';
import { serveStatic } from './serveStatic.mjs';

const root = 'storybook-static';
if (!existsSync(join(root, 'iframe.html'))) {
  console.error('storybook-static is missing: run `npm run build-storybook` first.');
  process.exit(1);
}
const http = await serveStatic(root);
const base = http.url;
// The static build talks to the demo server's default port.
const BUILT_DEMO_PORT = 8787;
// `all` runs beside anything else on this machine: its own demo server on an ephemeral port, the build's sockets pointed at it.
const demo = await startDemoServer({ port: process.argv[2] === 'all' ? 0 : Number(process.env.DEMO_PORT ?? BUILT_DEMO_PORT) });

const shots = [
  ['close-banner-1008', 'close-codes--code-1008', '[data-lifeline-banner]'],
  // Before the story's play function skips the wait: the countdown itself.
  ['close-banner-1012', 'close-codes--code-1012', '[data-lifeline-banner]:has-text("Reconnecting in")', 0],
  // The test-only copy whose play presses Retry now (the viewer's story lets the countdown run).
  ['close-banner-1012-reconnected', 'close-codes--code-1012-retry-now', '[data-lifeline-banner][data-severity="success"]', 200],
  // Each toast library, in the incident (counting down) and after "Reconnected", in place.
  ['toast-sonner', 'toasts--sonner', '[data-sonner-toast]:has-text("Reconnecting in")'],
  ['toast-sonner-reconnected', 'toasts--sonner', '[data-sonner-toast]:has-text("The connection is back")', 400],
  ['toast-react-hot-toast', 'toasts--react-hot-toast', '[data-lifeline-toast]:has-text("Reconnecting in")'],
  ['toast-react-hot-toast-reconnected', 'toasts--react-hot-toast', '[data-lifeline-toast]:has-text("The connection is back")', 400],
  ['toast-react-toastify', 'toasts--react-toastify', '.Toastify__toast:has-text("Reconnecting in")'],
  ['toast-react-toastify-reconnected', 'toasts--react-toastify', '.Toastify__toast:has-text("The connection is back")', 400],
  ['policy-playground', 'policy--playground', '.timeline li:nth-child(3)'],
  // After the ack: the subscribe queued on mount was answered.
  ['readiness-step', 'presets-graphql-ws--with-readiness-step', '.timeline li:nth-child(4)'],
  // The test-only copies whose play presses Run scenario (the viewer's stories wait for the button), once every
  // step has passed: after the room switch, the discard is reported and room B has opened ...
  ['session-queue', 'guides-sessions--session-queue-scenario-run', '.scenario[data-state="done"]', 300],
  // ... and after "Close the leader", the other tab took over: one socket again.
  ['cross-tab-takeover', 'guides-cross-tab-sharing--two-tabs-one-socket-scenario-run', '.scenario[data-state="done"]', 600],
];
const WHOLE_PAGE = new Set(['session-queue', 'cross-tab-takeover']);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
mkdirSync('docs/screenshots', { recursive: true });
const only = process.argv[2];
const preview = (page) => page.frameLocator('#storybook-preview-iframe');
const panelTab = (page, name) => page.getByRole('tab', { name }).click();

/** The manager: [file, path, what to do before the shot, viewport, colour scheme]. */
const managerShots = [
  ['manager-home', '/', async (page) => preview(page).getByRole('heading', { name: 'react-lifeline' }).first().waitFor()],
  [
    'manager-close-code-1008',
    '/?path=/story/close-codes--code-1008',
    async (page) => {
      await preview(page).getByRole('alert').filter({ hasText: 'refused' }).waitFor({ timeout: 15_000 });
      await panelTab(page, 'Sockets');
      await page.locator('#storybook-panel-root').getByText(/closed 1008/).first().waitFor();
    },
  ],
  [
    'manager-playground-controls',
    '/?path=/story/policy--playground',
    async (page) => {
      await panelTab(page, 'Controls');
      await page.locator('#storybook-panel-root').getByText('maxAttempts').filter({ visible: true }).first().waitFor();
    },
  ],
  [
    'addon-panel-timeline',
    // The panel on the right, so its controls, sockets and timeline show together.
    '/?path=/story/addon--drive-any-story&panel=right&addonPanel=react-lifeline/panel',
    async (page) => {
      const panel = page.locator('#storybook-panel-root');
      await panel.getByText('#1 open').filter({ visible: true }).first().waitFor();
      await panel.getByLabel('Message').fill('hello from the panel');
      await panel.getByRole('button', { name: 'Send server message' }).click();
      await panel.getByLabel('accept again after').fill('6');
      await panel.getByRole('button', { name: 'Restart server (1012)' }).click();
      await preview(page).getByRole('status').filter({ hasText: 'Reconnecting in' }).waitFor({ timeout: 15_000 });
    },
    { width: 1440, height: 1000 },
  ],
  [
    'docs-usewebsocket',
    '/?path=/docs/docs-usewebsocket--docs',
    // Down to its first live story, under the snippet and the table.
    async (page) => {
      const story = preview(page).locator('.docs-story').first();
      await story.waitFor({ timeout: 15_000 });
      await story.evaluate((element) => element.scrollIntoView({ block: 'center' }));
    },
  ],
  [
    'dark-mode-1012',
    '/?path=/story/close-codes--code-1012',
    async (page) => {
      await preview(page).getByRole('status').filter({ hasText: 'Reconnecting in' }).waitFor({ timeout: 15_000 });
      await panelTab(page, 'Sockets');
    },
    { width: 1280, height: 800 },
    'dark',
  ],
  [
    'mobile-375-1008',
    '/iframe.html?id=close-codes--code-1008&viewMode=story',
    async (page) => page.getByRole('alert').filter({ hasText: 'refused' }).waitFor({ timeout: 15_000 }),
    { width: 375, height: 812 },
  ],
  [
    'mobile-375-addon',
    '/iframe.html?id=addon--scenario-restart&viewMode=story',
    async (page) => page.getByRole('status').filter({ hasText: 'Reconnecting in' }).waitFor({ timeout: 15_000 }),
    { width: 375, height: 812 },
  ],
  // <LifelineDevtools /> open over its story's app, after the chat's server restarted it: light, dark (the page's colour scheme), 375 px.
  ...[
    ['devtools-light', { width: 1280, height: 800 }, 'light'],
    ['devtools-dark', { width: 1280, height: 800 }, 'dark'],
    ['devtools-375', { width: 375, height: 812 }, 'light'],
  ].map(([name, viewport, colorScheme]) => [
    name,
    '/iframe.html?id=guides-devtools--open-after-a-restart&viewMode=story',
    async (page) => {
      await page.getByText(/^#2 open$/).first().waitFor({ timeout: 90_000 });
      // The chat's card, with its close, retry and reopen, in view inside the panel.
      await page.getByRole('article').nth(1).evaluate((element) => element.scrollIntoView({ block: 'end' }));
    },
    viewport,
    colorScheme,
  ]),
];

/** Every story and docs page, 3 s after it rendered, as a first visit sees it. */
async function everyEntry(filter = '') {
  const entries = Object.values(JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')).entries).filter((entry) => entry.id.includes(filter));
  mkdirSync('screenshots', { recursive: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, colorScheme: 'light' });
  await context.addInitScript(
    ({ from, to }) => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url, protocols) {
          super(String(url).replace(`//127.0.0.1:${from}/`, `//127.0.0.1:${to}/`), protocols);
        }
      };
    },
    { from: BUILT_DEMO_PORT, to: demo.port },
  );
  const queue = [...entries];
  await Promise.all(
    Array.from({ length: Number(process.env.SCREENSHOTS_PARALLEL ?? 3) }, async () => {
      const page = await context.newPage();
      for (let entry = queue.shift(); entry !== undefined; entry = queue.shift()) {
        const mode = entry.type === 'docs' ? 'docs' : 'story';
        try {
          await page.goto(`${base}/iframe.html?id=${entry.id}&viewMode=${mode}`);
          await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), null, { timeout: 60_000 });
          await page.waitForTimeout(3000);
          await page.screenshot({ path: `screenshots/${entry.id}.png` });
          console.log(`screenshots/${entry.id}.png`);
        } catch (error) {
          console.log(`FAILED ${entry.id}: ${error.message.split('\n')[0]}`);
        }
      }
      await page.close();
    }),
  );
  await context.close();
}

try {
  if (only === 'all') await everyEntry(process.argv[3]);
  else await keyShots();
} finally {
  await browser.close();
  await demo.close();
  http.close();
}

/** The README's and the shots: key stories, then the manager. */
async function keyShots() {
  const page = await browser.newPage({ viewport: { width: 820, height: 520 }, deviceScaleFactor: 1 });
  for (const [name, id, ready, settleMs = 600] of only === 'manager' || only === 'devtools' ? [] : shots) {
    await page.goto(`${base}/iframe.html?id=${id}&viewMode=story`);
    await page.waitForSelector(ready, { timeout: 25_000 });
    await page.waitForTimeout(settleMs);
    // The walkthroughs' "Run scenario" panel sits above their demo: the whole page, to show both.
    await page.screenshot({ path: `docs/screenshots/${name}.png`, fullPage: WHOLE_PAGE.has(name) });
    console.log(`docs/screenshots/${name}.png`);
  }
  // 1012 mid-way: two seconds into its countdown.
  if (only !== 'manager' && only !== 'devtools') {
    await page.goto(`${base}/iframe.html?id=close-codes--code-1012&viewMode=story`);
    await page.waitForSelector('[data-lifeline-banner]:has-text("Reconnecting in")', { timeout: 25_000 });
    await page.waitForTimeout(2000);
    await page.screenshot({ path: 'docs/screenshots/close-banner-1012-midway.png' });
    console.log('docs/screenshots/close-banner-1012-midway.png');
  }
  for (const [name, path, ready, viewport = { width: 1280, height: 800 }, colorScheme = 'light'] of managerShots.filter(([name]) => only !== 'devtools' || name.startsWith('devtools'))) {
    const context = await browser.newContext({ viewport, colorScheme, deviceScaleFactor: 1 });
    const tab = await context.newPage();
    await tab.goto(`${base}${path}`);
    await ready(tab);
    await tab.waitForTimeout(800);
    await tab.screenshot({ path: `docs/screenshots/${name}.png` });
    console.log(`docs/screenshots/${name}.png`);
    await context.close();
  }
}
