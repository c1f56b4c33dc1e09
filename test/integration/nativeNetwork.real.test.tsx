// The React Native network source against a REAL `ws` server on 127.0.0.1 (ephemeral port), with
// the `ws` client as the WebSocket (as on a phone: no browser socket): NetInfo offline pauses the
// retries and queues sends, online retries at once; back from the background, a retry that would
// wait a minute goes now. Through the provider's `network` prop.
import { act, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import WebSocket from 'ws';
import { useWebSocket, WebSocketProvider, type WebSocketConstructor, type WebSocketHandle } from 'react-lifeline';
import { nativeNetwork } from 'react-lifeline/native';
import { fakeReactNative } from '../native/fakeReactNative';
import { startRecordingServer, type RecordingServer } from '../helpers/startRecordingServer';

let server: RecordingServer;
beforeEach(async () => {
  server = await startRecordingServer();
});
afterEach(async () => {
  await server.stop();
});

/** A minute between retries: only the network source can make one go sooner. */
const patient = { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 'none' } as const;

function renderOnPhone() {
  const phone = fakeReactNative();
  const network = nativeNetwork({ NetInfo: phone.NetInfo, AppState: phone.AppState });
  const seen: { current: WebSocketHandle<unknown> | null } = { current: null };
  function Probe() {
    const socket = useWebSocket(`${server.url}/chat`);
    seen.current = socket;
    return <p>{`${socket.status} ${socket.online ? 'online' : 'offline'} ${socket.lastClose?.code ?? ''}`}</p>; // what it renders, it re-renders for
  }
  const view = render(
    <WebSocketProvider WebSocket={WebSocket as unknown as WebSocketConstructor} network={network} policy={patient}>
      <Probe />
    </WebSocketProvider>,
  );
  const until = (status: string) => vi.waitFor(() => expect(seen.current!.status).toBe(status), { timeout: 10_000, interval: 10 });
  return { phone, seen, view, until };
}

describe('nativeNetwork on a real server', () => {
  it('offline: a drop waits and sends queue; online: it reconnects at once and the queue goes out', async () => {
    const { phone, seen, view, until } = renderOnPhone();
    await until('open');
    act(() => phone.net(false));
    expect(seen.current!.online).toBe(false);
    (await server.connection(1)).socket.terminate();
    await until('reconnecting');
    expect(seen.current!.lastClose).toMatchObject({ code: 1006, wasClean: false, initiator: 'network' });
    let result: string | undefined;
    act(() => void (result = seen.current!.send('while offline')));
    expect(result).toBe('queued');
    act(() => phone.net(true));
    const second = await server.connection(2, 10_000);
    await until('open');
    await vi.waitFor(() => expect(second.received).toEqual(['while offline']), { timeout: 10_000, interval: 10 });
    view.unmount();
    // Let go after the closing handshake: NetInfo and AppState are no longer listened to.
    await vi.waitFor(() => expect(phone.listeners()).toBe(0), { timeout: 10_000, interval: 10 });
  });

  it('back from the background, a retry that would wait a minute goes now', async () => {
    const { phone, view, until } = renderOnPhone();
    await until('open');
    act(() => phone.app('background'));
    (await server.connection(1)).socket.terminate();
    await until('reconnecting');
    act(() => phone.app('active'));
    await server.connection(2, 10_000);
    await until('open');
    view.unmount();
  });
});
