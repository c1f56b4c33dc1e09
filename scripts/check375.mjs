// Checks that no story or docs page overflows a 375 px wide phone screen: opens every story and
// every docs page (MDX pages and autodocs) of storybook-static/index.json in Chromium at 375x800 and compares the page's scrollWidth with
// 375, once the story has had time to connect and show what it shows. Prints each story id with
// its widest scrollWidth (and, on overflow, the elements that stick out); exits 1 on overflow.
// Builds nothing itself: run `npm run build-storybook` first. Serves storybook-static on
// loopback and starts the demo server on the port the build talks to (8787, or DEMO_PORT),
// unless one already listens there.
//
//   node scripts/check375.mjs [filter]    only the story and docs ids that contain `filter`
//   STORYBOOK_STATIC=dir                  a build elsewhere (storybook build -o dir)
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { startDemoServer } from '../demo/server.mjs';
import { serveStatic } from './serveStatic.mjs';

const WIDTH = 375;
const HEIGHT = 800;
/** When to measure, in ms after the story has rendered: banners and timelines grow as the demo server answers. */
const MEASURE_AT = [300, 2500, 6000];
const PARALLEL = Number(process.env.CHECK375_PARALLEL ?? 6);

const root = process.env.STORYBOOK_STATIC ?? 'storybook-static';
if (!existsSync(join(root, 'iframe.html'))) {
  console.error('storybook-static is missing: run `npm run build-storybook` first.');
  process.exit(2);
}
const filter = process.argv[2] ?? '';
const entries = Object.values(JSON.parse(readFileSync(join(root, 'index.json'), 'utf8')).entries).filter((entry) => entry.id.includes(filter));
// Stories in story mode, docs pages in docs mode.
const ids = entries.map((entry) => ({ id: entry.id, mode: entry.type === 'docs' ? 'docs' : 'story' }));

const http = await serveStatic(root);
const base = http.url;

const demoPort = Number(process.env.DEMO_PORT ?? 8787);
let demo = null;
try {
  demo = await startDemoServer({ port: demoPort });
} catch (error) {
  if (error?.code !== 'EADDRINUSE') throw error;
  console.log(`(a demo server already listens on ${demoPort}: using it)`);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});

/** The widest the page got, and what stuck out past the right edge then. */
async function measure(page, { id, mode }) {
  await page.goto(`${base}/iframe.html?id=${encodeURIComponent(id)}&viewMode=${mode}`);
  // Storybook shows #storybook-root once the story has rendered, #storybook-docs once a docs page has (or its error page if it threw).
  await page.waitForFunction(() => document.body.classList.contains('sb-show-main') || document.body.classList.contains('sb-show-errordisplay'), null, { timeout: 30_000 });
  if (mode === 'docs') await page.locator('#storybook-docs .sbdocs-content').first().waitFor({ timeout: 30_000 });
  if (await page.evaluate(() => document.body.classList.contains('sb-show-errordisplay'))) return { id, width: NaN, error: 'the story failed to render' };
  let widest = { width: 0, over: [] };
  let waited = 0;
  for (const at of MEASURE_AT) {
    await page.waitForTimeout(at - waited);
    waited = at;
    const seen = await page.evaluate((limit) => {
      const describe = (element) =>
        `${element.tagName.toLowerCase()}${element.id ? `#${element.id}` : ''}${element.classList.length ? `.${[...element.classList].join('.')}` : ''} (right ${Math.round(element.getBoundingClientRect().right)})`;
      const over = [...document.body.querySelectorAll('*')].filter((element) => element.getBoundingClientRect().right > limit + 0.5);
      // The outermost elements that stick out, not every descendant of theirs.
      const outermost = over.filter((element) => !over.includes(element.parentElement));
      return { width: document.documentElement.scrollWidth, over: outermost.slice(0, 5).map(describe) };
    }, WIDTH);
    if (seen.width >= widest.width) widest = seen;
  }
  return { id, ...widest };
}

const results = [];
try {
  const queue = [...ids];
  const context = await browser.newContext({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
  await Promise.all(
    Array.from({ length: Math.min(PARALLEL, queue.length) }, async () => {
      const page = await context.newPage();
      for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
        const id = `${next.id}${next.mode === 'docs' ? ' (docs)' : ''}`;
        const result = await measure(page, next).then((seen) => ({ ...seen, id })).catch((error) => ({ id, width: NaN, error: error.message.split('\n')[0] }));
        results.push(result);
        const ok = result.width <= WIDTH;
        console.log(`${ok ? 'ok  ' : 'FAIL'} ${String(result.width).padStart(4)}  ${id}${result.error ? `  (${result.error})` : ''}${ok ? '' : result.over?.length ? `\n       sticks out: ${result.over.join(', ')}` : ''}`);
      }
      await page.close();
    }),
  );
} finally {
  await browser.close();
  await demo?.close();
  http.close();
}

const failed = results.filter((result) => !(result.width <= WIDTH));
console.log(`\n${results.length - failed.length} of ${results.length} stories and docs pages fit in ${WIDTH} px${failed.length ? `; over: ${failed.map((result) => result.id).join(', ')}` : ''}.`);
process.exit(failed.length ? 1 : 0);
