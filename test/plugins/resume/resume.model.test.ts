import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createConnection } from '../../../src/core/createConnection';
import type { Connection, Timers } from '../../../src/core/types';
import type { ResumeGap } from '../../../src/plugins/resume';
import { sequenceResume } from '../../../src/presets';
import { createFakeServer, type FakeServer, type FakeWebSocket } from '../../../src/testing/createFakeServer';
import { seededRandom } from '../../../src/testing/seededRandom';

/*
 * Model-based: a server that resumes from the client's position, as badly as servers do:
 * it replays more than was missed, duplicates and reorders messages inside a replay, refuses
 * at random or when its buffer no longer reaches back, skips messages (the sequence jumps), and loses its stream (a new epoch),
 * saying so (a refusal) or not (answering "resumed" and streaming another epoch). The
 * client is a real connection with `sequenceResume`. Invariants, over every run:
 *  - what reaches onMessage strictly advances in the order the server produced it (so ids
 *    strictly increase within an epoch, and nothing is delivered twice);
 *  - between two deliveries, messages the server produced and the app did not get are
 *    reported exactly once (a gap, a refusal or a new epoch); a gap is never reported where
 *    nothing was lost.
 *
 *   RESUME_MODEL_RUNS  number of runs (default 2000; `npm run test:model:resume`: 20,000)
 *   RESUME_MODEL_SEED  fast-check seed (default a constant, so `npm test` is deterministic)
 */

const envInt = (name: string, fallback: number) => {
  const value = Number(process.env[name]);
  return Number.isInteger(value) && value > 0 ? value : fallback;
};
const NUM_RUNS = envInt('RESUME_MODEL_RUNS', 2000);
const SEED = envInt('RESUME_MODEL_SEED', 0x2e5_0e20);
const RETRY_MS = 5;

type Entry = { epoch: string; seq: number; order: number; text: string };
type Event = { t: 'msg'; order: number } | { t: 'gap'; gap: ResumeGap };

interface Setup {
  buffer: number;
}

interface ReconnectPlan {
  extra: number;
  dupes: number;
  shuffle: boolean;
  refuse: boolean;
  renew: 'none' | 'announced' | 'unannounced';
  seed: number;
}

class World {
  readonly server: FakeServer = createFakeServer();
  readonly events: Event[] = [];
  readonly violations: string[] = [];
  readonly produced: Entry[] = [];
  readonly byKey = new Map<string, Entry>();
  readonly conn: Connection;
  readonly due = new Map<number, { fn: () => void; ms: number }>();
  epoch = 'e1';
  epochs = 1;
  seq = 0;
  kept: Entry[] = [];
  live: FakeWebSocket | null = null;
  garbage = 0;

  constructor(readonly setup: Setup) {
    let handles = 0;
    const timers: Timers = {
      setTimeout: (fn, ms) => (this.due.set((handles += 1), { fn, ms }), handles),
      clearTimeout: (handle) => void this.due.delete(handle as number),
      now: () => 0,
    };
    this.conn = createConnection('ws://127.0.0.1:1/stream', {
      WebSocket: this.server.WebSocket,
      timers,
      network: { isOnline: () => true, subscribe: () => () => {} },
      policy: { initialDelayMs: RETRY_MS, maxDelayMs: RETRY_MS, jitter: 'none' },
      parse: (data) => JSON.parse(String(data)) as unknown,
      plugins: [sequenceResume({ onGap: (gap) => this.events.push({ t: 'gap', gap }) })],
      onMessage: (message) => {
        const { seq, epoch } = (message ?? {}) as { seq?: unknown; epoch?: unknown };
        if (typeof seq !== 'number') return; // garbage the server sent: delivered as it is
        const entry = this.byKey.get(`${String(epoch)} ${seq}`);
        if (entry) this.events.push({ t: 'msg', order: entry.order });
        else this.violations.push(`delivered a message never produced: ${String(epoch)} ${seq}`);
      },
    });
  }

  start() {
    this.conn.connect();
    this.accept({ extra: 0, dupes: 0, shuffle: false, refuse: false, renew: 'none', seed: 0 });
  }

  /** `skipped`: produced and kept, but not sent live (a server that skips: the sequence jumps). */
  produce(count: number, skipped = false) {
    for (let n = 0; n < count; n += 1) {
      this.seq += 1;
      const entry: Entry = { epoch: this.epoch, seq: this.seq, order: this.produced.length + 1, text: JSON.stringify({ seq: this.seq, epoch: this.epoch }) };
      this.produced.push(entry);
      this.byKey.set(`${entry.epoch} ${entry.seq}`, entry);
      this.kept.push(entry);
      if (this.kept.length > this.setup.buffer) this.kept.shift();
      if (!skipped && this.live?.readyState === 1) this.live.message(entry.text);
    }
  }

  drop() {
    this.live!.drop();
    this.live = null;
  }

  /** Fires the retry, accepts the socket and answers its hello as `plan` says. */
  reconnect(plan: ReconnectPlan) {
    for (const [handle, timer] of [...this.due]) {
      if (timer.ms !== RETRY_MS) continue;
      this.due.delete(handle);
      timer.fn();
    }
    this.accept(plan);
  }

