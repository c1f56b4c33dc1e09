import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createResumableStream } from '../../../demo/resumableStream.mjs';
import { createConnection } from '../../../src/core/createConnection';
import type { ConnectionOptions, Plugin } from '../../../src/core/types';
import { resume, type ResumeGap, type ResumeState } from '../../../src/plugins/resume';
import { lastEventIdResume, sequenceResume } from '../../../src/presets';
import { createFakeServer, type FakeWebSocket } from '../../../src/testing/createFakeServer';
import { fakeNetwork } from '../../helpers/fakeNetwork';
import { seededRandom } from '../../helpers/seededRandom';

const URL_A = 'ws://127.0.0.1:1/stream';
const URL_B = 'ws://127.0.0.1:1/other';

function setup(options: ConnectionOptions = {}, given?: Plugin) {
  const server = createFakeServer();
  const gaps: ResumeGap[] = [];
  const plugin = given ?? sequenceResume({ onGap: (gap) => gaps.push(gap) });
  const delivered: number[] = [];
  const errors: string[] = [];
  const connection = createConnection(URL_A, {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    random: seededRandom(3),
    policy: { jitter: 'none', initialDelayMs: 100 },
    parse: (data) => JSON.parse(String(data)) as unknown,
    plugins: [plugin],
    onMessage: (message) => {
      const { seq } = message as { seq?: number };
      if (seq !== undefined) delivered.push(seq);
    },
    onError: (error) => errors.push(`${error.code} ${error.field ?? ''}`.trim()),
    ...options,
  });
  const stream = createResumableStream({ buffer: 10 });
  /** The server's side: answer the hello the socket got, then carry on live. */
  const serve = (socket: FakeWebSocket = server.last()) => {
    for (const frame of stream.answer(socket.sent.at(-1)) ?? []) socket.message(frame);
  };
  const produce = (count: number, socket: FakeWebSocket | null = server.last()) => {
    for (let n = 0; n < count; n += 1) {
      const frame = stream.next();
      if (socket?.readyState === 1) socket.message(frame);
    }
  };
  const reconnect = () => {
    vi.advanceTimersByTime(100);
    server.last().accept();
    serve();
  };
  const resumeState = () => connection.getState().plugins.resume as ResumeState;
  return { server, gaps, delivered, errors, connection, stream, serve, produce, reconnect, resumeState, state: () => connection.getState() };
}

