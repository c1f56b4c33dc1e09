// Acceptance test of `react-lifeline/tabs` in a real Chromium: three tabs of one profile share
// one WebSocket through Web Locks and BroadcastChannel. The page (test/browser/crossTabPage.tsx)
// is bundled with esbuild and served from 127.0.0.1 with a `ws` server that records every
// connection and every message it receives. Run by `npm run test:browser` (project `chromium`).
//
// The tests run in order on one browser: (d) and (e) close the leader tab, (e) first opens a
// third tab again.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import type { SendResult } from '../../src/index';
import { bundlePage } from '../helpers/bundlePage';
import type { CrossTabPageApi } from './crossTabPage';

interface ServerConnection {
  id: number;
  socket: WebSocket;
  /** Every text message received on this connection, in order. */
  received: string[];
  /** When the handshake request came in, and when the server accepted it (epoch ms). */
  requestedAt: number;
  openedAt: number;
  closedAt: number | null;
}

/** An HTTP server for the page and a WebSocket server on the same port, at /ws. */
async function startServer(script: string) {
  const connections: ServerConnection[] = [];
  let gate: Promise<void> | null = null;
  let open = () => {};
  let held = 0;
  const wss = new WebSocketServer({ noServer: true });
  const http: Server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end('<!doctype html><html><head><title>crossTab</title></head><body><div id="root"></div><script type="module" src="/page.js"></script></body></html>');
    } else if (path === '/page.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      response.end(script);
    } else if (path === '/favicon.ico') {
      response.writeHead(204).end();
    } else {
      response.writeHead(404).end();
    }
  });
  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://127.0.0.1').pathname !== '/ws') return socket.destroy();
    const requestedAt = Date.now();
    const accept = () =>
      wss.handleUpgrade(request, socket, head, (ws) => {
        const connection: ServerConnection = { id: connections.length, socket: ws, received: [], requestedAt, openedAt: Date.now(), closedAt: null };
        connections.push(connection);
        ws.on('message', (data, isBinary) => void connection.received.push(isBinary ? `<binary ${String(data)}>` : String(data)));
        ws.on('close', () => void (connection.closedAt = Date.now()));
      });
    if (!gate) return accept();
    held += 1;
    void gate.then(() => {
      held -= 1;
      accept();
    });
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    port,
    connections,
    live: () => connections.filter((connection) => connection.closedAt === null),
    /** Every message received on any connection, in the order of the connections, then of arrival. */
    allReceived: () => connections.flatMap((connection) => connection.received),
    broadcast(text: string) {
      for (const connection of connections) if (connection.closedAt === null) connection.socket.send(text);
    },
    /** Holds new WebSocket handshakes until `release()`: a socket that cannot open yet. */
    hold() {
      gate = new Promise<void>((resolve) => (open = resolve));
    },
    release() {
      gate = null;
      open();
    },
    held: () => held,
    async close() {
      this.release();
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

type TestServer = Awaited<ReturnType<typeof startServer>>;

let server: TestServer;
let browser: Browser;
let context: BrowserContext;
let pageUrl: string;
const pages: Page[] = [];
const pageErrors: string[] = [];

async function openPage() {
  const page = await context.newPage();
  const index = pages.length;
  page.on('pageerror', (error) => void pageErrors.push(`page ${index}: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(`page ${index} console.error: ${message.text()}`);
  });
  await page.goto(pageUrl);
  await page.waitForFunction(() => window.lifeline?.status !== undefined && window.lifeline.status !== 'unmounted');
  pages.push(page);
  return page;
}

const openPages = () => pages.filter((page) => !page.isClosed());
const statuses = (list = openPages()): Promise<Array<CrossTabPageApi['status']>> => Promise.all(list.map((page) => page.evaluate(() => window.lifeline.status)));
const received = (page: Page) => page.evaluate(() => window.lifeline.received.slice());
const leaders = async (list = openPages()) => {
  const flags = await Promise.all(list.map((page) => page.evaluate(() => window.lifeline.isLeader())));
  return list.filter((_, index) => flags[index]);
};
const sendMany = (page: Page, prefix: string, from: number, to: number) =>
  page.evaluate(([p, f, t]) => window.lifeline.sendMany(p, f, t), [prefix, from, to] as const);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Each of `sent` exactly once on the server, in order per prefix. */
function expectOnceInOrder(all: string[], expected: Record<string, string[]>) {
  for (const [prefix, texts] of Object.entries(expected)) {
    expect(all.filter((text) => text.startsWith(prefix)), `the server's messages from ${prefix}`).toEqual(texts);
  }
}

/** Three open tabs on one live socket (opening tabs as needed). */
async function threeTabsOnOneSocket() {
  while (openPages().length < 3) await openPage();
  await vi.waitFor(async () => expect(await statuses()).toEqual(['open', 'open', 'open']), { timeout: 10_000, interval: 20 });
  await vi.waitFor(() => expect(server.live()).toHaveLength(1), { timeout: 5_000, interval: 20 });
}

beforeAll(async () => {
  server = await startServer(await bundlePage(new URL('./crossTabPage.tsx', import.meta.url)));
  pageUrl = `http://127.0.0.1:${server.port}/?ws=${encodeURIComponent(`ws://127.0.0.1:${server.port}/ws`)}`;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  context = await browser.newContext();
  for (let index = 0; index < 3; index += 1) await openPage();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

afterEach(() => {
  expect(pageErrors.splice(0), 'errors in the pages').toEqual([]);
});

describe("share: 'tabs' in Chromium (Web Locks + BroadcastChannel)", () => {
  it('(a) three tabs open exactly one server connection, and all three show it open', async () => {
    await vi.waitFor(async () => expect(await statuses()).toEqual(['open', 'open', 'open']), { timeout: 10_000, interval: 20 });
    await pause(300); // nothing else connects late
    expect(server.connections).toHaveLength(1);
    expect(server.live()).toHaveLength(1);
    expect(await leaders()).toHaveLength(1);
    console.log(`(a) server connections: ${server.connections.length}, live: ${server.live().length}, tabs: ${(await statuses()).join(', ')}`);
  });

  it('(b) a server broadcast reaches every tab, each message once and in order', async () => {
    await Promise.all(pages.map((page) => page.evaluate(() => void (window.lifeline.received.length = 0))));
    const expected = Array.from({ length: 20 }, (_, n) => `b${n + 1}`);
    for (const text of expected) server.broadcast(text);
    await vi.waitFor(async () => {
      for (const page of pages) expect((await received(page)).length).toBeGreaterThanOrEqual(20);
    }, { timeout: 5_000, interval: 20 });
    await pause(200); // no late duplicates
    for (const page of pages) expect(await received(page)).toEqual(expected);
  });

  it('(c) 100 interleaved sends from each tab reach the server once each, in per-tab order', async () => {
    const results = await Promise.all(
      pages.map(async (page, index) => {
        const mine: SendResult[] = [];
        for (let n = 0; n < 100; n += 1) mine.push(await page.evaluate(([i, k]) => window.lifeline.send(`c:${i}:${k}`), [index, n] as const));
        return mine;
      }),
    );
    expect(new Set(results.flat())).toEqual(new Set(['sent']));
    await vi.waitFor(() => expect(server.allReceived().filter((text) => text.startsWith('c:')).length).toBeGreaterThanOrEqual(300), {
      timeout: 10_000,
      interval: 20,
    });
    await pause(200);
    expectOnceInOrder(
      server.allReceived(),
      Object.fromEntries(pages.map((_, index) => [`c:${index}:`, Array.from({ length: 100 }, (__, n) => `c:${index}:${n}`)])),
    );
    expect(server.allReceived().filter((text) => text.startsWith('c:'))).toHaveLength(300);
    expect(server.connections).toHaveLength(1);
  });

  it('(d) closing the leader tab: within 2 s one live server connection again, and the other tabs open', async () => {
    const [leader] = await leaders();
    expect(leader).toBeDefined();
    const before = server.live();
    expect(before).toHaveLength(1);
    const start = Date.now();
    await leader!.close();
    const rest = openPages();
    expect(rest).toHaveLength(2);
    await vi.waitFor(
      async () => {
        expect(before[0]!.closedAt).not.toBeNull();
        expect(server.live()).toHaveLength(1);
        expect(server.live()[0]).not.toBe(before[0]);
        expect(await statuses(rest)).toEqual(['open', 'open']);
      },
      { timeout: 2_000, interval: 10 },
    );
    const seen = Date.now() - start;
    const socket = server.live()[0]!;
    const opens = await Promise.all(rest.map((page) => page.evaluate(() => window.lifeline.statuses.slice())));
    // When each tab last rendered `open` (no later than now; a tab that never left `open` counts as the start).
    const tabsOpenAt = Math.max(...opens.map((list) => Math.max(start, list.at(-1)!.at)));
    const takeover = Math.max(socket.openedAt, tabsOpenAt) - start;
    const timelines = opens.map((list) => list.filter((entry) => entry.at >= start).map((entry) => `${entry.status} +${entry.at - start}`).join(' → ') || 'open throughout');
    console.log(
      `(d) takeover: old socket closed at +${before[0]!.closedAt! - start} ms, new socket requested at +${socket.requestedAt - start} ms, ` +
        `accepted at +${socket.openedAt - start} ms, tabs open at +${tabsOpenAt - start} ms [${timelines.join('; ')}], ` +
        `takeover ${takeover} ms (seen by polling at +${seen} ms); live connections: ${server.live().length}`,
    );
    expect(takeover).toBeLessThan(2_000);
    expect(await leaders(rest)).toHaveLength(1);
    await pause(300);
    expect(server.live()).toHaveLength(1);
    expect(server.connections).toHaveLength(2);
  });

  it('(e) what followers send during a takeover, before the new socket opens, arrives exactly once', async () => {
    await threeTabsOnOneSocket();
    const [leader] = await leaders();
    const followers = openPages().filter((page) => page !== leader);
    expect(followers).toHaveLength(2);
    const old = server.live()[0]!;
    const sockets = server.connections.length;

    server.hold(); // the next socket's handshake waits: the takeover cannot finish before we say so
    await leader!.close();
    const results: SendResult[] = [];
    // Right after the close: the lock may not have moved yet.
    for (const [index, page] of followers.entries()) results.push(...(await sendMany(page, `e:${index}:`, 0, 10)));
    // The new leader is connecting (its handshake is held), and the old socket is gone: either may come first.
    await vi.waitFor(
      () => {
        expect(server.held()).toBe(1);
        expect(old.closedAt).not.toBeNull();
      },
      { timeout: 2_000, interval: 10 },
    );
    expect(server.live()).toHaveLength(0);
    for (const [index, page] of followers.entries()) results.push(...(await sendMany(page, `e:${index}:`, 10, 20)));
    expect(results.filter((result) => result === 'rejected')).toEqual([]);
    await pause(100);
    expect(server.live()).toHaveLength(0); // still nothing open: all those sends were made before the new socket
    server.release();

    await vi.waitFor(async () => expect(await statuses(followers)).toEqual(['open', 'open']), { timeout: 5_000, interval: 10 });
    for (const [index, page] of followers.entries()) expect(await sendMany(page, `e:${index}:`, 20, 30)).toEqual(Array(10).fill('sent'));
    await vi.waitFor(() => expect(server.allReceived().filter((text) => text.startsWith('e:')).length).toBeGreaterThanOrEqual(60), {
      timeout: 5_000,
      interval: 20,
    });
    await pause(300); // no late duplicates
    expectOnceInOrder(server.allReceived(), {
      'e:0:': Array.from({ length: 30 }, (_, n) => `e:0:${n}`),
      'e:1:': Array.from({ length: 30 }, (_, n) => `e:1:${n}`),
    });
    expect(server.live()).toHaveLength(1);
    expect(server.connections).toHaveLength(sockets + 1);
    console.log(`(e) during-takeover results: ${[...new Set(results)].join(', ')}; e: messages at the server: ${server.allReceived().filter((text) => text.startsWith('e:')).length}`);
  });
});
