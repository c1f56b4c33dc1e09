import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnection, type Connection, type LifelineError, type NetworkSource } from '../../../src/core';
import { createFakeServer, type FakeServer } from '../../../src/testing/createFakeServer';
import { createTabConnection } from '../../../src/plugins/tabs/createTabConnection';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { seededRandom } from '../../../src/testing/seededRandom';

// Model-based test of one socket shared by tabs: random tabs opening, crashing and closing,
// sends from any tab, disconnect() and connect() from any tab, the server accepting,
// dropping and broadcasting. After every step: at most one live socket; what reached the
// server and the tabs is never duplicated or out of order; nothing sent before a
// disconnect() goes out after it, and no socket opens after a disconnect() until a
// connect(). At the end, connected and with the server accepting, everything a live tab
// sent since the last disconnect() arrives.
//
// In some tabs, handlers throw at random (seeded per tab): a set added before the tab's
// recording handler and one after it (onMessage, onOpen, onClose). Then too, the recording
// handler, the throwing ones (which record before they throw) and the other tabs get every
// message once, in order; and each throw reaches its own tab's onError once, as a
// 'callback-failed' naming the function, and no other tab's.
//
// TABS_MODEL_RUNS, TABS_MODEL_SEED; TABS_MODEL_STATS=1 prints what the runs covered.
const RUNS = Number(process.env.TABS_MODEL_RUNS ?? 250); // `npm run test:model:tabs`: 1,500
const SEED = Number(process.env.TABS_MODEL_SEED ?? 20261124);
const STATS = process.env.TABS_MODEL_STATS === '1'; // print how many commands, messages and throws the runs had
const stats = new Map<string, number>();
const count = (what: string, n = 1) => STATS && stats.set(what, (stats.get(what) ?? 0) + n);
const URL_ = 'ws://127.0.0.1:9/model';
const network: NetworkSource = { isOnline: () => true, subscribe: () => () => {} };
const settle = (ms = 4) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits (real time, so a loaded machine only makes it slower) until `done`, at most 3 s. */
const until = async (done: () => boolean) => {
  for (let waited = 0; !done() && waited < 3000; waited += 5) await settle(5);
};

/** Per tab (by index), how likely its throwing handlers throw on a call; and the seed of their draws. */
interface Faults {
  rates: number[];
  seed: number;
}

interface Tab {
  index: number;
  /** What the throwing handlers before and after the recorder got (recorded before they throw). */
  before: unknown[];
  after: unknown[];
  errors: LifelineError[];
  throws: Array<{ fn: string; error: Error }>;
  connection: Connection<unknown>;
  release: () => void;
  sent: string[]; // what send() accepted ('sent' or 'queued'), in order
  since: string[]; // of those, the ones sent since the last disconnect()
  received: unknown[];
  alive: boolean;
}

class World {
  constructor(readonly faults: Faults = { rates: [], seed: 0 }) {}
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
    const tab: Tab = { index, before: [], after: [], errors: [], throws: [], connection, release: () => {}, sent: [], since: [], received: [], alive: true };
    const rate = this.faults.rates[index] ?? 0;
    const random = seededRandom(this.faults.seed + index);
    const maybeThrow = (fn: string) => {
      if (!(rate > 0 && (rate >= 1 || random() < rate))) return;
      const error = new Error(`tab ${index}: ${fn} throws (#${tab.throws.length + 1})`);
      tab.throws.push({ fn, error });
      throw error;
    };
    const throwing = (list: unknown[]) => ({
      onMessage: (message: unknown) => {
        list.push(message);
        maybeThrow('onMessage');
      },
      onOpen: () => maybeThrow('onOpen'),
      onClose: () => maybeThrow('onClose'),
    });
    connection.addHandlers(throwing(tab.before));
    connection.onMessage((message) => void tab.received.push(message));
    connection.addHandlers({ onError: (error) => void tab.errors.push(error) });
    connection.addHandlers(throwing(tab.after));
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
      // A handler that throws keeps nothing from the others of its tab: they all got the same, in order.
      expect(tab.before).toEqual(tab.received);
      expect(tab.after).toEqual(tab.received);
      // Each throw reached its own tab's onError once, naming the function; no other tab's.
      for (const { fn, error } of tab.throws) {
        const reports = tab.errors.filter((report) => report.cause === error);
        expect(reports.map((report) => [report.code, report.field]), error.message).toEqual([['callback-failed', fn]]);
        for (const other of this.tabs) if (other !== tab) expect(other.errors.some((report) => report.cause === error), error.message).toBe(false);
      }
    }
  }
}

type Command = fc.AsyncCommand<object, World>;
const step = (name: string, check: (world: World) => boolean, run: (world: World) => void | Promise<void>): Command => ({
  check: () => true,
  async run(_, world) {
    if (!check(world)) return;
    count(`command ${name.replace(/\(.*$/, '')}`);
    await run(world);
    await settle();
    world.check();
  },
  toString: () => name,
});

/** fc.commands picks each arbitrary equally often: one listed n times is n times as likely. */
const times = <T,>(n: number, arbitrary: T): T[] => Array.from({ length: n }, () => arbitrary);

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
  ...times(2, fc.constant(step('accept', (w) => w.server.live().some((s) => s.readyState === 0), (w) => void w.server.live().find((s) => s.readyState === 0)!.accept()))),
  fc.constant(step('drop', (w) => w.server.live().some((s) => s.readyState === 1), (w) => void w.server.live().find((s) => s.readyState === 1)!.drop())),
  ...times(
    3,
    fc.constant(
      step('serverMessage', (w) => w.server.live().some((s) => s.readyState === 1), (w) => {
        const data = `s${(w.counter += 1)}`;
        w.broadcast.push(data);
        w.server.live().find((s) => s.readyState === 1)!.message(data);
      }),
    ),
  ),
  fc.constant(step('wait', () => true, async () => void (await settle(6)))),
];

/** In about half the runs no handler throws; in the others, each tab's own rate (0, 0.3 or always). */
const faultsArb: fc.Arbitrary<Faults> = fc.oneof(
  fc.constant<Faults>({ rates: [], seed: 0 }),
  fc.record({ rates: fc.array(fc.constantFrom(0, 0.3, 1), { minLength: 4, maxLength: 4 }), seed: fc.nat() }),
);

describe('one socket for all tabs, as a model', () => {
  it(`random tabs, sends, crashes, server faults and throwing handlers (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(faultsArb, fc.commands(commands, { maxCommands: 40, size: 'medium' }), async (faults, list) => {
        const world = new World(faults);
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
        count('runs');
        for (const tab of world.tabs) {
          count('messages received (all tabs)', tab.received.length);
          for (const { fn } of tab.throws) count(`throws: ${fn}`);
        }
      }),
      { numRuns: RUNS, seed: SEED, verbose: true },
    );
    if (STATS) console.log([...stats].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${String(n).padStart(8)}  ${what}`).join('\n'));
  }, 600_000);
});