const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, index) => from + index);

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('resume after reconnect (resume)', () => {
  it('asks for a fresh start at the first open, holds the open until the answer, and records the last position delivered', () => {
    const { server, connection, serve, produce, delivered, state, resumeState } = setup();
    connection.connect();
    expect(connection.send('queued')).toBe('queued');
    server.last().accept();
    expect(server.last().sent).toEqual([JSON.stringify({ type: 'resume', after: null, epoch: null })]);
    expect(state().status).toBe('connecting');
    serve();
    expect(state().status).toBe('open');
    expect(server.last().sent.slice(1)).toEqual(['queued']); // the hello went before anything queued
    produce(3);
    expect(delivered).toEqual([1, 2, 3]);
    expect(resumeState()).toEqual({ last: { seq: 3, epoch: 'e1' }, resuming: false, gaps: 0, lastGap: null });
  });

  it('resumes from the last position after a drop: the replay fills the outage, and a reconnect keeps the position', () => {
    const { server, connection, serve, produce, reconnect, delivered, gaps } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(4);
    server.last().drop();
    produce(5, null); // while the link is down
    reconnect();
    expect(server.last().sent[0]).toBe(JSON.stringify({ type: 'resume', after: 4, epoch: 'e1' }));
    produce(2);
    expect(delivered).toEqual(range(1, 11));
    expect(gaps).toEqual([]);
  });

  it('drops what a replay delivers twice (the message is swallowed), and never delivers an older one', () => {
    const { server, connection, serve, produce, delivered, stream } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(3);
    const socket = server.last();
    // A server that replays more than was missed, twice over.
    socket.message(JSON.stringify({ seq: 2, epoch: stream.epoch, data: null }));
    socket.message(JSON.stringify({ seq: 3, epoch: stream.epoch, data: null }));
    socket.message(JSON.stringify({ seq: 1, epoch: stream.epoch, data: null }));
    produce(1);
    expect(delivered).toEqual([1, 2, 3, 4]);
  });

  it('reports a sequence that jumps once, with what was missed, and goes on from the new position', () => {
    const { server, connection, serve, produce, delivered, gaps, stream, resumeState } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(2);
    server.last().message(JSON.stringify({ seq: 7, epoch: stream.epoch, data: null }));
    expect(delivered).toEqual([1, 2, 7]);
    expect(gaps).toEqual([{ kind: 'gap', after: { seq: 2, epoch: 'e1' }, next: { seq: 7, epoch: 'e1' }, missed: 4 }]);
    expect(resumeState()).toMatchObject({ gaps: 1, lastGap: gaps[0], last: { seq: 7 } });
  });

  it('reports a refusal (the outage outlasted the buffer) at once, and starts over from what the server sends next', () => {
    const { server, connection, serve, produce, reconnect, delivered, gaps, state } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(3);
    server.last().drop();
    produce(20, null); // the buffer keeps 10
    reconnect();
    expect(state().status).toBe('open');
    expect(gaps).toEqual([{ kind: 'refused', after: { seq: 3, epoch: 'e1' }, next: null, missed: undefined }]);
    produce(2);
    expect(delivered).toEqual([1, 2, 3, 24, 25]);
    expect(gaps).toHaveLength(1); // the jump after a refusal is that refusal, not another gap
  });

  it('reports a new epoch that comes unannounced as one loss', () => {
    const { server, connection, serve, produce, delivered, gaps } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(2);
    server.last().message(JSON.stringify({ seq: 1, epoch: 'e2', data: null }));
    server.last().message(JSON.stringify({ seq: 2, epoch: 'e2', data: null }));
    expect(delivered).toEqual([1, 2, 1, 2]);
    expect(gaps).toEqual([{ kind: 'epoch', after: { seq: 2, epoch: 'e1' }, next: { seq: 1, epoch: 'e2' }, missed: undefined }]);
  });

  it('starts a new stream after disconnect() and after a move to another URL', async () => {
    const { server, connection, serve, produce, resumeState } = setup();
    connection.connect();
    server.last().accept();
    serve();
    produce(3);
    connection.disconnect();
    await flushMicrotasks(); // the closing handshake
    expect(resumeState().last).toBeNull();
    connection.connect();
    server.last().accept();
    expect(server.last().sent[0]).toBe(JSON.stringify({ type: 'resume', after: null, epoch: null }));
    serve();
    produce(2);
    expect(resumeState().last).toEqual({ seq: 5, epoch: 'e1' });
    connection.setOptions({ url: URL_B });
    server.last().accept();
    expect(server.last().url).toBe(URL_B);
    expect(server.last().sent[0]).toBe(JSON.stringify({ type: 'resume', after: null, epoch: null }));
  });

  it('puts the last position into the URL of every reconnect (Last-Event-ID style), and drops a replayed event id', () => {
    const ids: unknown[] = [];
    const gaps: ResumeGap[] = [];
    const { server, connection } = setup({ onMessage: (message) => ids.push((message as { id: unknown }).id) }, lastEventIdResume({ onGap: (gap) => gaps.push(gap) }));
    connection.connect();
    expect(server.last().url).toBe(URL_A);
    server.last().accept();
    for (const id of ['a', 'b', 'c']) server.last().message(JSON.stringify({ id }));
    server.last().drop();
    vi.advanceTimersByTime(100);
    expect(server.last().url).toBe(`${URL_A}?lastEventId=c`);
    server.last().accept();
    for (const id of ['b', 'c', 'd']) server.last().message(JSON.stringify({ id })); // replayed more than missed
    expect(ids).toEqual(['a', 'b', 'c', 'd']);
    expect(gaps).toEqual([]);
  });

  it('a message outside the stream (idOf gives null) is delivered untouched and moves nothing', () => {
    const { server, connection, serve, produce, resumeState } = setup({ onMessage: undefined });
    const seen: unknown[] = [];
    connection.onMessage((message) => seen.push(message));
    connection.connect();
    server.last().accept();
    serve();
    produce(1);
    server.last().message(JSON.stringify({ type: 'pong' }));
    expect(seen).toEqual([{ seq: 1, epoch: 'e1', data: null }, { type: 'pong' }]);
    expect(resumeState().last).toEqual({ seq: 1, epoch: 'e1' });
  });
});

