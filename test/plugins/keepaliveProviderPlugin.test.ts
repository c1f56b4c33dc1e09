import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from '../../src/core/createConnection';
import { keepalive } from '../../src/plugins/keepalive';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { fakeNetwork } from '../helpers/fakeNetwork';
import { FakeWorker } from '../helpers/fakeWorker';

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  FakeWorker.made = [];
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('one keepalive() for every connection below a provider (WebSocketProvider plugins)', () => {
  it('after its Worker crashes, every connection says its clock runs on the main thread', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const shared = keepalive({ message: 'ping', intervalMs: 1_000, timeoutMs: 500, Worker: FakeWorker });
    const server = createFakeServer();
    const make = (path: string) => createConnection(`ws://127.0.0.1:1/${path}`, { WebSocket: server.WebSocket, network: fakeNetwork().source, plugins: [shared] });
    const feed = make('feed');
    const chat = make('chat');
    feed.connect();
    server.last().accept();
    chat.connect();
    server.last().accept();
    expect([feed.getState().plugins.keepalive, chat.getState().plugins.keepalive]).toEqual([{ clock: 'worker' }, { clock: 'worker' }]);
    const worker = FakeWorker.made.at(-1)!;
    worker.terminate();
    worker.onerror!(new Error('worker crashed'));
    expect([feed.getState().plugins.keepalive, chat.getState().plugins.keepalive]).toEqual([{ clock: 'main' }, { clock: 'main' }]);
    feed.dispose();
    chat.dispose();
  });
});
