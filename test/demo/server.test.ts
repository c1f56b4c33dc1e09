import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDemoServer, type DemoServer } from '../../demo/server.mjs';

let demo: DemoServer;
beforeAll(async () => {
  demo = await startDemoServer({ port: 0 });
});
afterAll(async () => {
  await demo.close();
});

type Outcome = { opened: boolean; messages: string[]; code?: number | undefined; reason?: string; http?: number | undefined };

/**
 * Opens `path`, sends `send` once open, and resolves with what happened: at the close, at a
 * refused handshake, once `want` messages arrived (then the socket is let go), or after
 * `stopAfterMs`. Waits that expect messages give `want` and a generous `stopAfterMs`, so a
 * busy machine only makes them slower.
 */
function visit(path: string, send?: string, stopAfterMs = 3000, want = Number.POSITIVE_INFINITY): Promise<Outcome> {
  return new Promise((resolve) => {
    const outcome: Outcome = { opened: false, messages: [] };
    const socket = new WebSocket(`${demo.url}${path}`);
    const timer = setTimeout(() => {
      socket.terminate();
      resolve(outcome);
    }, stopAfterMs);
    socket.on('open', () => {
      outcome.opened = true;
      if (send) socket.send(send);
    });
    socket.on('message', (data) => {
      outcome.messages.push(data.toString());
      if (outcome.messages.length < want) return;
      clearTimeout(timer);
      resolve({ ...outcome, messages: [...outcome.messages] });
      socket.terminate();
    });
    socket.on('unexpected-response', (_request, response) => {
      outcome.http = response.statusCode;
      clearTimeout(timer);
      socket.terminate();
      resolve(outcome);
    });
    socket.on('error', () => {});
    socket.on('close', (code, reason) => {
      clearTimeout(timer);
      resolve({ ...outcome, code, reason: reason.toString() });
    });
  });
}

