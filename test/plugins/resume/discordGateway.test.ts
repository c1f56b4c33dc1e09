import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../../src/core/createConnection';
import type { ResumeGap } from '../../../src/plugins/resume';
import { discordGatewayPolicy, discordGatewayResume } from '../../../src/presets';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { fakeDiscordGateway } from '../../helpers/fakeDiscordGateway';
import { fakeNetwork } from '../../helpers/fakeNetwork';

const IDENTIFY = { token: 'Bot t0ken', intents: 513, properties: { os: 'linux', browser: 'test', device: 'test' } };

function setup() {
  const server = createFakeServer();
  const gateway = fakeDiscordGateway({ buffer: 5 });
  const seen: string[] = [];
  const gaps: ResumeGap[] = [];
  const connection = createConnection('ws://127.0.0.1:1/?v=10&encoding=json', {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    policy: { ...discordGatewayPolicy, jitter: 'none', initialDelayMs: 100 },
    parse: (data) => JSON.parse(String(data)) as { op: number; t: string | null; s: number | null; d: unknown },
    plugins: [discordGatewayResume({ identify: () => IDENTIFY, onGap: (gap) => gaps.push(gap) })],
    onMessage: (payload) => {
      const { op, t, s } = payload as { op: number; t: string | null; s: number | null };
      seen.push(op === 0 ? `${t} ${s}` : `op ${op}`);
    },
  });
  /** The gateway's side of one connection: HELLO, then an answer to each thing the client says. */
  const open = () => {
    const socket = server.last();
    socket.accept();
    let answered = 0;
    socket.message(gateway.hello());
    const answer = () => {
      while (answered < socket.sent.length) for (const frame of gateway.answer(String(socket.sent[answered++]))) socket.message(frame);
    };
    answer();
    return { socket, answer };
  };
  const event = (n: number) => {
    for (let i = 0; i < n; i += 1) {
      const frame = gateway.event({ content: `m${i}` });
      if (frame && server.last().readyState === 1) server.last().message(frame);
    }
  };
  return { server, gateway, seen, gaps, connection, open, event, state: () => connection.getState() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('discordGatewayResume against a gateway that follows the documented RESUME flow', () => {
  it('identifies after HELLO the first time, and counts as open at READY', () => {
    const { connection, open, seen, state } = setup();
    connection.connect();
    const { socket } = open();
    expect(JSON.parse(String(socket.sent[0]))).toEqual({ op: 2, d: IDENTIFY });
    expect(state().status).toBe('open');
    expect(seen).toEqual(['op 10', 'READY 1']);
    expect(state().plugins.resume).toMatchObject({ last: { seq: 1, epoch: 'session-1' } });
  });

  it('after a drop: RESUME (op 6) with the session id and the last s, the replay, RESUMED; nothing lost or doubled', () => {
    const { server, connection, open, event, seen, gaps, state } = setup();
    connection.connect();
    open();
    event(2); // s 2, 3
    server.last().drop();
    event(3); // s 4-6, missed
    vi.advanceTimersByTime(100);
    const { socket } = open();
    expect(JSON.parse(String(socket.sent[0]))).toEqual({ op: 6, d: { token: IDENTIFY.token, session_id: 'session-1', seq: 3 } });
    expect(state().status).toBe('open');
    event(1);
    expect(seen.filter((line) => line !== 'op 10')).toEqual(['READY 1', 'MESSAGE_CREATE 2', 'MESSAGE_CREATE 3', 'MESSAGE_CREATE 4', 'MESSAGE_CREATE 5', 'MESSAGE_CREATE 6', 'RESUMED 7', 'MESSAGE_CREATE 8']);
    expect(gaps).toEqual([]);
  });

  it('an invalid session (op 9, d: false) is reported as a refusal, and the client identifies again', () => {
    const { server, connection, open, event, seen, gaps, gateway, state } = setup();
    connection.connect();
    open();
    event(2);
    server.last().drop();
    gateway.forget();
    vi.advanceTimersByTime(100);
    const { socket, answer } = open();
    expect(JSON.parse(String(socket.sent[0]))).toMatchObject({ op: 6 });
    answer(); // op 9 → IDENTIFY
    expect(JSON.parse(String(socket.sent[1]))).toEqual({ op: 2, d: IDENTIFY });
    answer(); // READY of the new session
    expect(gaps).toEqual([{ kind: 'refused', after: { seq: 3, epoch: 'session-1' }, next: null, missed: undefined }]);
    expect(state().status).toBe('open');
    expect(state().plugins.resume).toMatchObject({ last: { seq: 1, epoch: 'session-2' }, gaps: 1 });
    expect(seen.filter((line) => line !== 'op 10')).toEqual(['READY 1', 'MESSAGE_CREATE 2', 'MESSAGE_CREATE 3', 'READY 1']); // op 9 is the plug-in's
  });

  it('an outage longer than the gateway keeps: op 9, one refusal, a new session', () => {
    const { server, connection, open, event, gaps, state } = setup();
    connection.connect();
    open();
    server.last().drop();
    event(9); // the gateway keeps 5
    vi.advanceTimersByTime(100);
    const { answer } = open();
    answer();
    answer();
    expect(gaps).toHaveLength(1);
    expect(state()).toMatchObject({ status: 'open', plugins: { resume: { last: { seq: 1, epoch: 'session-2' } } } });
  });
});
