import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection } from 'react-lifeline/core';
import { keepalive } from 'react-lifeline/keepalive';
import { nativeNetwork } from 'react-lifeline/native';
import { createFakeServer } from 'react-lifeline/testing';
import { fakeReactNative } from './fakeReactNative';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => void vi.useRealTimers());

/** A connection with keepalive (first ping due at 25 s) on a fake phone's NetInfo and AppState, open. */
function openOnPhone() {
  const phone = fakeReactNative();
  const server = createFakeServer();
  const connection = createConnection('ws://127.0.0.1:1/chat', {
    WebSocket: server.WebSocket,
    network: nativeNetwork({ NetInfo: phone.NetInfo, AppState: phone.AppState }),
    plugins: [keepalive({ message: 'ping', intervalMs: 25_000, timeoutMs: 10_000, isPong: (data) => data === 'pong' })],
    policy: { jitter: 'none' },
  });
  connection.connect();
  return { phone, connection, socket: server.last().accept() };
}

describe('keepalive on React Native (nativeNetwork, no document or window)', () => {
  it('pings at once when the app comes back to the foreground, as it does when a page becomes visible', () => {
    const { phone, connection, socket } = openOnPhone();
    vi.advanceTimersByTime(1_000);
    expect(socket.sent).toEqual([]); // first ping is due at 25 s
    phone.app('background');
    vi.advanceTimersByTime(1_000);
    phone.app('active'); // back: the link may have died meanwhile, ask it now
    expect(connection.getState().status).toBe('open');
    expect(socket.sent).toEqual(['ping']);
    connection.dispose();
  });

  it('pings at once when NetInfo says the network is back, as it does on the window\'s online event', () => {
    const { phone, connection, socket } = openOnPhone();
    phone.net(false);
    vi.advanceTimersByTime(1_000);
    phone.net(true); // the socket looks open; whether it survived the network change is unknown: ask now
    expect(connection.getState().status).toBe('open');
    expect(socket.sent).toEqual(['ping']);
    connection.dispose();
  });
});
