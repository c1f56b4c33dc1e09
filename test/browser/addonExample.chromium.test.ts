// Acceptance test of the Storybook addon as a user meets it: examples/storybook-addon is a
// minimal Storybook whose .storybook/main adds 'react-lifeline/storybook'. This test builds
// the package, packs it, installs the tarball into the example (as npm would from the
// registry), builds the example's Storybook, serves it on 127.0.0.1, and in Debian's Chromium
// presses Close with 1008 in the manager's Sockets panel: the story's banner shows the alert,
// and the panel's timeline says who closed it and what the connection decided.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type FrameLocator, type Page } from 'playwright';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveStatic } from '../../scripts/serveStatic.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const EXAMPLE = join(ROOT, 'examples/storybook-addon');
const STATIC = join(EXAMPLE, 'storybook-static');
const run = (command: string, args: string[], cwd: string) => execFileSync(command, args, { cwd, stdio: 'pipe', env: { ...process.env, CI: 'true' } }).toString();

let server: Awaited<ReturnType<typeof serveStatic>>;
let browser: Browser;
let page: Page;
let origin: string;

beforeAll(async () => {
  // The package as npm would ship it, installed into the example without its peers (the
  // example resolves React and Storybook from the repository's node_modules, as a hoisted install would).
  run('npm', ['run', 'build', '--silent'], ROOT);
  const packs = mkdtempSync(join(tmpdir(), 'lifeline-pack-'));
  run('npm', ['pack', '--silent', '--pack-destination', packs], ROOT);
  const tarball = join(packs, readdirSync(packs).find((name) => name.endsWith('.tgz'))!);
  rmSync(join(EXAMPLE, 'node_modules'), { recursive: true, force: true });
  run('npm', ['install', '--no-save', '--no-package-lock', '--legacy-peer-deps', '--no-audit', '--no-fund', tarball], EXAMPLE);
  rmSync(packs, { recursive: true, force: true });
  run(process.execPath, [join(ROOT, 'node_modules/storybook/dist/bin/dispatcher.js'), 'build', '--quiet', '-c', '.storybook', '-o', 'storybook-static'], EXAMPLE);
  server = await serveStatic(STATIC);
  origin = server.url;
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const preview = (): FrameLocator => page.frameLocator('#storybook-preview-iframe');

describe('the addon in a second, minimal Storybook (examples/storybook-addon)', () => {
  it('installed the built package, not the sources', () => {
    const installed = join(EXAMPLE, 'node_modules/react-lifeline');
    expect(existsSync(join(installed, 'dist/storybook/manager.js'))).toBe(true);
    expect(existsSync(join(installed, 'src'))).toBe(false);
    expect(readFileSync(join(EXAMPLE, '.storybook/main.ts'), 'utf8')).toContain("addons: ['react-lifeline/storybook']");
  });

  it('closes the story socket with 1008 from the Sockets panel: the banner shows the alert, the timeline the close', async () => {
    await page.goto(`${origin}/?path=/story/chat--default`);
    await expect.poll(() => preview().getByTestId('status').textContent(), { timeout: 30_000 }).toBe('open');
    await page.getByRole('tab', { name: 'Sockets' }).click();
    const panel = page.locator('#storybook-panel-root');
    await expect.poll(() => panel.getByRole('log', { name: 'Socket timeline' }).textContent(), { timeout: 10_000 }).toContain('#1 open');

    await panel.getByLabel('Close code').selectOption('1008');
    await panel.getByLabel('Reason').fill('bad token');
    await panel.getByRole('button', { name: /^Close/ }).click();

    await expect.poll(() => preview().getByRole('alert').textContent(), { timeout: 10_000 }).toContain('The server refused the connection');
    await expect.poll(() => preview().getByTestId('status').textContent()).toBe('closed');
    const timeline = await panel.getByRole('log', { name: 'Socket timeline' }).textContent();
    expect(timeline).toContain('#1 closed 1008 Policy Violation by the server: “bad token”');
    expect(timeline).toContain('1008: no retry');
  });
});
