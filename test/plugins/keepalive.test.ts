import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, type ConnectionOptions } from '../../src/core/createConnection';
import type { LifelineError } from '../../src/core/LifelineError';
import { keepalive, workerClock, type KeepaliveOptions } from '../../src/plugins/keepalive';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { seededRandom } from '../../src/testing/seededRandom';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { FakeWorker } from '../helpers/fakeWorker';

/** A document and window whose visibility and page-lifecycle events a test drives. */
function fakePage() {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  const win = new EventTarget();
  vi.stubGlobal('document', doc);
  vi.stubGlobal('window', win);
  return {
    hide() {
      doc.visibilityState = 'hidden';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    show() {
      doc.visibilityState = 'visible';
      doc.dispatchEvent(new Event('visibilitychange'));
    },
    freeze: () => doc.dispatchEvent(new Event('freeze')),
    resume: () => doc.dispatchEvent(new Event('resume')),
    pageshow: (persisted: boolean) => win.dispatchEvent(Object.assign(new Event('pageshow'), { persisted })),
  };
}

const beat: KeepaliveOptions = { message: 'ping', intervalMs: 1000, timeoutMs: 500, isPong: (data) => data === 'pong', Worker: FakeWorker };

function setup(extra: Partial<KeepaliveOptions> = {}, options: ConnectionOptions<unknown> = {}) {
  const server = createFakeServer();
  const errors: LifelineError[] = [];
  const network = fakeNetwork();
  const connection = createConnection('ws://127.0.0.1:1/ka', {
    WebSocket: server.WebSocket,
    network: network.source,
    plugins: [keepalive({ ...beat, ...extra })],
    policy: { jitter: 'none', initialDelayMs: 1000 },
    onError: (error) => errors.push(error),
    ...options,
  });
  const state = () => connection.getState();
  const open = () => {
    connection.connect();
    server.last().accept();
  };
  const pings = () => server.last().sent.filter((data) => data === 'ping').length;
  /** The connection's network source says online (as the browser's does on the window's `online` event). */
  const online = () => network.set(true);
  return { server, connection, errors, state, open, pings, online };
}

let page: ReturnType<typeof fakePage>;
beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  FakeWorker.made = [];
  page = fakePage();
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('keepalive: its clock runs in a Worker', () => {
  it('pings every intervalMs from a Worker made from a blob: URL, and says so in state.plugins', () => {
    const { server, state, open, pings } = setup();
    open();
    for (let i = 0; i < 4; i += 1) {
      vi.advanceTimersByTime(1000);
      server.last().message('pong');
    }
    expect(pings()).toBe(4);
    expect(FakeWorker.made).toHaveLength(1);
    expect(FakeWorker.made[0]!.url).toMatch(/^blob:/);
    expect(FakeWorker.made[0]!.posted.length).toBeGreaterThanOrEqual(8); // each ping and each pong timeout
    expect(state().plugins.keepalive).toEqual({ clock: 'worker' });
    expect(state().status).toBe('open');
  });

  it('the retry wait runs on the Worker too, and the Worker stops when nothing is pending', () => {
    const { server, connection, state, open } = setup();
    open();
    server.last().drop();
    expect(state().status).toBe('reconnecting');
    const worker = FakeWorker.made.at(-1)!;
    expect(worker.terminated).toBe(false);
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2); // the retry came from the Worker's timer
    connection.disconnect();
    expect(FakeWorker.made.every((made) => made.terminated)).toBe(true);
  });

  it('a Worker the page refuses (a strict CSP): main-thread timers, one warning in development, nothing lost', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    class Refused {
      constructor() {
        throw new DOMException('Refused to create a worker', 'SecurityError');
      }
    }
    const { server, state, open, pings } = setup({ Worker: Refused as never });
    open();
    vi.advanceTimersByTime(1000);
    expect(pings()).toBe(1);
    expect(state().plugins.keepalive).toEqual({ clock: 'main' });
    vi.advanceTimersByTime(500); // the pong timeout still runs, on the main thread
    expect(state().lastClose?.code).toBe(3008);
    vi.advanceTimersByTime(1000);
    server.last().accept();
    vi.advanceTimersByTime(1000);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/main thread/);
  });

  it('a Worker that crashes: what was pending carries on on the main thread at the time it was due', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { server, state, open, pings } = setup();
    open();
    vi.advanceTimersByTime(600);
    FakeWorker.made[0]!.crash();
    expect(state().plugins.keepalive).toEqual({ clock: 'main' });
    vi.advanceTimersByTime(399);
    expect(pings()).toBe(0);
    vi.advanceTimersByTime(1);
    expect(pings()).toBe(1); // at 1000 ms, as it was due
    server.last().message('pong');
    vi.advanceTimersByTime(1000);
    expect(pings()).toBe(2);
    expect(FakeWorker.made).toHaveLength(1); // no second Worker after a crash
    expect(warn).toHaveBeenCalledTimes(1);
  });

  it('without document, window or Worker (server rendering, Node) it is a heartbeat on main-thread timers, without a warning', () => {
    vi.unstubAllGlobals();
    vi.stubGlobal('document', undefined);
    vi.stubGlobal('window', undefined);
    vi.stubGlobal('Worker', undefined);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { open, pings, state } = setup({ Worker: undefined });
    open();
    vi.advanceTimersByTime(1000);
    expect(pings()).toBe(1);
    vi.advanceTimersByTime(500);
    expect(state().lastClose?.code).toBe(3008);
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('keepalive: honest on return', () => {
  it('visible again: pings at once; no answer within timeoutMs closes with 3008 and the policy retries', () => {
    const { server, state, open, pings } = setup();
    open();
    vi.advanceTimersByTime(200);
    page.hide();
    expect(pings()).toBe(0); // hiding asks nothing
    page.show();
    expect(pings()).toBe(1);
    vi.advanceTimersByTime(499);
    expect(state().status).toBe('open');
    vi.advanceTimersByTime(1);
    expect(state().status).toBe('reconnecting');
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', willRetry: true });
    expect(server.sockets).toHaveLength(1);
  });

  it('visible again on a healthy link: the answer keeps it open, and the schedule goes on', () => {
    const { server, state, open, pings } = setup();
    open();
    page.hide();
    vi.advanceTimersByTime(300);
    page.show();
    server.last().message('pong');
    for (let i = 0; i < 2; i += 1) {
      vi.advanceTimersByTime(1000);
      server.last().message('pong');
    }
    vi.advanceTimersByTime(600);
    expect(state().status).toBe('open');
    expect(pings()).toBe(3);
  });

  it('freeze, then resume: the time frozen never counts toward a pong timeout; the resume probes', () => {
    const { server, state, errors, open, pings } = setup();
    open();
    vi.advanceTimersByTime(1000); // a ping goes out, its pong is due by 1500
    expect(pings()).toBe(1);
    page.freeze();
    // Frozen 60 s: the clock moves, no timer runs; on resume the overdue timers all fire at once.
    vi.setSystemTime(61_000);
    page.resume();
    expect(pings()).toBe(2); // the resume's probe
    vi.advanceTimersByTime(100);
    server.last().message('pong');
    vi.advanceTimersByTime(450);
    expect(state().status).toBe('open');
    expect(errors.map((error) => error.code)).not.toContain('heartbeat-timeout');
  });

  it('a pong timeout that fires far later than asked (frozen without a freeze event) asks again instead of closing', () => {
    const { server, state, open, pings } = setup();
    open();
    vi.advanceTimersByTime(1000);
    vi.setSystemTime(61_000); // the page stood still, timers included
    vi.advanceTimersByTime(500); // the overdue pong timeout runs now
    expect(state().status).toBe('open');
    expect(pings()).toBe(2); // the new question
    server.last().message('pong');
    vi.advanceTimersByTime(499);
    expect(state().status).toBe('open');
  });

  it('resume on a link that died meanwhile: reported within timeoutMs of the resume, and the policy decides', () => {
    const { state, open } = setup();
    open();
    page.freeze();
    vi.setSystemTime(60_000);
    page.resume();
    const resumedAt = Date.now();
    vi.advanceTimersByTime(500);
    expect(state().status).toBe('reconnecting');
    expect(state().lastClose).toMatchObject({ code: 3008, willRetry: true });
    expect(state().lastClose!.at - resumedAt).toBeLessThanOrEqual(500);
  });

  it('pageshow from the back/forward cache, and online, probe at once; a pageshow that is a fresh load does not', () => {
    const { open, pings, server, online } = setup();
    open();
    page.pageshow(false);
    expect(pings()).toBe(0);
    page.pageshow(true);
    expect(pings()).toBe(1);
    server.last().message('pong');
    online();
    expect(pings()).toBe(2);
  });

  it('nothing is probed while not open, and nothing after disconnect()', () => {
    const { connection, server, open, online } = setup();
    open();
    server.last().drop();
    page.show();
    expect(server.last().sent).toEqual([]);
    connection.disconnect();
    page.resume();
    online();
    expect(server.sockets).toHaveLength(1);
  });
});

describe('keepalive: quiet while hidden', () => {
  it('holds a retry while the page is hidden, and runs it within returnJitterMs of becoming visible', () => {
    const { server, state, open } = setup({ quietWhileHidden: true, returnJitterMs: 2000, random: () => 0.5 });
    open();
    page.hide();
    server.last().serverClose(1012, 'restart');
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1); // held: nobody would see it
    expect(state().status).toBe('reconnecting');
    page.show();
    vi.advanceTimersByTime(999);
    expect(server.sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(server.sockets).toHaveLength(2); // after 0.5 × 2000 ms
  });

  it('without quietWhileHidden a hidden page retries as usual', () => {
    const { server, open } = setup();
    open();
    page.hide();
    server.last().drop();
    vi.advanceTimersByTime(1000);
    expect(server.sockets).toHaveLength(2);
  });

  it('retryNow() and disconnect() still work on a held retry', () => {
    const { server, connection, open } = setup({ quietWhileHidden: true });
    open();
    page.hide();
    server.last().drop();
    vi.advanceTimersByTime(5000);
    connection.retryNow();
    expect(server.sockets).toHaveLength(2);
    server.last().drop();
    vi.advanceTimersByTime(5000);
    connection.disconnect();
    page.show();
    vi.advanceTimersByTime(10_000);
    expect(server.sockets).toHaveLength(2);
    expect(connection.getState().status).toBe('closed');
  });

  it('held retries come back spread uniformly over returnJitterMs (seeded)', () => {
    const random = seededRandom(19);
    const delays: number[] = [];
    for (let i = 0; i < 400; i += 1) {
      const clock = workerClock({ Worker: FakeWorker, random, hold: () => ({ quietWhileHidden: true, returnJitterMs: 1000 }) });
      page.hide();
      let ranAt = -1;
      clock.setTimeout(() => (ranAt = Date.now()), 10, 'retry');
      vi.advanceTimersByTime(10);
      const shownAt = Date.now();
      page.show();
      vi.advanceTimersByTime(1000);
      delays.push(ranAt - shownAt);
      clock.dispose();
    }
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThanOrEqual(1000);
    const quarters = [0, 1, 2, 3].map((q) => delays.filter((d) => d >= q * 250 && d < (q + 1) * 250).length);
    for (const count of quarters) expect(count).toBeGreaterThan(70); // 100 expected in each
  });
});

describe('keepalive: bad input', () => {
  it('timeoutMs >= intervalMs is a typed invalid-option error naming the field; the connection opens no socket', () => {
    const { server, connection, state } = setup({ timeoutMs: 1000 });
    connection.connect();
    expect(server.sockets).toHaveLength(0);
    expect(state().status).toBe('failed');
    expect(state().error).toMatchObject({ code: 'invalid-option', field: 'keepalive.timeoutMs' });
    expect(state().error!.message).toMatch(/below intervalMs/);
  });

  it('a message function that throws is reported naming keepalive.message, and the schedule goes on', () => {
    let calls = 0;
    const { server, errors, open, pings } = setup({
      message: () => {
        calls += 1;
        if (calls === 1) throw new Error('no ping today');
        return 'ping';
      },
    });
    open();
    vi.advanceTimersByTime(1000);
    expect(errors.map((error) => error.field)).toContain('keepalive.message');
    vi.advanceTimersByTime(1000);
    expect(pings()).toBe(1);
    server.last().message('pong');
  });

  it('listeners go with the connection: after dispose() no event reaches it', () => {
    const { connection, server, open } = setup();
    open();
    connection.dispose();
    page.show();
    page.resume();
    expect(server.last().sent).toEqual([]);
    expect(FakeWorker.made.every((made) => made.terminated)).toBe(true);
  });
});
