// Acceptance test of `react-lifeline/devtools` in a real Chromium: an app with two connections
// (one shared by two hooks) against a `ws` server on 127.0.0.1 (test/browser/devtoolsPage.tsx,
// bundled with esbuild, served from the same port). The panel is opened from the keyboard; the
// server closes the feed with 1012 and the panel shows the close, the countdown, the retry and
// the reopen in order; "Retry now" cuts a minute's wait; axe finds nothing on the open panel in
// light and dark; no secret of the URLs shows. Run by `npm run test:browser` (project `chromium`).
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Locator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { bundlePage } from '../helpers/bundlePage';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
// Generous, event-driven waits: the machine may be busy.
vi.setConfig({ testTimeout: 240_000 });

let http: Server;
let wss: WebSocketServer;
let browser: Browser;
let page: Page;
let origin: string;
/** Open server-side sockets, by path (`/ws/feed`, `/ws/chat`). */
const sockets = new Map<string, WebSocket[]>();

beforeAll(async () => {
  const script = await bundlePage(new URL('./devtoolsPage.tsx', import.meta.url));
  wss = new WebSocketServer({ noServer: true });
  http = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      response.end('<!doctype html><html lang="en"><head><title>devtools</title></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>');
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      response.end(script);
    } else response.writeHead(404).end();
  });
  http.on('upgrade', (request, socket, head) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    wss.handleUpgrade(request, socket, head, (ws) => {
      sockets.set(path, [...(sockets.get(path) ?? []), ws]);
      ws.on('close', () => sockets.set(path, (sockets.get(path) ?? []).filter((other) => other !== ws)));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1100, height: 800 } });
  await page.goto(origin);
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid]')].every((element) => element.textContent === 'open'), undefined, { timeout: 60_000 });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  for (const client of wss?.clients ?? []) client.terminate();
  wss?.close();
  await new Promise((resolve) => http?.close(resolve));
});

const panel = () => page.getByRole('region', { name: 'react-lifeline devtools' });
const card = (path: string): Locator => panel().getByRole('article').filter({ has: page.getByRole('heading', { name: new RegExp(`/ws/${path}`) }) });
const lines = async (path: string) => (await card(path).getByRole('log').getByRole('listitem').allTextContents()).map((line) => line.replace(/^\+\d+\.\d s/, ''));
const detail = (path: string, label: string) => card(path).locator('dt', { hasText: label }).locator('xpath=following-sibling::dd').textContent();

describe('<LifelineDevtools /> in Chromium, against a ws server on 127.0.0.1', () => {
  it('opens from the keyboard: both connections, the feed shared by two hooks, no URL secret anywhere', async () => {
    const toggle = page.getByRole('button', { name: /^Sockets 2\/2/ });
    // The panel's code is a lazy chunk in development: the button comes once it has loaded.
    await toggle.waitFor({ timeout: 60_000 });
    await page.keyboard.press('Tab');
    await expect.poll(() => toggle.evaluate((element) => element === document.activeElement), { timeout: 30_000 }).toBe(true);
    await page.keyboard.press('Enter');
    await expect.poll(() => toggle.getAttribute('aria-expanded'), { timeout: 30_000 }).toBe('true');
    await expect.poll(() => panel().getByRole('article').count(), { timeout: 30_000 }).toBe(2);
    expect(await detail('feed', 'Hooks')).toBe('2 (shared)');
    expect(await detail('chat', 'Hooks')).toBe('1');
    const text = `${await panel().innerHTML()}${await toggle.innerHTML()}`;
    for (const secret of ['secret-token', 'secret-password', 'token=', 'devtools:']) expect(text).not.toContain(secret);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-expanded'))).toBe('true'); // focus stays on the button
  });

  it('the server closes the feed with 1012: the panel shows the close, the countdown, the retry and the reopen, in order', async () => {
    sockets.get('/ws/feed')![0]!.close(1012, 'restart');
    await expect.poll(() => detail('feed', 'Status'), { timeout: 30_000 }).toBe('reconnecting');
    // The countdown: "in 3.8 s", then less.
    const seen = new Set<string>();
    await expect
      .poll(
        async () => {
          const text = await detail('feed', 'Next retry');
          if (text?.startsWith('in ')) seen.add(text);
          return seen.size;
        },
        { timeout: 10_000, interval: 300 },
      )
      .toBeGreaterThanOrEqual(2);
    const countdown = [...seen].map((text) => Number.parseFloat(text.slice(3)));
    expect(countdown).toEqual([...countdown].sort((a, b) => b - a));
    // The scheduled retry, counting down (or, on a slow machine, already done: "set for").
    expect((await lines('feed')).some((line) => /^1012: retry (in \d+\.\d s|set for \d+\.\d s later)$/.test(line))).toBe(true);
    await expect.poll(() => detail('feed', 'Status'), { timeout: 60_000 }).toBe('open');
    await expect.poll(async () => (await lines('feed')).slice(0, 4), { timeout: 30_000 }).toEqual([
      '#2 open',
      '#2 connecting to ws://127.0.0.1:' + new URL(origin).port + '/ws/feed',
      '1012: retry set for 4.0 s later',
      '#1 closed 1012 Service Restart by the server: “restart”',
    ]);
    expect(await detail('feed', 'Last close')).toBe('1012 Service Restart by the server, delayed');
  });

  it('"Retry now" in the panel reconnects at once a connection that would wait a minute', async () => {
    sockets.get('/ws/chat')![0]!.close(4001, 'later');
    await expect.poll(() => detail('chat', 'Status'), { timeout: 30_000 }).toBe('reconnecting');
    expect(await detail('chat', 'Next retry')).toMatch(/^in (5\d|60)\.\d s$/);
    await card('chat').getByRole('button', { name: 'Retry now' }).click();
    await expect.poll(() => detail('chat', 'Status'), { timeout: 30_000 }).toBe('open');
    expect(await page.getByTestId('chat').textContent()).toBe('open');
    expect((await lines('chat'))[0]).toBe('#2 open');
  });

  it.each(['light', 'dark'] as const)('axe reports no violation on the open panel (%s)', async (colorScheme) => {
    await page.emulateMedia({ colorScheme });
    await expect
      .poll(() => panel().evaluate((element) => getComputedStyle(element).backgroundColor))
      .toBe(colorScheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
    const violations = await page.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(context: Element, options: object): Promise<{ violations: Array<{ id: string; help: string; nodes: unknown[] }> }> } }).axe;
      const result = await axe.run(document.querySelector('[data-lifeline-devtools]')!, { resultTypes: ['violations'] });
      return result.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`);
    });
    expect(violations).toEqual([]);
  });
});