describe('the demo server', () => {
  it('echoes', async () => {
    const outcome = await visit('/echo', 'hello', 20_000, 1);
    expect(outcome).toMatchObject({ opened: true, messages: ['hello'] });
  });

  it.each([1000, 1001, 1008, 1011, 1012, 1013, 4001])('closes with %i and its reason after a delay', async (code) => {
    expect(await visit(`/close?code=${code}&reason=bye&after=20`)).toMatchObject({ opened: true, code, reason: 'bye' });
  });

  it('refuses a code no close frame can carry with HTTP 400, and keeps serving', async () => {
    for (const code of [2000, 1004, 1015, 999, 5000, 1008.5]) expect(await visit(`/close?code=${code}`)).toMatchObject({ opened: false, http: 400 });
    expect(await visit('/once?code=2999&reason=x')).toMatchObject({ opened: false, http: 400 });
    expect(await visit('/echo', 'still here', 20_000, 1)).toMatchObject({ opened: true, messages: ['still here'] });
  });

  it('cuts a close reason to 123 UTF-8 bytes instead of failing the close', async () => {
    const outcome = await visit(`/close?code=4000&after=20&reason=${encodeURIComponent('é'.repeat(100))}`);
    expect(outcome).toMatchObject({ opened: true, code: 4000 });
    expect(Buffer.byteLength(outcome.reason ?? '')).toBeLessThanOrEqual(123);
    expect(outcome.reason).toBe('é'.repeat(61));
  });

  it('closes without a status (the client sees 1005) and drops TCP (1006)', async () => {
    expect((await visit('/close?code=1005&after=20')).code).toBe(1005);
    expect((await visit('/drop?after=20')).code).toBe(1006);
  });

  it('rejects the handshake with the HTTP status asked for', async () => {
    expect(await visit('/reject?status=401')).toMatchObject({ opened: false, http: 401 });
    expect(await visit('/reject?status=503')).toMatchObject({ opened: false, http: 503 });
  });

  it('restarts: 1012, then refuses handshakes with 503 for the given time', async () => {
    expect(await visit('/restart?down=1&after=20')).toMatchObject({ code: 1012 });
    expect(await visit('/echo')).toMatchObject({ opened: false, http: 503 });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await visit('/echo', 'back', 20_000, 1)).messages).toEqual(['back']);
  });

  it("restarts only its own id: another id's sockets stay open and its handshakes are accepted", async () => {
    const other = visit('/echo?id=other', 'still here', 600);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await visit('/restart?down=1&after=20&id=mine')).toMatchObject({ code: 1012 });
    expect(await visit('/echo?id=mine')).toMatchObject({ opened: false, http: 503 });
    expect(await visit('/echo?id=another', 'hello', 20_000, 1)).toMatchObject({ opened: true, messages: ['hello'] });
    const survivor = await other;
    expect(survivor).toMatchObject({ opened: true, messages: ['still here'] });
    expect(survivor.code).toBeUndefined(); // never closed: the test let go of it
    await new Promise((resolve) => setTimeout(resolve, 1000));
  });

  it('closes only the first connection of a /once URL', async () => {
    expect((await visit('/once?code=1013&after=20&id=a')).code).toBe(1013);
    expect(await visit('/once?code=1013&after=20&id=a', 'x', 20_000, 1)).toMatchObject({ opened: true, messages: ['x'] });
  });

  it('stalls: answers nothing', async () => {
    expect(await visit('/stall', 'anyone?', 300)).toMatchObject({ opened: true, messages: [] });
  });

  it('idle: drops (1006, no close frame) a connection that received nothing for `after` ms', async () => {
    const started = Date.now();
    const outcome = await visit('/idle?after=300', undefined, 3000);
    expect(outcome).toMatchObject({ opened: true, code: 1006 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('idle: answers ping with pong, and every message received keeps the connection open', async () => {
    let openedAt = 0;
    let closedAt = 0;
    const outcome = await new Promise<Outcome>((resolve) => {
      const result: Outcome = { opened: false, messages: [] };
      const socket = new WebSocket(`${demo.url}/idle?after=300`);
      let pinger: ReturnType<typeof setInterval> | undefined;
      socket.on('open', () => {
        result.opened = true;
        openedAt = Date.now();
        pinger = setInterval(() => socket.send('ping'), 100);
        socket.send('hello');
      });
      socket.on('message', (data) => result.messages.push(data.toString()));
      socket.on('close', (code) => {
        closedAt = Date.now();
        clearInterval(pinger);
        resolve({ ...result, code });
      });
      // Four idle periods with a ping every 100 ms: still open. Then silence: dropped one period later.
      setTimeout(() => clearInterval(pinger), 1200);
      setTimeout(() => {
        socket.terminate();
        resolve(result);
      }, 3000);
    });
    expect(outcome.opened).toBe(true);
    expect(outcome.messages[0]).toBe('hello');
    expect(outcome.messages.slice(1).every((message) => message === 'pong')).toBe(true);
    expect(outcome.messages.length).toBeGreaterThanOrEqual(9);
    expect(outcome.code).toBe(1006);
    expect(closedAt - openedAt).toBeGreaterThanOrEqual(1200);
  });

  it('floods at the given rate, up to count', async () => {
    const outcome = await visit('/flood?rate=1000&count=50', undefined, 20_000, 50);
    expect(outcome.messages).toHaveLength(50);
    expect(JSON.parse(outcome.messages.at(-1)!)).toMatchObject({ n: 0 });
  });

  it('slow: completes the handshake only after the given time', async () => {
    const started = Date.now();
    const outcome = await visit('/slow?accept=300', 'late', 20_000, 1);
    expect(outcome).toMatchObject({ opened: true, messages: ['late'] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('handshake: acknowledges connection_init with the right token, then echoes', async () => {
    const init = JSON.stringify({ type: 'connection_init', payload: { token: 'ok' } });
    const outcome = await visit('/handshake?ack=50', init, 20_000, 1);
    expect(outcome).toMatchObject({ opened: true, messages: [JSON.stringify({ type: 'connection_ack' })] });
  });

  it('handshake: refuses a bad token with 4403 and a message before the ack with 4401', async () => {
    expect((await visit('/handshake', JSON.stringify({ type: 'connection_init', payload: { token: 'no' } }))).code).toBe(4403);
    expect((await visit('/handshake', JSON.stringify({ id: '1', type: 'subscribe' }))).code).toBe(4401);
  });

  it('stream: a fresh start, then a resume from the last message replays what came since, in order, without a gap', async () => {
    const path = '/stream?every=50&buffer=1000&id=resume-test';
    const first = await collect(path, { type: 'resume', after: null }, (frames) => frames.filter((frame) => frame.seq !== undefined).length >= 3);
    expect(first[0]).toEqual({ type: 'started', epoch: 'e1' });
    const seen = first.filter((frame) => frame.seq !== undefined).map((frame) => frame.seq!);
    const last = seen.at(-1)!;
    // Away for a while (at least two more ticks), then back.
    await collect(path.replace('resume-test', 'resume-other'), { type: 'resume', after: null }, (frames) => frames.length >= 3);
    const second = await collect(path, { type: 'resume', after: last, epoch: 'e1' }, (frames) => frames.some((frame) => frame.type === 'resumed'));
    const replayed = second.filter((frame) => frame.seq !== undefined).map((frame) => frame.seq!);
    expect(replayed.length).toBeGreaterThan(0);
    expect(replayed).toEqual(replayed.map((_, index) => last + 1 + index));
  });

  it('stream: refuses a position older than its buffer, and closes with 1008 on anything but a resume request', async () => {
    const path = '/stream?every=50&buffer=1&id=refuse-test';
    await collect(path, { type: 'resume', after: null }, (frames) => frames.filter((frame) => frame.seq !== undefined).length >= 3);
    const answer = await collect(path, { type: 'resume', after: 0, epoch: 'e1' }, (frames) => frames.some((frame) => frame.type !== undefined));
    expect(answer.find((frame) => frame.type !== undefined)).toEqual({ type: 'refused', epoch: 'e1' });
    expect(await visit(path, 'hello', 2000)).toMatchObject({ opened: true, code: 1008, reason: 'Expected a resume request' });
  });
});

type Frame = { type?: string; seq?: number; epoch?: string };

/** Sends `hello` on a /stream socket and gathers its frames until `done` holds (a hang fails after 20 s). */
function collect(path: string, hello: unknown, done: (frames: Frame[]) => boolean): Promise<Frame[]> {
  return new Promise((resolve, reject) => {
    const frames: Frame[] = [];
    const socket = new WebSocket(`${demo.url}${path}`);
    const timer = setTimeout(() => (socket.terminate(), reject(new Error(`no end to ${path}: ${JSON.stringify(frames)}`))), 20_000);
    socket.on('open', () => socket.send(JSON.stringify(hello)));
    socket.on('message', (data) => {
      frames.push(JSON.parse(data.toString()) as Frame);
      if (!done(frames)) return;
      clearTimeout(timer);
      socket.terminate();
      resolve(frames);
    });
  });
}
