import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnection, type Connection, type NetworkSource } from '../../../src/core';
import { createFakeServer, type FakeServer } from '../../../src/testing/createFakeServer';
import { createTabConnection } from '../../../src/plugins/tabs/createTabConnection';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';

// Model-based test of one socket shared by tabs: random tabs opening, crashing and closing,
// sends from any tab, disconnect() and connect() from any tab, the server accepting,
// dropping and broadcasting. After every step: at most one live socket; what reached the
// server and the tabs is never duplicated or out of order; nothing sent before a
// disconnect() goes out after it, and no socket opens after a disconnect() until a
// connect(). At the end, connected and with the server accepting, everything a live tab
// sent since the last disconnect() arrives.
const RUNS = Number(process.env.TABS_MODEL_RUNS ?? 60); // `npm run test:model:tabs`: 1,000
const SEED = Number(process.env.TABS_MODEL_SEED ?? 20261124);
const URL_ = 'ws://127.0.0.1:9/model';
const network: NetworkSource = { isOnline: () => true, subscribe: () => () => {} };
const settle = (ms = 4) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (real time, so a loaded machine only makes it slower) until `done`, at most 3 s. */
const until = async (done: () => boolean) => {
  for (let waited = 0; !done() && waited < 3000; waited += 5) await settle(5);
};

interface Tab {
  index: number;
  connection: Connection<unknown>;
  release: () => void;
  sent: string[]; // what send() accepted ('sent' or 'queued'), in order
  since: string[]; // of those, the ones sent since the last disconnect()
  received: unknown[];
  alive: boolean;
}

class World {
  browser = createFakeBrowser();
  server: FakeServer = createFakeServer();
  tabs: Tab[] = [];
  broadcast: string[] = [];
  counter = 0;
  stopped = false; // a disconnect() with no connect() since
  socketsAtStop = 0;
  beforeStop = new Set<string>(); // sends made before the last disconnect()
  open(): void {
    const index = this.tabs.length;
    const local = createConnection(URL_, { WebSocket: this.server.WebSocket, policy: { initialDelayMs: 1, maxDelayMs: 4, jitter: 'none' }, keepLastMessage: false, network });
    const connection = createTabConnection('k', local, { ...this.browser.tab(index), network, id: `tab ${index}` });
    const tab: Tab = { index, connection, release: () => {}, sent: [], since: [], received: [], alive: true };
    connection.onMessage((message) => void tab.received.push(message));
    tab.release = connection.retain();
    this.tabs.push(tab);
  }
  live(): Tab[] {
    return this.tabs.filter((tab) => tab.alive);
  }
  delivered(): string[] {
    return this.server.sockets.flatMap((socket) => socket.sent as string[]);
  }
  check(): void {
    expect(this.server.live().length).toBeLessThanOrEqual(1);
    if (this.stopped) expect(this.server.sockets.length).toBe(this.socketsAtStop); // nothing reconnects
    // Nothing sent before a disconnect() goes out on a socket opened after it.
    for (const socket of this.server.sockets.slice(this.socketsAtStop)) for (const data of socket.sent as string[]) expect(this.beforeStop.has(data)).toBe(false);
    const delivered = this.delivered();
    expect(new Set(delivered).size).toBe(delivered.length); // nothing twice
    for (const tab of this.tabs) {
      // Each tab's messages arrive in the order it sent them.
      const arrived = delivered.filter((data) => data.startsWith(`t${tab.index}:`));
      expect(arrived).toEqual(tab.sent.filter((data) => arrived.includes(data)));
      // Each tab hears the server's messages once, in order.
      expect(tab.received).toEqual(this.broadcast.filter((data) => tab.received.includes(data)));
      expect(new Set(tab.received).size).toBe(tab.received.length);
    }
  }
}

type Command = fc.AsyncCommand<object, World>;
const step = (name: string, check: (world: World) => boolean, run: (world: World) => void | Promise<void>): Command => ({
  check: () => true,
  async run(_, world) {
    if (!check(world)) return;
    await run(world);
    await settle();
    world.check();
  },
  toString: () => name,
});

