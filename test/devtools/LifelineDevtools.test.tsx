import { act, cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import axe from 'axe-core';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifelineDevtools, type LifelineDevtoolsProps } from '../../src/devtools/LifelineDevtools';
import { sharedSockets } from '../../src/plugins/share';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer, type FakeServer } from '../../src/testing/createFakeServer';

const FEED = 'ws://alice:hunter2@example.test/feed?token=abc123';
const CHAT = 'ws://example.test/chat?key=s3cret';
const SECRETS = ['alice', 'hunter2', 'token', 'abc123', 'key=', 's3cret'];

afterEach(() => {
  cleanup();
  localStorage.clear();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function Socket({ url, share = false }: { url: string; share?: boolean }) {
  useWebSocket(url, { share, policy: { jitter: 'none' } });
  return null;
}

/** Two connections: the feed shared by two hooks, the chat in a nested provider. */
function setup(server: FakeServer, props: LifelineDevtoolsProps = {}) {
  return render(
    <StrictMode>
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Socket url={FEED} share />
        <Socket url={FEED} share />
        <WebSocketProvider>
          <Socket url={CHAT} />
        </WebSocketProvider>
        <LifelineDevtools {...props} />
      </WebSocketProvider>
    </StrictMode>,
  );
}

/** Lets the effects' microtasks run (a connect, a client close's completion), then accepts every socket connecting. */
const acceptAll = async (server: FakeServer) => {
  await act(async () => {});
  act(() => server.live().forEach((socket) => socket.readyState === 0 && socket.accept()));
};
const settle = () => act(async () => {});
const toggle = () => screen.getByRole('button', { name: /^Sockets/ });
const panel = () => screen.getByRole('region', { name: 'react-lifeline devtools' });
const card = (name: RegExp) => screen.getAllByRole('article').find((article) => name.test(within(article).getByRole('heading', { level: 3 }).textContent ?? ''))!;
const lines = (article: HTMLElement) =>
  within(within(article).getByRole('log'))
    .queryAllByRole('listitem')
    .map((item) => item.lastChild?.textContent);
const detail = (article: HTMLElement, label: string) => within(article).getByText(label).nextElementSibling?.textContent;

describe('<LifelineDevtools /> (the panel)', () => {
  it('lists every connection below its provider, nested providers included, with how many hooks share it, and no URL secret', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = createFakeServer();
    setup(server);
    await acceptAll(server);
    expect(server.sockets.filter((socket) => socket.readyState === 1)).toHaveLength(2);
    fireEvent.click(toggle());
    act(() => vi.advanceTimersByTime(300));
    expect(toggle().getAttribute('aria-expanded')).toBe('true');
    const feed = card(/#\d+ ws:\/\/example\.test\/feed/);
    const chat = card(/#\d+ ws:\/\/example\.test\/chat/);
    expect(detail(feed, 'Hooks')).toBe('2 (shared)');
    expect(detail(chat, 'Hooks')).toBe('1');
    expect(detail(feed, 'Status')).toBe('open');
    expect(detail(feed, 'Tab role')).toBe('this tab only');
    expect(within(panel()).getByText('2 connections, 2 open')).toBeTruthy();
    const text = document.body.innerHTML;
    for (const secret of SECRETS) expect(text).not.toContain(secret);
  });

  it('a server close with 1012: the close, the countdown, the retry and the reopen, newest first; messages in and out and the queue', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = createFakeServer();
    setup(server, { initialIsOpen: true });
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    const feedSocket = server.live().find((socket) => socket.url.includes('/feed'))!;
    act(() => void feedSocket.message('hello').message('again'));
    act(() => void feedSocket.serverClose(1012, 'restarting'));
    act(() => vi.advanceTimersByTime(300));
    const feed = card(/feed/);
    expect(detail(feed, 'Status')).toBe('reconnecting');
    expect(detail(feed, 'Next retry')).toMatch(/^in \d+\.\d s$/);
    expect(detail(feed, 'Last close')).toBe('1012 Service Restart by the server, delayed, retrying');
    expect(detail(feed, 'Messages in / out')).toBe('2 / 0');
    expect(lines(feed)[0]).toMatch(/^1012: retry in \d+\.\d s$/);
    expect(lines(feed)[1]).toBe('#1 closed 1012 Service Restart by the server: “restarting”');
    act(() => vi.advanceTimersByTime(60_000));
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    expect(lines(feed).slice(0, 4)).toEqual(['#2 open', '#2 connecting to ws://example.test/feed', expect.stringMatching(/^1012: retry set for \d+\.\d s later$/), '#1 closed 1012 Service Restart by the server: “restarting”']);
    expect(detail(feed, 'Status')).toBe('open');
  });

  it('Retry now skips the wait, Disconnect stops, Connect starts again: on the app’s own connection', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = createFakeServer();
    setup(server, { initialIsOpen: true });
    await acceptAll(server);
    const before = server.sockets.length;
    act(() => void server.live().find((socket) => socket.url.includes('/chat'))!.serverClose(1012));
    act(() => vi.advanceTimersByTime(300));
    const chat = card(/chat/);
    fireEvent.click(within(chat).getByRole('button', { name: 'Retry now' }));
    expect(server.sockets.length).toBe(before + 1); // at once, not after the 1012 window
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    expect(detail(chat, 'Status')).toBe('open');
    fireEvent.click(within(chat).getByRole('button', { name: 'Disconnect' }));
    await settle();
    act(() => vi.advanceTimersByTime(300));
    expect(detail(chat, 'Status')).toBe('closed');
    expect(lines(chat)[1]).toBe('#2 closed 1000 Normal Closure by the client');
    expect((within(chat).getByRole('button', { name: 'Retry now' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(chat).getByRole('button', { name: 'Connect' }));
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    expect(detail(chat, 'Status')).toBe('open');
  });

  it('in development, simulates a close code or a drop on the app’s own socket, and the policy decides as for a real one', async () => {
    vi.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const server = createFakeServer();
    setup(server, { initialIsOpen: true });
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    const chat = card(/chat/);
    fireEvent.change(within(chat).getByLabelText('Close code'), { target: { value: '1008' } });
    fireEvent.click(within(chat).getByRole('button', { name: 'Simulate close' }));
    act(() => vi.advanceTimersByTime(300));
    expect(lines(chat).slice(0, 3)).toEqual(['1008: no retry', '#1 closed 1008 Policy Violation by the server', 'Devtools: close 1008']);
    expect(detail(chat, 'Status')).toBe('closed');
    fireEvent.click(within(chat).getByRole('button', { name: 'Connect' }));
    await acceptAll(server);
    act(() => vi.advanceTimersByTime(300));
    fireEvent.click(within(chat).getByRole('button', { name: 'Simulate drop (1006)' }));
    await settle();
    act(() => vi.advanceTimersByTime(300));
    expect(lines(chat)[1]).toBe('#2 closed 1006 Abnormal Closure by the network');
    expect(detail(chat, 'Status')).toBe('reconnecting');
    // The real socket underneath was closed quietly by the client.
    expect(server.sockets.filter((socket) => socket.url.includes('/chat')).map((socket) => socket.readyState)).toEqual([3, 3]);
  });

  it('opens and closes from the keyboard, closes on Escape with focus back on its button, and remembers whether it was open', async () => {
    const server = createFakeServer();
    const { unmount } = setup(server, { storageKey: 'devtools-test' });
    expect(screen.queryByRole('region', { name: 'react-lifeline devtools' })).toBeNull();
    toggle().focus();
    fireEvent.click(toggle()); // a button's Enter and Space are clicks
    expect(document.activeElement).toBe(toggle()); // opening takes no focus
    expect(localStorage.getItem('devtools-test')).toBe('open');
    fireEvent.keyDown(within(panel()).getByRole('button', { name: 'Close devtools' }), { key: 'Escape' });
    expect(screen.queryByRole('region', { name: 'react-lifeline devtools' })).toBeNull();
    expect(document.activeElement).toBe(toggle());
    fireEvent.click(toggle());
    unmount();
    setup(createFakeServer(), { storageKey: 'devtools-test' });
    expect(await screen.findByRole('region', { name: 'react-lifeline devtools' })).toBeTruthy();
  });

  it.each(['light', 'dark'] as const)('has no axe violations when open (%s theme)', async (theme) => {
    const server = createFakeServer();
    const { container } = setup(server, { initialIsOpen: true, theme });
    await acceptAll(server);
    act(() => void server.live()[0]!.serverClose(1012));
    await screen.findAllByRole('article');
    const results = await axe.run(container, { resultTypes: ['violations'] });
    expect(results.violations.map((violation) => `${violation.id}: ${violation.help}`)).toEqual([]);
  });

  it('without a provider above it renders nothing and says so in development', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { container } = render(<LifelineDevtools />);
    expect(container.innerHTML).toBe('');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('needs a <WebSocketProvider> above it'));
  });
});

describe('react-lifeline/devtools (the entry)', () => {
  it('in development loads the panel lazily and shows its button', async () => {
    const { LifelineDevtools: Entry } = await import('../../src/devtools/index');
    const server = createFakeServer();
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Entry />
      </WebSocketProvider>,
    );
    expect(await screen.findByRole('button', { name: /^Sockets 0\/0/ })).toBeTruthy();
  });

  it('in a production build renders nothing', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    vi.resetModules();
    try {
      const { LifelineDevtools: Entry } = await import('../../src/devtools/index');
      const { WebSocketProvider: Provider } = await import('../../src/react/WebSocketProvider');
      const { container } = render(
        <Provider>
          <Entry />
        </Provider>,
      );
      await act(async () => {});
      expect(container.innerHTML).toBe('');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
