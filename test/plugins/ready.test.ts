import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { graphqlWsPolicy } from '../../src/presets';
import { heartbeat } from '../../src/plugins/heartbeat';
import { graphqlWsReady, ready } from '../../src/plugins/ready';
import type { ConnectionOptions } from '../../src/core/types';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { seededRandom } from '../helpers/seededRandom';

const URL_A = 'ws://127.0.0.1:1/graphql';
const ACK = JSON.stringify({ type: 'connection_ack' });
const flushMicrotasks = () => new Promise<void>((resolve) => queueMicrotask(resolve));

function setup(options: ConnectionOptions = {}) {
  const server = createFakeServer();
  const events: string[] = [];
  const messages: unknown[] = [];
  const connection = createConnection(URL_A, {
    WebSocket: server.WebSocket,
    network: fakeNetwork().source,
    random: seededRandom(7),
    plugins: [graphqlWsReady({ token: 't1' })],
    onOpen: () => events.push('open'),
    onMessage: (message) => messages.push(message),
    onClose: (close) => events.push(`close ${close.code} ${close.initiator} retry=${close.willRetry}`),
    onError: (error) => events.push(`error ${error.code}`),
    onGiveUp: () => events.push('give-up'),
    ...options,
  });
  return { server, events, messages, connection, state: () => connection.getState() };
}

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the readiness step (ready)', () => {
  it('sends the handshake at once on open, before anything queued, and stays connecting until the ack', () => {
    const { server, connection, state, events } = setup();
    connection.connect();
    expect(connection.send('queued 1')).toBe('queued');
    server.last().accept('graphql-transport-ws');
    expect(server.last().sent).toEqual([JSON.stringify({ type: 'connection_init', payload: { token: 't1' } })]);
    expect(state()).toMatchObject({ status: 'connecting', readyState: 1 });
    expect(connection.send('queued 2')).toBe('queued'); // not 'sent': the server has not accepted yet
    expect(events).toEqual([]);
    server.last().message(ACK);
    expect(state()).toMatchObject({ status: 'open', readyState: 1 });
    expect(events).toEqual(['open']);
    expect(server.last().sent.slice(1)).toEqual(['queued 1', 'queued 2']);
    expect(connection.send('now')).toBe('sent');
  });

  it('delivers other messages while waiting, and never the ack itself', () => {
    const { server, connection, messages } = setup();
    connection.connect();
    server.last().accept().message('{"type":"ping"}').message(ACK).message('{"type":"next"}');
    expect(messages).toEqual(['{"type":"ping"}', '{"type":"next"}']);
  });

  it('runs onOpen before the queue once ready, so a hello still goes first', () => {
    const { server, connection } = setup({ onOpen: () => connection.send('hello') });
    connection.connect();
    connection.send('queued');
    server.last().accept().message(ACK);
    expect(server.last().sent.slice(1)).toEqual(['hello', 'queued']);
  });

  it('closes with 3008 as the client when no ack comes within timeoutMs, and the policy retries', () => {
    const { server, connection, state, events } = setup({ plugins: [graphqlWsReady(undefined, 3000)] });
    connection.connect();
    server.last().accept();
    vi.advanceTimersByTime(2999);
    expect(state().status).toBe('connecting');
    vi.advanceTimersByTime(1);
    expect(server.sockets[0]!.closedByClient).toEqual({ code: 3008, reason: 'Ready timeout' });
    expect(state()).toMatchObject({ status: 'reconnecting', attempt: 1, error: { code: 'ready-timeout' } });
    expect(state().lastClose).toMatchObject({ code: 3008, initiator: 'client', action: 'backoff', willRetry: true });
    expect(events).toEqual(['error ready-timeout', 'close 3008 client retry=true']);
  });

  it('counts only the ack as proof of life: a server that accepts then refuses (4403) each time reaches maxAttempts', () => {
    const { server, connection, state, events } = setup({ policy: { ...graphqlWsPolicy, maxAttempts: 2 } });
    connection.connect();
    for (let round = 0; round < 3; round += 1) {
      server.last().accept();
      vi.advanceTimersByTime(10_000); // open long past stableAfterMs, but never acknowledged
      server.last().serverClose(4403, 'Forbidden');
      vi.advanceTimersByTime(60_000);
    }
    expect(server.sockets).toHaveLength(3);
    expect(state()).toMatchObject({ status: 'failed', attempt: 2 });
    expect(events.filter((event) => event === 'give-up')).toHaveLength(1);
  });

  it('resets the attempt counter on the ack', () => {
    const { server, connection, state } = setup();
    connection.connect();
    server.last().accept();
    server.last().serverClose(1011);
    vi.advanceTimersByTime(30_000);
    server.last().accept();
    expect(state().attempt).toBe(1);
    server.last().message(ACK);
    expect(state().attempt).toBe(0);
  });

  it('reads a payload function at every attempt (a fresh token each time)', () => {
    let token = 'old';
    const { server, connection } = setup({ plugins: [graphqlWsReady(() => ({ token }))] });
    connection.connect();
    server.last().accept().drop();
    token = 'new';
    vi.advanceTimersByTime(30_000);
    server.last().accept();
    expect(server.sockets.map((socket) => JSON.parse(String(socket.sent[0])).payload.token)).toEqual(['old', 'new']);
  });

  it('disconnect() while waiting for the ack closes as the client; the readiness timer dies with the phase', async () => {
    const { server, connection, state, events } = setup({ plugins: [graphqlWsReady(undefined, 1000)] });
    connection.connect();
    connection.send('never sent');
    server.last().accept();
    connection.disconnect(4000, 'bye');
    expect(state().status).toBe('closing');
    await flushMicrotasks();
    expect(state()).toMatchObject({ status: 'closed', lastClose: { code: 4000, initiator: 'client', willRetry: false } });
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(events).toEqual(['error queue-discarded', 'close 4000 client retry=false']);
  });

  it('starts the heartbeat only once the server accepted', () => {
    const { server, connection } = setup({ plugins: [graphqlWsReady({ token: 't1' }), heartbeat({ message: 'ping', intervalMs: 100, timeoutMs: 1000 })] });
    connection.connect();
    server.last().accept();
    vi.advanceTimersByTime(500);
    expect(server.last().sent).toHaveLength(1); // the init only
    server.last().message(ACK);
    vi.advanceTimersByTime(250);
    expect(server.last().sent.slice(1)).toEqual(['ping', 'ping']);
  });

  it.each([
    ['a missing isReady', { message: 'hi' }, 'ready.isReady'],
    ['a numeric message', { isReady: (): boolean => true, message: 5 }, 'ready.message'],
    ['a NaN timeout', { isReady: (): boolean => true, timeoutMs: Number.NaN }, 'ready.timeoutMs'],
  ])('refuses %s with invalid-option naming the field, opening nothing', (_label, options, field) => {
    const { server, state, connection } = setup({ plugins: [ready(options as never)] });
    connection.connect();
    expect(state()).toMatchObject({ status: 'failed', error: { code: 'invalid-option', field } });
    expect(server.sockets).toHaveLength(0);
  });
});