const commands = [
  fc.constant(
    step('openTab', (w) => w.tabs.length < 4, async (w) => {
      w.open();
      // A tab that never heard the others may start the socket afresh (a new page wants it); once it
      // has heard a stopped socket, it keeps it stopped. The model opens tabs that hear first.
      const tab = w.tabs.at(-1)!;
      if (w.stopped) await until(() => tab.connection.getState().status !== 'connecting');
    }),
  ),
  fc.nat(3).map((n) =>
    step(`send(${n})`, (w) => w.live().length > 0, (w) => {
      const tab = w.live()[n % w.live().length]!;
      const data = `t${tab.index}:${(w.counter += 1)}`;
      const result = tab.connection.send(data);
      if (result !== 'rejected') {
        tab.sent.push(data);
        tab.since.push(data);
      }
    }),
  ),
  fc.nat(3).map((n) =>
    step(`crash(${n})`, (w) => w.live().length > 1, (w) => {
      const tab = w.live()[n % w.live().length]!;
      w.browser.closeTab(tab.index); // its channel and lock go at once, as when a tab is killed
      tab.alive = false;
      tab.release();
    }),
  ),
  fc.nat(3).map((n) =>
    step(`close(${n})`, (w) => w.live().length > 1, (w) => {
      const tab = w.live()[n % w.live().length]!;
      tab.alive = false;
      tab.release(); // a tab closed in order: it leaves the channel and lets go of the lock
    }),
  ),
  fc.nat(3).map((n) =>
    step(`disconnect(${n})`, (w) => w.live().length > 0, async (w) => {
      w.live()[n % w.live().length]!.connection.disconnect();
      // Relayed to the leader, or held through a handover: it has taken effect when every tab shows the stop.
      await until(() => w.live().every((tab) => ['closed', 'failed'].includes(tab.connection.getState().status)));
      // Once it has run in the leader: what every tab sent so far may not go out any more.
      for (const tab of w.tabs) for (const data of tab.sent) w.beforeStop.add(data);
      for (const tab of w.tabs) tab.since = [];
      w.stopped = true;
      w.socketsAtStop = w.server.sockets.length;
    }),
  ),
  fc.nat(3).map((n) =>
    step(`connect(${n})`, (w) => w.live().length > 0, (w) => {
      w.live()[n % w.live().length]!.connection.connect();
      w.stopped = false;
    }),
  ),
  fc.constant(step('accept', (w) => w.server.live().some((s) => s.readyState === 0), (w) => void w.server.live().find((s) => s.readyState === 0)!.accept())),
  fc.constant(step('drop', (w) => w.server.live().some((s) => s.readyState === 1), (w) => void w.server.live().find((s) => s.readyState === 1)!.drop())),
  fc.constant(
    step('serverMessage', (w) => w.server.live().some((s) => s.readyState === 1), (w) => {
      const data = `s${(w.counter += 1)}`;
      w.broadcast.push(data);
      w.server.live().find((s) => s.readyState === 1)!.message(data);
    }),
  ),
  fc.constant(step('wait', () => true, async () => void (await settle(6)))),
];

describe('one socket for all tabs, as a model', () => {
  it(`random tabs, sends, crashes and server faults (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40 }), async (list) => {
        const world = new World();
        world.open();
        await settle();
        await fc.asyncModelRun(() => ({ model: {}, real: world }), list);
        // The end: connected, the server accepts whatever connects; every live tab's sends since the last disconnect() arrive, once.
        if (world.stopped) world.live()[0]!.connection.connect();
        world.stopped = false;
        await until(() => {
          for (const socket of world.server.live()) if (socket.readyState === 0) socket.accept();
          const delivered = world.delivered();
          return world.live().every((tab) => tab.connection.getState().status === 'open' && tab.since.every((data) => delivered.includes(data)));
        });
        await settle(8);
        world.check();
        const delivered = world.delivered();
        for (const tab of world.live()) expect(tab.since.filter((data) => !delivered.includes(data))).toEqual([]);
        for (const tab of world.tabs) if (tab.alive) tab.release();
        await settle();
      }),
      { numRuns: RUNS, seed: SEED, verbose: true },
    );
  }, 600_000);
});
