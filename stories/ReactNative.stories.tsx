import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, useWebSocket, WebSocketProvider } from '../src';
import { nativeNetwork, type AppStateLike, type NetInfoLike } from '../src/native';
import { demoUrl } from './demoUrl';

const meta = { title: 'Guides/React Native network' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** NetInfo and AppState as a phone gives them, switched by the buttons of this story. */
function simulatedPhone() {
  const net = new Set<Parameters<NetInfoLike['addEventListener']>[0]>();
  const app = new Set<(state: string) => void>();
  const AppState: AppStateLike & { currentState: string } = {
    currentState: 'active',
    addEventListener: (_type, listener) => (app.add(listener), { remove: () => void app.delete(listener) }),
  };
  return {
    NetInfo: { addEventListener: (listener) => (net.add(listener), () => void net.delete(listener)) } satisfies NetInfoLike,
    AppState,
    online: (isConnected: boolean) => net.forEach((listener) => listener({ isConnected, isInternetReachable: isConnected })),
    appState: (state: string) => ((AppState.currentState = state), app.forEach((listener) => listener(state))),
  };
}

function Chat({ url }: { url: string }) {
  const socket = useWebSocket(url);
  return (
    <>
      <p>
        Status: <strong data-testid="status">{socket.status}</strong>, NetInfo says <strong data-testid="online">{socket.online ? 'online' : 'offline'}</strong>
      </p>
      <CloseBanner socket={socket} />
      <button type="button" onClick={() => socket.send('hello')}>
        Send “hello”
      </button>
      <p>
        Last message: <span data-testid="message">{String(socket.lastMessage ?? '')}</span>
      </p>
    </>
  );
}

/**
 * `nativeNetwork({ NetInfo, AppState })` from `react-lifeline/native`, with NetInfo and AppState
 * simulated by buttons (on a phone they come from `@react-native-community/netinfo` and
 * `react-native`): offline pauses the retries and queues what you send, online reconnects at
 * once; back in the foreground after the background, a socket the OS killed counts as closed.
 */
export const NetInfoAndAppState: Story = {
  render: function Render() {
    const [phone] = useState(simulatedPhone);
    const [network] = useState(() => nativeNetwork({ NetInfo: phone.NetInfo, AppState: phone.AppState }));
    const [url] = useState(() => demoUrl('/echo'));
    return (
      <div className="demo">
        <p className="callout">A phone's network, simulated: take it offline, send, bring it back.</p>
        <div className="row">
          <button type="button" onClick={() => phone.online(false)}>
            NetInfo: offline
          </button>
          <button type="button" onClick={() => phone.online(true)}>
            NetInfo: online
          </button>
          <button type="button" onClick={() => phone.appState('background')}>
            AppState: background
          </button>
          <button type="button" onClick={() => phone.appState('active')}>
            AppState: active
          </button>
        </div>
        <WebSocketProvider network={network}>
          <Chat url={url} />
        </WebSocketProvider>
      </div>
    );
  },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const until = { timeout: 20_000 };
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), until);
    await userEvent.click(canvas.getByRole('button', { name: 'NetInfo: offline' }));
    await waitFor(() => expect(canvas.getByTestId('online')).toHaveTextContent('offline'), until);
    await userEvent.click(canvas.getByRole('button', { name: 'NetInfo: online' }));
    await waitFor(() => expect(canvas.getByTestId('online')).toHaveTextContent('online'), until);
    await userEvent.click(canvas.getByRole('button', { name: 'AppState: background' }));
    await userEvent.click(canvas.getByRole('button', { name: 'AppState: active' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Send “hello”' }));
    await waitFor(() => expect(canvas.getByTestId('message')).toHaveTextContent('hello'), until);
    await expect(canvas.getByTestId('status')).toHaveTextContent('open');
  },
};
