import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, type WebSocket as ServerSocket } from 'ws';
import { createResumableStream, type ResumableStream } from '../../demo/resumableStream.mjs';
import { createConnection } from '../../src/core/createConnection';
import type { Timers, WebSocketConstructor } from '../../src/core/types';
import type { ResumeGap } from '../../src/plugins/resume';
import { sequenceResume } from '../../src/presets';
import { seededRandom } from '../helpers/seededRandom';
import { startServer, type TestServer } from '../helpers/startServer';
import { until } from '../helpers/until';

/*
 * A real ws server on 127.0.0.1 streams numbered messages; the test drops the link and
 * restarts the server at seeded points, and produces messages while the client is away. The
 * verdict counts what reached onMessage, never how long anything took: every wait is for an
 * event (a status, a message), with a generous limit that only a hang reaches. Retries are
 * fired by the test (the connection's timers are the test's), so no wall-clock delay decides.
 */

const RETRY_MS = 7;
const FAULTS = ['drop', 'restart', 'drop in replay'] as const;

/** Timers the test fires: retries when it says, nothing else (the resume and stability waits never run out). */
function manualTimers() {
  const due = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout(fn, ms) {
      due.set((next += 1), { fn, ms });
      return next;
    },
    clearTimeout: (handle) => void due.delete(handle as number),
    now: () => Date.now(),
  };
  const fireRetries = () => {
    for (const [handle, timer] of [...due]) {
      if (timer.ms !== RETRY_MS) continue;
      due.delete(handle);
      timer.fn();
    }
  };
  return { timers, fireRetries };
}

/** The stream's server: answers each connection's resume request, then sends it every new message. */
function serveStream(server: TestServer, stream: ResumableStream) {
  const live = new Set<ServerSocket>();
  let cutReplay = false; // the next replay dies half way
  server.onConnection((socket) => {
    socket.once('message', (data) => {
      const frames = stream.answer(String(data)) ?? [];
      if (cutReplay) {
        cutReplay = false;
        for (const frame of frames.slice(0, Math.floor(frames.length / 2))) socket.send(frame);
        socket.terminate();
        return;
      }
      for (const frame of frames) socket.send(frame);
      live.add(socket);
    });
    socket.on('close', () => live.delete(socket));
  });
  return {
    produce(count: number) {
      for (let n = 0; n < count; n += 1) {
        const frame = stream.next();
        for (const socket of live) socket.send(frame);
      }
    },
    drop() {
      for (const socket of live) socket.terminate();
      live.clear();
    },
    cutNextReplay: () => (cutReplay = true),
  };
}

let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

async function run(options: { seed: number; cycles: number; total: number; buffer: number; burst: number; outage: number }) {
  const random = seededRandom(options.seed);
  const pick = (max: number) => Math.floor(random() * (max + 1));
  const server = await startServer();
  const stream = createResumableStream({ buffer: options.buffer });
  const feed = serveStream(server, stream);
  const { timers, fireRetries } = manualTimers();
  const delivered: number[] = [];
  const gaps: ResumeGap[] = [];
  const counts = { drop: 0, restart: 0, 'drop in replay': 0, attempts: 0 };
  const connection = createConnection(server.url, {
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    timers,
    random,
    policy: { initialDelayMs: RETRY_MS, maxDelayMs: RETRY_MS, jitter: 'none', stableAfterMs: 3_600_000, pauseWhileOffline: false },
    parse: (data) => JSON.parse(String(data)) as unknown,
    plugins: [sequenceResume({ timeoutMs: 3_600_000, onGap: (gap) => gaps.push(gap) })],
    onMessage: (message) => {
      const { seq } = message as { seq?: number };
      if (seq !== undefined) delivered.push(seq);
    },
  });
  cleanup.push(() => connection.dispose(), () => server.stop());
  connection.connect();
  await until(connection, (state) => state.status === 'open', 'first open');

  const reconnect = async () => {
    const before = connection.getState().attempt;
    fireRetries();
    counts.attempts += 1;
    // Open (resumed), or closed again (a server still down, a replay cut short) and waiting for the next retry.
    await until(connection, (state) => state.status === 'open' || (state.status === 'reconnecting' && state.attempt > before), 'answer to a retry');
  };

  for (let cycle = 0; cycle < options.cycles && stream.seq < options.total; cycle += 1) {
    feed.produce(Math.min(1 + pick(options.burst - 1), options.total - stream.seq));
    const fault = FAULTS[pick(FAULTS.length - 1)]!;
    counts[fault] += 1;
    if (fault === 'restart') await server.stop();
    else feed.drop();
    await until(connection, (state) => state.status === 'reconnecting', `close after ${fault}`);
    feed.produce(Math.min(pick(options.outage), options.total - stream.seq)); // while the client is away
    if (fault === 'restart') {
      await reconnect(); // the server is still down: refused, and the next retry waits
      await server.start();
    }
    if (fault === 'drop in replay') feed.cutNextReplay();
    while (connection.getState().status !== 'open') await reconnect();
  }
  feed.produce(options.total - stream.seq);
  await until(connection, () => delivered.at(-1) === options.total, `message ${options.total}`);
  return { delivered, gaps, counts };
}

describe('resume after reconnect against a real ws server on 127.0.0.1', () => {
  it('200 drops and restarts during a 20,000-message stream, each outage inside the replay buffer: every message delivered exactly once, in order', async () => {
    const { delivered, gaps, counts } = await run({ seed: 20_261_205, cycles: 200, total: 20_000, buffer: 300, burst: 100, outage: 60 });
    console.info(`resume.real: ${delivered.length} delivered of 20000, ${gaps.length} gaps reported; faults ${JSON.stringify(counts)}`);
    expect(counts.drop + counts.restart + counts['drop in replay']).toBe(200);
    expect(gaps).toEqual([]);
    expect(delivered).toHaveLength(20_000);
    expect(delivered.every((seq, index) => seq === index + 1)).toBe(true);
  }, 300_000);

  it('outages that outlast the replay buffer: one refusal reported per lost range, nothing delivered twice or out of order', async () => {
    const { delivered, gaps, counts } = await run({ seed: 7_031, cycles: 60, total: 6_000, buffer: 60, burst: 80, outage: 120 });
    const jumps = delivered.flatMap((seq, index) => (index > 0 && seq !== delivered[index - 1]! + 1 ? [{ after: delivered[index - 1]!, next: seq }] : []));
    console.info(`resume.real (outlasting the buffer): ${delivered.length} delivered of 6000, ${jumps.length} lost ranges, ${gaps.length} reports; faults ${JSON.stringify(counts)}`);
    expect(delivered.every((seq, index) => index === 0 || seq > delivered[index - 1]!)).toBe(true);
    expect(jumps.length).toBeGreaterThan(0); // the seed makes some outages outlast the buffer
    expect(gaps.map((gap) => [gap.kind, gap.after?.seq])).toEqual(jumps.map((jump) => ['refused', jump.after]));
  }, 300_000);
});