  private accept(plan: ReconnectPlan) {
    const socket = this.server.last();
    socket.accept();
    if (plan.renew !== 'none') {
      this.epochs += 1;
      this.epoch = `e${this.epochs}`;
      this.seq = 0;
      this.kept = [];
    }
    const hello = JSON.parse(String(socket.sent[0])) as { after: number | null; epoch: string | null };
    this.live = socket;
    const send = (value: unknown) => socket.message(JSON.stringify(value));
    if (hello.after === null) return send({ type: 'started', epoch: this.epoch });
    if (plan.renew === 'unannounced') return send({ type: 'resumed' }); // a server that forgot, and says nothing
    const oldest = this.kept[0]?.seq ?? this.seq + 1;
    if (plan.refuse || hello.epoch !== this.epoch || hello.after > this.seq || hello.after + 1 < oldest) return send({ type: 'refused', epoch: this.epoch });
    const random = seededRandom(plan.seed);
    const replay = this.kept.filter((entry) => entry.seq > hello.after! - plan.extra);
    for (let n = 0; n < plan.dupes && replay.length; n += 1) replay.splice(Math.floor(random() * (replay.length + 1)), 0, replay[Math.floor(random() * replay.length)]!);
    if (plan.shuffle) for (let i = replay.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [replay[i], replay[j]] = [replay[j]!, replay[i]!];
    }
    for (const entry of replay) socket.message(entry.text);
    send({ type: 'resumed' });
  }

  /** The invariants, over everything delivered and reported. */
  check() {
    if (this.violations.length) throw new Error(this.violations.join('; '));
    const orders = this.events.flatMap((event) => (event.t === 'msg' ? [event.order] : []));
    for (let i = 1; i < orders.length; i += 1) {
      if (orders[i]! <= orders[i - 1]!) throw new Error(`delivered out of order or twice: ${orders[i - 1]} then ${orders[i]}`);
    }
    let previous: number | null = null;
    let reports: ResumeGap[] = [];
    for (const event of this.events) {
      if (event.t === 'gap') {
        reports.push(event.gap);
        continue;
      }
      if (previous !== null) {
        const lost = event.order - previous - 1;
        if (lost > 0 && reports.length !== 1) throw new Error(`${lost} lost between ${previous} and ${event.order}, reported ${reports.length} times`);
        if (lost === 0 && (reports.length > 1 || reports.some((gap) => gap.kind === 'gap'))) throw new Error(`nothing lost between ${previous} and ${event.order}, yet ${JSON.stringify(reports)}`);
      }
      previous = event.order;
      reports = [];
    }
  }
}

const produce = (count: number): fc.Command<World, World> => ({
  check: () => true,
  run: (_, world) => world.produce(count),
  toString: () => `produce(${count})`,
});
const skip = (count: number): fc.Command<World, World> => ({
  check: () => true,
  run: (_, world) => world.produce(count, true),
  toString: () => `skip(${count})`,
});
const drop: fc.Command<World, World> = {
  check: (world) => world.live !== null,
  run: (_, world) => world.drop(),
  toString: () => 'drop',
};
const reconnect = (plan: ReconnectPlan): fc.Command<World, World> => ({
  check: (world) => world.live === null,
  run: (_, world) => world.reconnect(plan),
  toString: () => `reconnect(${JSON.stringify(plan)})`,
});
const garbage = (text: string): fc.Command<World, World> => ({
  check: (world) => world.live !== null,
  run: (_, world) => world.live!.message(text),
  toString: () => `garbage(${JSON.stringify(text)})`,
});

const planArb: fc.Arbitrary<ReconnectPlan> = fc.record({
  extra: fc.nat(4),
  dupes: fc.nat(3),
  shuffle: fc.boolean(),
  refuse: fc.boolean(),
  renew: fc.constantFrom('none', 'none', 'none', 'announced', 'unannounced'),
  seed: fc.integer(),
});

const commands = [
  fc.integer({ min: 1, max: 8 }).map(produce),
  fc.integer({ min: 1, max: 8 }).map(produce),
  fc.integer({ min: 1, max: 3 }).map(skip),
  fc.constant(drop),
  planArb.map(reconnect),
  fc.constantFrom('not json', '{"seq":"x"}', '[]', 'null').map(garbage),
];

describe('resume: model-based', () => {
  it(`delivers each message at most once and in order, and reports every loss once, under ${NUM_RUNS} seeded runs of a server that replays badly (seed ${SEED})`, { timeout: Math.max(60_000, NUM_RUNS * 40) }, () => {
    const stats = { delivered: 0, produced: 0, gaps: 0, refused: 0, epoch: 0 };
    fc.assert(
      fc.property(fc.record({ buffer: fc.integer({ min: 3, max: 30 }) }), fc.commands(commands, { maxCommands: 40 }), (setup, cmds) => {
        const world = new World(setup);
        try {
          world.start();
          fc.modelRun(() => ({ model: world, real: world }), cmds);
          // The end: connected, and one more message, so every loss lies between two deliveries.
          if (!world.live) world.reconnect({ extra: 0, dupes: 0, shuffle: false, refuse: false, renew: 'none', seed: 0 });
          world.produce(1);
          world.check();
          expect(world.conn.getState().status).toBe('open');
          stats.produced += world.produced.length;
          for (const event of world.events) {
            if (event.t === 'msg') stats.delivered += 1;
            else stats[event.gap.kind === 'gap' ? 'gaps' : event.gap.kind] += 1;
          }
        } finally {
          world.conn.dispose();
        }
      }),
      { numRuns: NUM_RUNS, seed: SEED },
    );
    console.info(`resume.model: ${NUM_RUNS} runs, ${stats.produced} produced, ${stats.delivered} delivered, reports: ${stats.gaps} gaps, ${stats.refused} refusals, ${stats.epoch} new epochs`);
    expect(stats.gaps && stats.refused && stats.epoch).toBeGreaterThan(0); // every kind of loss happened
  });
});
