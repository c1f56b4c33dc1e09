// The stories as a visitor meets them in the static Storybook: each story's words, read from
// the DOM beside the state they describe, never contradict it. Serves a static build on
// 127.0.0.1 (STORYBOOK_STATIC, default storybook-static, built first if missing), starts the
// demo server on an ephemeral port and points the build's sockets at it, then opens each story
// by id in Chromium. The same test runs against any build of the stories (an older one too:
// STORYBOOK_STATIC=../old/storybook-static).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startDemoServer } from '../../demo/server.mjs';
import { serveStatic } from '../../scripts/serveStatic.mjs';
import { describeCloseCode } from '../../src/core/describeCloseCode';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const STATIC = process.env.STORYBOOK_STATIC ?? join(ROOT, 'storybook-static');
/** The port the static build's demo URL names (`npm run build-storybook` without STORYBOOK_DEMO_URL). */
const BUILT_DEMO_PORT = 8787;
// Generous, event-driven waits: the machine may be busy (a static Storybook manager can take 30 s to show a story there).
const WAIT = { timeout: 60_000 };
vi.setConfig({ testTimeout: 240_000 });

let http: Awaited<ReturnType<typeof serveStatic>>;
let demo: Awaited<ReturnType<typeof startDemoServer>>;
let browser: Browser;
let context: BrowserContext;

beforeAll(async () => {
  if (!existsSync(join(STATIC, 'index.json'))) {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '--quiet', '-o', STATIC], { cwd: ROOT, stdio: 'pipe' });
  }
  http = await serveStatic(STATIC);
  demo = await startDemoServer({ port: 0 });
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1, colorScheme: 'light' });
  // Every frame's sockets to the build's demo port go to this test's own demo server instead.
  await context.addInitScript(
    ({ from, to }) => {
      const Native = window.WebSocket;
      window.WebSocket = class extends Native {
        constructor(url: string | URL, protocols?: string | string[]) {
          super(String(url).replace(`//127.0.0.1:${from}/`, `//127.0.0.1:${to}/`), protocols);
        }
      };
    },
    { from: BUILT_DEMO_PORT, to: demo.port },
  );
}, 600_000);

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await demo?.close();
  await http?.close();
});

