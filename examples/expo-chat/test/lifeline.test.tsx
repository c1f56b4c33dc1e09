import type { AddressInfo } from 'node:net';
import NetInfo from '@react-native-community/netinfo';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react-native';
import { AppState } from 'react-native';
import { URL as ReactNativeURL } from 'react-native/Libraries/Blob/URL';
import { browserNetwork, normalizeUrl, type WebSocketConstructor } from 'react-lifeline/core';
import { WebSocketProvider, type ReconnectPolicyOptions } from 'react-lifeline';
import { nativeNetwork } from 'react-lifeline/native';
import WebSocket, { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import { Chat } from '../src/Chat';

// The `ws` client stands in for React Native's WebSocket: the same constructor and events.
const ClientSocket = WebSocket as unknown as WebSocketConstructor;

let wss: WebSocketServer;
let url: string;
const connections: ServerSocket[] = [];
const received: string[] = [];
const arrived: Array<() => void> = [];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/chat`;
  wss.on('connection', (socket) => {
    connections.push(socket);
    socket.on('message', (data) => {
      received.push(String(data));
      socket.send(`echo: ${String(data)}`);
    });
    for (const wake of arrived.splice(0)) wake();
  });
});

// The first render loads and transforms React Native's modules (a minute on a busy machine, with a
// cold cache): done here, so no test's own wait includes it.
beforeAll(async () => {
  const view = renderChat();
  await waitFor(() => expect(status()).toBe('open'), { timeout: 240_000 });
  view.unmount();
}, 300_000);

afterEach(() => {
  for (const socket of connections.splice(0)) socket.terminate();
  received.length = 0;
});

afterAll(async () => {
  for (const socket of wss.clients) socket.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

/** The n-th connection the server accepted in this test (1-based), once it is there. */
async function connection(n: number): Promise<ServerSocket> {
  while (connections.length < n) await new Promise<void>((resolve) => arrived.push(resolve));
  return connections[n - 1]!;
}

const netInfoMock = NetInfo as jest.Mocked<typeof NetInfo>;
const appStateMock = AppState as jest.Mocked<typeof AppState>;
/** What the official mocks were last given: NetInfo's and AppState's listeners. */
const netInfoListener = () => netInfoMock.addEventListener.mock.calls.at(-1)![0];
const appStateListener = () => appStateMock.addEventListener.mock.calls.filter(([type]) => type === 'change').at(-1)![1];

// Fast retries on the real clock; each wait below is for an event, with a generous limit.
const FAST: ReconnectPolicyOptions = { jitter: 'none', initialDelayMs: 20, maxDelayMs: 100, codes: { 1012: { delayMs: 20 } } };
const until = { timeout: 15_000 };

function renderChat(policy: ReconnectPolicyOptions = FAST) {
  const network = nativeNetwork({ NetInfo, AppState });
  return render(
    <WebSocketProvider WebSocket={ClientSocket} network={network} policy={policy}>
      <Chat url={url} />
    </WebSocketProvider>,
  );
}

const status = () => screen.getByTestId('status').props.children;
const lastClose = () => screen.getByTestId('last-close').props.children;

describe('useWebSocket on React Native, against a real ws server on 127.0.0.1', () => {
  it('opens, sends and receives', async () => {
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    fireEvent.changeText(screen.getByTestId('draft'), 'hello');
    fireEvent.press(screen.getByText('Send'));
    await waitFor(() => expect(screen.getByText('echo: hello')).toBeTruthy(), until);
    expect(received).toEqual(['hello']);
  });

  it.each([
    [1000, 'bye', 'closed', '1000 server clean bye'],
    [1008, 'not allowed', 'closed', '1008 server clean not allowed'],
    [1012, 'restarting', 'open', '1012 server clean restarting'],
  ])('a server close %i: status and lastClose as in browsers', async (code, reason, after, shown) => {
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    (await connection(1)).close(code, reason);
    await waitFor(() => expect(lastClose()).toBe(shown), until);
    if (after === 'open') await connection(2); // 1012: retried after its delay
    await waitFor(() => expect(status()).toBe(after), until);
    expect(lastClose()).toBe(shown);
  });

  it('a dropped connection (1006): not clean, the network, retried', async () => {
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    (await connection(1)).terminate();
    await waitFor(() => expect(lastClose()).toBe('1006 network unclean'), until);
    await connection(2);
    await waitFor(() => expect(status()).toBe('open'), until);
  });

  it('1008 shows its feedback in the View/Text banner (useCloseFeedback)', async () => {
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    (await connection(1)).close(1008, 'policy');
    await waitFor(() => expect(screen.getByTestId('close-banner')).toBeTruthy(), until);
    expect(screen.getByText('The server refused the connection')).toBeTruthy();
    expect(screen.getByText('Reload')).toBeTruthy();
  });

  it('NetInfo offline, then a drop: sends queue for the session and go out after NetInfo says online', async () => {
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    act(() => netInfoListener()({ isConnected: false, isInternetReachable: false } as never));
    expect(screen.getByTestId('online').props.children).toBe('offline');
    (await connection(1)).terminate();
    await waitFor(() => expect(status()).toBe('reconnecting'), until);
    fireEvent.changeText(screen.getByTestId('draft'), 'sent while offline');
    fireEvent.press(screen.getByText('Send'));
    expect(connections).toHaveLength(1); // no attempt while offline
    act(() => netInfoListener()({ isConnected: true, isInternetReachable: true } as never));
    await connection(2);
    await waitFor(() => expect(status()).toBe('open'), until);
    await waitFor(() => expect(received).toEqual(['sent while offline']), until);
    await waitFor(() => expect(screen.getByText('echo: sent while offline')).toBeTruthy(), until);
  });

  it('AppState background, then active: a retry waiting a minute goes at once', async () => {
    renderChat({ ...FAST, initialDelayMs: 60_000, maxDelayMs: 60_000 });
    await waitFor(() => expect(status()).toBe('open'), until);
    act(() => appStateListener()('background'));
    (await connection(1)).terminate();
    await waitFor(() => expect(status()).toBe('reconnecting'), until);
    act(() => appStateListener()('active'));
    await connection(2);
    await waitFor(() => expect(status()).toBe('open'), until);
  });
});

describe("URLs with React Native's URL", () => {
  const standardUrl = globalThis.URL;
  afterEach(() => void (globalThis.URL = standardUrl));

  it('reads only the scheme (the rest goes as written), refuses what the standard URL refuses, and the hook reaches the server', async () => {
    const inputs = ['WS://127.0.0.1:80/a?b=1', 'https://Example.com', 'ws://example.com/#frag', 'ftp://x/'];
    const standard = inputs.map((input) => String(normalizeUrl(input)));
    globalThis.URL = ReactNativeURL as unknown as typeof URL;
    const given = inputs.map((input) => String(normalizeUrl(input)));
    expect(given.slice(0, 2)).toEqual(['ws://127.0.0.1:80/a?b=1', 'wss://Example.com']);
    expect(given.slice(2)).toEqual(standard.slice(2)); // the same errors: a fragment, a scheme
    renderChat();
    await waitFor(() => expect(status()).toBe('open'), until);
    expect((await connection(1)).protocol).toBe('');
  });
});

describe('no DOM global', () => {
  const lifelineReads = () =>
    (globalThis as unknown as { __domReads: Array<{ name: string; stack: string }> }).__domReads.filter(({ stack }) => stack.includes('/node_modules/react-lifeline/'));

  it("the recorder sees react-lifeline's reads: the browser's network source (not used on a phone) reads window", () => {
    const reads = (globalThis as unknown as { __domReads: unknown[] }).__domReads;
    const before = reads.length;
    const stop = browserNetwork.subscribe(() => {});
    stop();
    expect(lifelineReads().map(({ name }) => name)).toContain('window');
    reads.splice(before); // only this test's own reads
  });

  it('react-lifeline read neither window nor document, at import or at run time', () => {
    expect(lifelineReads().map(({ name, stack }) => `${name}\n${stack}`)).toEqual([]);
  });
});
