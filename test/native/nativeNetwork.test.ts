import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createConnection, LifelineError } from 'react-lifeline/core';
import { nativeNetwork } from 'react-lifeline/native';
import { createFakeServer } from 'react-lifeline/testing';
import { fakeReactNative } from './fakeReactNative';

beforeEach(() => void vi.useFakeTimers({ now: 0 }));
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function connectOnPhone() {
  const phone = fakeReactNative();
  const network = nativeNetwork({ NetInfo: phone.NetInfo, AppState: phone.AppState });
  const server = createFakeServer();
  const connection = createConnection('ws://127.0.0.1:1/chat', { WebSocket: server.WebSocket, network, policy: { jitter: 'none' } });
  return { phone, network, server, connection, state: () => connection.getState() };
}

describe('nativeNetwork: online and offline from NetInfo', () => {
  it('pauses retries while NetInfo says offline and retries at once when it says online', () => {
    const { phone, server, connection, state } = connectOnPhone();
    connection.connect();
    server.last().accept();
    phone.net(false);
    expect(state().online).toBe(false);
    server.last().drop();
    vi.advanceTimersByTime(60_000);
    expect(server.sockets).toHaveLength(1); // no attempt while offline
    expect(state().status).toBe('reconnecting');
    phone.net(true);
    expect(state().online).toBe(true);
    expect(server.sockets).toHaveLength(2); // at once, no wait
    server.last().accept();
    expect(state().status).toBe('open');
    connection.dispose();
  });

  it('counts a network without internet as offline, and an unknown reachability as online', () => {
    const phone = fakeReactNative();
    const network = nativeNetwork({ NetInfo: phone.NetInfo });
    const seen: boolean[] = [];
    const stop = network.subscribe((online) => seen.push(online));
    phone.net(true, false);
    phone.net(true, null);
    phone.net(null, null);
    phone.net(false, null);
    expect(seen).toEqual([false, true, false]);
    expect(network.isOnline()).toBe(false);
    stop();
  });

  it('is online, and in the foreground, without NetInfo and AppState', () => {
    const network = nativeNetwork();
    expect(network.isOnline()).toBe(true);
    expect(network.isForeground()).toBe(true);
    const stop = [network.subscribe(() => {}), network.subscribeForeground(() => {}), network.subscribePageRestore(() => {})];
    for (const off of stop) off();
    expect(network.error).toBeNull();
  });
});

describe('nativeNetwork: foreground and background from AppState', () => {
  it('tells plug-ins foreground and background, once per change', () => {
    const phone = fakeReactNative();
    const network = nativeNetwork({ AppState: phone.AppState });
    const seen: boolean[] = [];
    const stop = network.subscribeForeground((foreground) => seen.push(foreground));
    phone.app('inactive');
    phone.app('background');
    expect(network.isForeground()).toBe(false);
    phone.app('background');
    phone.app('active');
    expect(seen).toEqual([false, true]);
    expect(network.isForeground()).toBe(true);
    stop();
  });

  it('back in the foreground, a socket that died in the background counts as closed (1006) and the retry goes now', () => {
    const { phone, server, connection, state } = connectOnPhone();
    connection.connect();
    server.last().accept();
    phone.app('inactive');
    phone.app('background');
    server.last().readyState = 3; // the OS killed it: no close event came
    phone.app('active');
    expect(state().lastClose).toMatchObject({ code: 1006, initiator: 'network', wasClean: false });
    expect(server.sockets).toHaveLength(2);
    server.last().accept();
    expect(state().status).toBe('open');
    connection.dispose();
  });

  it('back in the foreground, a waiting retry goes now; a short trip to inactive leaves it be', () => {
    const { phone, server, connection, state } = connectOnPhone();
    connection.connect();
    server.last().accept().drop();
    expect(state().status).toBe('reconnecting');
    vi.advanceTimersByTime(1_000);
    server.last().refuse(); // a failed retry: the next waits 2 s
    expect(server.sockets).toHaveLength(2);
    phone.app('inactive');
    phone.app('active');
    expect(server.sockets).toHaveLength(2);
    phone.app('background');
    phone.app('active');
    expect(server.sockets).toHaveLength(3);
    connection.dispose();
  });

  it('listens to NetInfo and AppState only while a connection runs or is watched', async () => {
    const { phone, server, connection } = connectOnPhone();
    expect(phone.listeners()).toBe(0);
    connection.connect();
    server.last().accept();
    expect(phone.listeners()).toBe(2);
    connection.disconnect();
    await Promise.resolve(); // the close handshake ends
    expect(connection.getState().status).toBe('closed');
    expect(phone.listeners()).toBe(0);
    const stop = connection.subscribe(() => {});
    expect(phone.listeners()).toBe(2);
    stop();
    expect(phone.listeners()).toBe(0);
    connection.dispose();
  });
});

describe('nativeNetwork: bad input', () => {
  it('names what is wrong with a typed LifelineError, leaves that part out, and does not throw', () => {
    const printed = vi.spyOn(console, 'error').mockImplementation(() => {});
    const phone = fakeReactNative();
    const network = nativeNetwork({ NetInfo: { addEventListener: 'no' } as never, AppState: phone.AppState });
    expect(network.error).toBeInstanceOf(LifelineError);
    expect(network.error).toMatchObject({ code: 'invalid-option', field: 'nativeNetwork.NetInfo.addEventListener' });
    expect(network.error!.message).toMatch(/NetInfo from '@react-native-community\/netinfo'/);
    expect(printed).toHaveBeenCalledWith(network.error);
    expect(network.isOnline()).toBe(true);
    const stop = network.subscribeForeground(() => {});
    phone.app('background');
    expect(network.isForeground()).toBe(false); // the good part still works
    stop();
    expect(nativeNetwork('x' as never).error).toMatchObject({ code: 'invalid-option', field: 'nativeNetwork' });
  });
});