/** A story alone, as the canvas shows it. */
async function story(id: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${http.url}/iframe.html?id=${id}&viewMode=story`);
  await page.locator('#storybook-root').waitFor({ state: 'attached' });
  return page;
}

const text = (locator: Locator) => locator.textContent().then((value) => value ?? '');

describe('the stories never contradict their own state', () => {
  it('a connection open again after a retried 4001 says "open again", not "will retry" (policy--per-code-rules)', async () => {
    const page = await story('policy--per-code-rules');
    // The 4001, then the retry's open: the last line of the timeline.
    await expect.poll(() => text(page.getByLabel('timeline')), WAIT).toMatch(/close 4001[\s\S]*open$/);
    await expect.poll(() => text(page.getByTestId('status')), WAIT).toBe('open');
    const lastClose = await text(page.getByTestId('last-close'));
    expect(`status open · last close ${lastClose}`).toMatch(/^status open · last close 4001 .* · open again$/);
    await page.close();
  });

  it('a banner that says "Reconnected" stands beside a last close that was retried (close-codes--code-1012-retry-now)', async () => {
    const page = await story('close-codes--code-1012-retry-now');
    const banner = page.getByRole('status').filter({ hasText: 'Reconnected' });
    await banner.waitFor(WAIT);
    await expect.poll(() => text(page.getByTestId('last-close')), WAIT).toMatch(/^1012 .* · open again$/);
    await page.close();
  });

  it("writes a countdown's units in its sentence's language: English words, English units (localized catalog, fr-FR)", async () => {
    const page = await story('feedback-localized-catalog--countdown-in-any-locale');
    const banner = page.getByRole('status').filter({ hasText: 'Reconnecting in' });
    await banner.waitFor(WAIT);
    expect(await text(banner)).toMatch(/Reconnecting in 1 minute \d+ seconds?\./);
    await page.close();
  });

  it("writes a toast's countdown in English units beside the English sentence, under locale de-DE (toasts)", async () => {
    const page = await story('toasts--playground-german-countdown');
    const toast = page.locator('.Toastify__toast').filter({ hasText: 'Reconnecting in' });
    await toast.waitFor(WAIT);
    expect(await text(toast)).toMatch(/Reconnecting in \d+ seconds?\./);
    await page.close();
  });

  it("names a Discord preset code by the preset's name, in the heading and the facts (4004 Authentication failed)", async () => {
    const page = await story('presets-discord-gateway--authentication-failed');
    await expect.poll(() => text(page.getByTestId('last-close')), WAIT).toMatch(/^4004 /);
    expect(await text(page.getByRole('heading', { level: 2 }))).toBe('4004 · Authentication failed');
    expect(await text(page.getByTestId('last-close'))).toBe('4004 Authentication failed · by server · no retry');
    await page.close();
  });

  it("words a graphql-ws 4401 in the preset's words, with a way forward (presets-graphql-ws--without-readiness-step)", async () => {
    const page = await story('presets-graphql-ws--without-readiness-step');
    await expect.poll(() => text(page.getByTestId('status')), WAIT).toBe('closed');
    expect(await text(page.getByTestId('last-close'))).toMatch(/^4401 Unauthorized \(graphql-ws\) · by server · no retry$/);
    const alert = page.getByRole('alert').filter({ hasText: 'not ready' });
    await alert.waitFor(WAIT);
    expect(await alert.getByRole('button', { name: 'Reload' }).count()).toBe(1);
    await page.close();
  });

  for (const code of [1004, 1015]) {
    it(`calls ${code}, which never travels in a close frame, simulated rather than "by server" (close-codes--code-${code})`, async () => {
      const page = await story(`close-codes--code-${code}`);
      await expect.poll(() => text(page.getByTestId('last-close')), WAIT).toMatch(new RegExp(`^${code} `));
      const said = `${await text(page.getByText(/never appears in a close frame/))} | ${await text(page.getByTestId('last-close'))}`;
      expect(said).toMatch(/simulated locally/);
      expect(said).not.toMatch(/by server/);
      await page.close();
    });
  }

  it('says how many messages are still to come when the flood ends, not "n = 0" (guides-connection--render-only-what-you-read)', async () => {
    const page = await story('guides-connection--render-only-what-you-read');
    await expect.poll(() => text(page.getByTestId('n')), WAIT).toBe('0');
    expect(await text(page.getByTestId('n').locator('..'))).toMatch(/messages still to come 0 of 400/);
    await page.close();
  });

  it('while offline, the status and the timeline wait for the network beside "You are offline" (addon--scenario-offline)', async () => {
    const page = await story('addon--scenario-offline');
    await page.getByRole('status').filter({ hasText: 'You are offline' }).waitFor(WAIT);
    const timeline = page.getByRole('region', { name: 'Socket timeline' });
    await expect.poll(() => text(timeline), WAIT).toMatch(/1006: /);
    const said = `${await text(page.getByText(/^Status:/))} | ${await text(timeline)}`;
    expect(said).toMatch(/offline: no attempt until the network is back/);
    expect(said).toMatch(/1006: retry once the network is back/);
    expect(said).not.toMatch(/1006: retry in/);
    // The box lists the client's sockets too: not "what the server saw".
    expect(said).not.toMatch(/What the server saw/);
    await page.close();
  });

  it('counts in its heading the components it shows (guides-connection--shared-socket)', async () => {
    const page = await story('guides-connection--shared-socket');
    await expect.poll(() => text(page.getByTestId('log-status')), WAIT).toBe('open');
    const readers = await page.getByText(/^(inbox|badge|log): /).count();
    const senders = await page.getByRole('button', { name: 'Send through the shared socket' }).count();
    const words = ['zero', 'one', 'two', 'three', 'four', 'five'];
    expect(await text(page.getByRole('heading', { level: 2 }))).toContain(`${words[readers + senders]} components: ${words[readers]} readers and a sender`);
    await page.close();
  });

  it('offers a way forward beside a 1009 that stopped the connection (close-codes--code-1009)', async () => {
    const page = await story('close-codes--code-1009');
    const alert = page.getByRole('alert').filter({ hasText: 'too large' });
    await alert.waitFor(WAIT);
    expect(await text(page.getByTestId('status'))).toBe('closed');
    expect(await alert.getByRole('button', { name: 'Reconnect' }).count()).toBe(1);
    await page.close();
  });

  it('labels each of two banners with its socket (feedback-localized-catalog--german)', async () => {
    const page = await story('feedback-localized-catalog--german');
    const restart = page.getByRole('region', { name: /^Socket 1: server restart \(1012\)$/ });
    const refused = page.getByRole('region', { name: /^Socket 2: refused \(1008\)$/ });
    await restart.getByRole('status').filter({ hasText: 'Der Server startet neu' }).waitFor(WAIT);
    await refused.getByRole('alert').filter({ hasText: 'abgelehnt' }).waitFor(WAIT);
    await page.close();
  });
});

describe('one name per code, one label per action, clocks with the hour', () => {
  it("names every close-code story in the sidebar by the registry's name, as its heading does", async () => {
    const entries = Object.values(JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')).entries as Record<string, { id: string; name: string; title: string; tags?: string[] }>);
    const named = entries.filter((entry) => entry.title === 'Close codes' && /^\d{4} · /.test(entry.name));
    expect(named.length).toBeGreaterThan(15);
    const wrong = named.filter((entry) => {
      const code = Number(entry.name.slice(0, 4));
      return !entry.name.startsWith(`${code} · ${describeCloseCode(code).name}`);
    });
    expect(wrong.map((entry) => entry.name)).toEqual([]);
    const page = await story('close-codes--code-1002');
    await expect.poll(() => text(page.getByRole('heading', { level: 2 })), WAIT).toBe(`1002 · ${describeCloseCode(1002).name}`);
    await page.close();
  });

  it('labels the button that starts a demo over "Run again" in every story that has one', async () => {
    for (const id of ['policy--playground', 'toasts--sonner', 'close-codes--code-1008', 'presets-discord-gateway--authentication-failed']) {
      const page = await story(id);
      await page.getByRole('button', { name: 'Run again' }).waitFor(WAIT);
      expect(await page.getByRole('button', { name: /^(Start over|Restart the server again)$/ }).count()).toBe(0);
      await page.close();
    }
  });

  it('stamps the timeline with the hour', async () => {
    const page = await story('policy--per-code-rules');
    const first = page.getByLabel('timeline').locator('li').first();
    await expect.poll(() => text(first), WAIT).toMatch(/^\d\d:\d\d:\d\d\.\d{3} {2}\S/);
    await page.close();
  });
});

describe('a story whose state comes later than 3 s says what comes and when', () => {
  for (const id of ['close-codes--code-3008', 'addon--scenario-refused', 'failure-modes--proxy-idle-cut']) {
    it(`lists what comes when (${id})`, async () => {
      const page = await story(id);
      const when = page.getByRole('region', { name: 'What comes when' });
      await when.waitFor(WAIT);
      expect(await when.locator('li').count()).toBeGreaterThanOrEqual(2);
      expect(await text(when.locator('li').first())).toMatch(/^at about \d+(\.\d)? s: /);
      await page.close();
    });
  }
});

describe('layout at 1280×800', () => {
  it('docks the Sockets panel right, its tab strip readable and its timeline in view', async () => {
    const page = await context.newPage();
    await page.goto(`${http.url}/?path=/story/addon--drive-any-story`);
    const panel = page.locator('#storybook-panel-root');
    const timeline = panel.getByRole('log', { name: 'Socket timeline' });
    await timeline.waitFor(WAIT);
    const box = (await panel.boundingBox())!;
    expect(box.x).toBeGreaterThan(640);
    const log = (await timeline.boundingBox())!;
    expect(log.y + 40).toBeLessThan(800);
    // Every tab of the strip whole, inside the panel (not "ns 4"), and Sockets the one open.
    const tabs = page.getByRole('tab');
    for (let index = 0; index < (await tabs.count()); index += 1) {
      const tab = (await tabs.nth(index).boundingBox())!;
      expect(tab.x).toBeGreaterThanOrEqual(box.x);
      expect(tab.x + tab.width).toBeLessThanOrEqual(box.x + box.width);
    }
    expect(await page.getByRole('tab', { name: 'Sockets' }).getAttribute('aria-selected')).toBe('true');
    // The close-code picker starts where the story says to press: Close with 1008.
    expect(await text(page.frameLocator('#storybook-preview-iframe').locator('.callout').first())).toContain('Close with 1008');
    expect(await panel.getByLabel('Close code').inputValue()).toBe('1008');
    await page.close();
  });

  for (const [id, demo] of [
    // The demo down to its last control, and the first tab.
    ['guides-connection--status', 'button:text-is("connect()")'],
    ['guides-cross-tab-sharing--two-tabs-one-socket', 'iframe[title="Tab A (a tab)"]'],
  ] as const) {
    it(`shows the demo above the fold in the manager, beside the Sockets panel (${id})`, async () => {
      const page = await context.newPage();
      await page.goto(`${http.url}/?path=/story/${id}`);
      const canvas = page.locator('#storybook-preview-iframe');
      const target = page.frameLocator('#storybook-preview-iframe').locator(demo).first();
      await target.waitFor(WAIT);
      // Within the canvas as it opens (its top, and 60 px of it at least): seen without scrolling.
      const frame = (await canvas.boundingBox())!;
      const { top, height } = await target.evaluate((element) => {
        const rect = element.getBoundingClientRect();
        return { top: rect.top, height: rect.height };
      });
      expect(top + Math.min(height, 60)).toBeLessThan(frame.height);
      await page.close();
    });
  }

  it('lets content use the width: a demo wider than 750 px at 1280', async () => {
    const page = await story('policy--per-code-rules');
    const section = page.locator('section.demo').first();
    await section.waitFor(WAIT);
    expect((await section.boundingBox())!.width).toBeGreaterThan(900);
    await page.close();
  });
});

describe('the docs pages', () => {
  const docsPages = () =>
    Object.values(JSON.parse(readFileSync(join(STATIC, 'index.json'), 'utf8')).entries as Record<string, { id: string; type: string }>)
      .filter((entry) => entry.type === 'docs')
      .map((entry) => entry.id);

  it('are there: the introduction and a page per export', () => {
    expect(docsPages()).toEqual(expect.arrayContaining(['introduction--docs', 'docs-usewebsocket--docs', 'docs-websocketprovider--docs', 'docs-useclosefeedback--docs', 'docs-closebanner--docs', 'docs-reconnect-policy--docs']));
  });

  // axe-core on every docs page, as the story tests run it (stories/expectAccessible.ts): the page's
  // regions and its main landmark are the host's (Storybook's docs container) concern, and so are
  // Storybook's own controls tables; everything the docs and the demos render is checked.
  for (const scheme of ['light', 'dark'] as const) {
    it(`have no axe-core violations, ${scheme}`, async () => {
      const axeSource = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');
      const found: string[] = [];
      for (const id of docsPages()) {
        const page = await context.newPage();
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(`${http.url}/iframe.html?id=${id}&viewMode=docs`);
        await page.locator('#storybook-docs h1').first().waitFor(WAIT);
        await page.addScriptTag({ content: axeSource });
        const violations = await page.evaluate(async () => {
          const { axe } = window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> } };
          const results = await axe.run({ exclude: ['.docblock-argstable'] } as unknown as Document, { resultTypes: ['violations'], rules: { region: { enabled: false }, 'landmark-one-main': { enabled: false } } });
          return results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html.slice(0, 120)).join(' | ')}`);
        });
        found.push(...violations.map((violation) => `${id}: ${violation}`));
        await page.close();
      }
      expect(found).toEqual([]);
    });
  }
});