describe('resume: bad input', () => {
  it('an idOf that throws: a callback-failed error naming it; the message is delivered and the stream goes on', () => {
    const delivered: unknown[] = [];
    const { server, connection, errors } = setup(
      { onMessage: (message) => delivered.push(message) },
      resume({ idOf: (message) => ((message as { seq: number }).seq === 2 ? (null as unknown as { seq: number }).seq : (message as { seq: number }).seq) }),
    );
    connection.connect();
    server.last().accept();
    for (const seq of [1, 2, 3]) server.last().message(JSON.stringify({ seq }));
    expect(errors).toEqual(['callback-failed resume.idOf']);
    expect(delivered).toHaveLength(3);
    expect(connection.getState().error).toMatchObject({ code: 'callback-failed', field: 'resume.idOf' });
  });

  it('an idOf that gives nothing (undefined) or no position: an invalid-position error; delivered, the position stays', () => {
    const delivered: unknown[] = [];
    const { server, connection, errors } = setup(
      { onMessage: (message) => delivered.push(message) },
      resume({ idOf: (message) => (message as { seq: never }).seq }),
    );
    connection.connect();
    server.last().accept();
    server.last().message(JSON.stringify({ seq: 1 }));
    server.last().message(JSON.stringify({ other: 1 }));
    server.last().message(JSON.stringify({ seq: { at: 1 } }));
    server.last().message(JSON.stringify({ seq: 2 }));
    expect(errors).toEqual(['invalid-position resume.idOf', 'invalid-position resume.idOf']);
    expect(delivered).toHaveLength(4);
    expect(connection.getState().plugins.resume).toMatchObject({ last: { seq: 2 }, gaps: 0 });
  });

  it('a hello that throws: a callback-failed error; unanswered, the open times out with 3008 and the policy retries', () => {
    let fail = true;
    const { server, connection, errors, state } = setup(
      {},
      sequenceResume({
        hello: (last) => {
          if (fail) throw new Error('no token');
          return JSON.stringify({ type: 'resume', after: last?.seq ?? null });
        },
        timeoutMs: 1000,
      }),
    );
    connection.connect();
    server.last().accept();
    expect(errors).toEqual(['callback-failed resume.hello']);
    expect(server.last().sent).toEqual([]);
    expect(state().status).toBe('connecting');
    vi.advanceTimersByTime(1000);
    expect(errors).toEqual(['callback-failed resume.hello', 'resume-timeout']);
    expect(state()).toMatchObject({ status: 'reconnecting', lastClose: { code: 3008, initiator: 'client' } });
    fail = false;
    vi.advanceTimersByTime(100);
    server.last().accept();
    expect(server.last().sent).toEqual([JSON.stringify({ type: 'resume', after: null })]);
  });

  it('a server that answers the resume with garbage: delivered as it is, no answer, then a resume-timeout and a new attempt', () => {
    const seen: unknown[] = [];
    const { server, connection, errors, state } = setup({ parse: (data) => data, onMessage: (message) => seen.push(message) });
    connection.connect();
    server.last().accept();
    server.last().message('\u0000not json{');
    server.last().message(JSON.stringify({ type: 'resumed?' }));
    expect(seen).toEqual(['\u0000not json{', JSON.stringify({ type: 'resumed?' })]);
    expect(state().status).toBe('connecting');
    vi.advanceTimersByTime(10_000);
    expect(errors).toEqual(['resume-timeout']);
    expect(state().status).toBe('reconnecting');
    expect(server.last().closedByClient).toEqual({ code: 3008, reason: 'Resume timeout' });
  });

  it('a parse of its own that throws: a callback-failed error naming it; delivered, the position stays', () => {
    const { server, connection, errors } = setup({}, resume({ parse: () => { throw new Error('bad'); }, idOf: () => 1 }));
    connection.connect();
    server.last().accept();
    server.last().message('{"seq":1}');
    expect(errors).toEqual(['callback-failed resume.parse']);
    expect(connection.getState().plugins.resume).toMatchObject({ last: null });
  });

  it('a url() that gives no WebSocket URL: an invalid-url error, and the app URL is used', () => {
    const { server, connection, errors } = setup({}, resume({ idOf: () => null, url: () => 'not a url' }));
    connection.connect();
    expect(errors).toEqual(['invalid-url']);
    expect(server.last().url).toBe(URL_A);
  });

  it('options that cannot be right: the connection reports them and does not start (development builds)', () => {
    const { server, connection, state } = setup({}, resume({ idOf: 'seq' as never }));
    connection.connect();
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field: 'resume.idOf' } });
    expect(server.sockets).toHaveLength(0);
  });
});
