// Close feedback v2 (#11), found by adversarial reviews: each test failed before its fix.
// The app's disconnect() (also after a close that is not retried, or with a registered code),
// a Reconnect that opens and is refused, a send while failed, Sign in again pressed by hand,
// per-hook timing on a shared socket, a watcher that comes back later, a catalog function that
// throws or a locale the browser rejects, a toast closed by hand.
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { useState } from 'react';
import { ToastContainer, toast as toastify } from 'react-toastify';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReactToastifyAdapter } from '../../src/adapters/reactToastify';
import {
  CloseBanner,
  useCloseFeedback,
  useWebSocket,
  WebSocketProvider,
  type WebSocketHandle,
} from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { URL_A, advance, buttons, feedbackHarness, said, withFakeClock } from './feedbackHarness';
import { sharedSockets } from '../../src/plugins/share';

let socket!: WebSocketHandle<unknown>;
const { Feedback, setup } = feedbackHarness((next) => (socket = next));
withFakeClock();

describe('disconnect() by the app ends the incident', () => {
  it('goes silent when the app calls disconnect() while a retry countdown is shown', async () => {
    const server = setup();
    act(() => void server.last().accept().serverClose(1012, 'deploy'));
    expect(said()).toMatch(/^The server is restarting \| Reconnecting in/);
    await act(async () => socket.disconnect());
    expect(socket.status).toBe('closed');
    expect(said()).toBe('none');
    expect(buttons()).toEqual([]);
  });

  it('shows nothing when the app calls disconnect() during the grace period of a drop', async () => {
    const server = setup({}, <Feedback options={{ graceMs: 1500 }} />);
    act(() => void server.last().accept().drop());
    advance(200);
    expect(said()).toBe('none');
    await act(async () => socket.disconnect());
    advance(5000);
    expect(said()).toBe('none');
  });

  it('goes silent when the app calls disconnect() after the retries gave up', async () => {
    const server = setup({ policy: { maxAttempts: 0 } });
    act(() => void server.last().accept().drop());
    expect(said()).toMatch(/Gave up/);
    await act(async () => socket.disconnect());
    expect(said()).toBe('none');
  });
});

describe('disconnect() by the app ends an incident silently, also for a close the policy does not retry', () => {
  it('goes silent when the app calls disconnect() after an unregistered 4xxx close', async () => {
    const server = setup();
    act(() => void server.last().accept().serverClose(4000, 'bye'));
    expect(said()).toBe('Connection closed | The connection closed with code 4000.');
    await act(async () => socket.disconnect());
    expect(said()).toBe('none');
  });

  it('goes silent when the app calls connect() and then disconnect() before the socket opened, after a 1008', async () => {
    const server = setup({ onReload: () => {} });
    act(() => void server.last().accept().serverClose(1008, 'policy'));
    expect(said()).toMatch(/^The server refused the connection/);
    act(() => socket.connect());
    await act(async () => socket.disconnect());
    expect(socket.status).toBe('closed');
    expect(said()).toBe('none');
  });
});

describe('disconnect() with a registered code the app may use', () => {
  it('goes silent when the app closes with 3008 itself (not a heartbeat timeout)', async () => {
    const server = setup();
    act(() => void server.last().accept());
    await act(async () => socket.disconnect(3008, 'idle for too long'));
    expect(socket.status).toBe('closed');
    expect(socket.lastClose).toMatchObject({ code: 3008, initiator: 'client' });
    expect(said()).toBe('none');
  });
});

describe('"Reconnected" after a click on Reconnect', () => {
  it('is not said for a socket that opens and is refused at once', () => {
    const seen = new Set<string>();
    const server = setup({ policy: { maxAttempts: 0 } });
    act(() => void server.last().accept().drop());
    expect(buttons()).toEqual(['Reconnect']);
    fireEvent.click(screen.getByRole('button', { name: 'Reconnect' }));
    act(() => void server.last().accept());
    seen.add(said());
    advance(100);
    seen.add(said());
    act(() => void server.last().serverClose(1011, 'nope'));
    seen.add(said());
    advance(5000);
    seen.add(said());
    expect([...seen].filter((text) => text.startsWith('Reconnected'))).toEqual([]);
  });
});

describe('a send while the connection is stopped does not change what the user is told', () => {
  it('keeps "Could not connect" and its Reconnect button after the app tries to send', async () => {
    const server = createFakeServer();
    const tokenUrl = async () => Promise.reject(new Error('token service down'));
    function Chat() {
      socket = useWebSocket(tokenUrl);
      const feedback = useCloseFeedback(socket, { graceMs: 0 });
      return (
        <output>
          <span data-testid="feedback">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</span>
          {feedback?.action && <button onClick={feedback.action.onClick}>{feedback.action.label}</button>}
        </output>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket}>
        <Chat />
      </WebSocketProvider>,
    );
    await act(async () => {});
    expect(socket.status).toBe('failed');
    expect(said()).toBe('Could not connect | The connection could not be set up.');
    expect(buttons()).toEqual(['Reconnect']);
    act(() => void socket.send('hello')); // the user presses Send in the chat
    expect(said()).toBe('Could not connect | The connection could not be set up.');
    expect(buttons()).toEqual(['Reconnect']);
  });
});

describe('"Sign in again" pressed by the user', () => {
  it('says "Signing you in again…" while the reauthenticate it started runs', async () => {
    let calls = 0;
    let finish!: () => void;
    const reauthenticate = vi.fn(() => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('refresh token expired')) : new Promise<void>((resolve) => (finish = resolve));
    });
    const server = setup({ policy: { reauthenticate, jitter: 'none', initialDelayMs: 1000 } });
    act(() => void server.last().accept().serverClose(3000, 'expired'));
    advance(1000);
    await act(async () => {});
    expect(said()).toBe('Your session has expired | Sign in again to continue.');
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(reauthenticate).toHaveBeenCalledTimes(2);
    expect(said()).toMatch(/Signing you in again…$/);
    await act(async () => finish());
  });
});


function Banner() {
  return <CloseBanner socket={useWebSocket(URL_A, { share: true })} graceMs={5000} />;
}
/** Somewhere else in the app: a status dot that reacts at once. */
function Elsewhere() {
  useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0 });
  return null;
}

describe('per-hook options on a shared socket', () => {
  it('a CloseBanner with graceMs={5000} stays quiet for a drop 100 ms old, whatever another component watching the socket uses', () => {
    const server = createFakeServer();
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 10_000, jitter: 'none' }}>
        <Banner />
        <Elsewhere />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    advance(100);
    expect(screen.getByRole('status').textContent).toBe('');
    advance(5000);
    expect(screen.getByRole('status').textContent).toMatch(/Connection lost/);
  });
});

function Watcher() {
  const feedback = useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0 });
  return <p data-testid="watcher">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</p>;
}
function Keeper() {
  useWebSocket(URL_A, { share: true });
  return null;
}

describe('a component that starts watching later', () => {
  it('is not told "Reconnected" about an incident that ended long before it mounted', () => {
    const server = createFakeServer();
    let setShown!: (shown: boolean) => void;
    function App() {
      const [shown, set] = useState(true);
      setShown = set;
      return (
        <>
          <Keeper />
          {shown && <Watcher />}
        </>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 2000, jitter: 'none' }}>
        <App />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1012, 'deploy'));
    expect(screen.getByTestId('watcher').textContent).toMatch(/restarting/);
    act(() => setShown(false)); // the user goes to another page
    advance(40_000); // 1012's retry comes within maxDelayMs
    act(() => void server.last().accept()); // back, long ago
    advance(60_000);
    act(() => setShown(true)); // the user comes back a minute later
    const seen = [screen.getByTestId('watcher').textContent];
    advance(1500);
    seen.push(screen.getByTestId('watcher').textContent);
    expect(seen).toEqual(['none', 'none']);
  });
});

function Plain() {
  const feedback = useCloseFeedback(useWebSocket('ws://127.0.0.1:1/a'), { graceMs: 0 });
  return <p data-testid="feedback">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</p>;
}

describe('a catalog message function that throws (a missing translation)', () => {
  it('does not take the whole app down when the connection drops: the English words stand in', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = createFakeServer();
    const t = (key: string) => {
      throw new Error(`missing translation: ${key}`);
    };
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} messages={{ retryingIn: () => t('retryingIn') }}>
        <h1>My app</h1>
        <Plain />
      </WebSocketProvider>,
    );
    let thrown: unknown = null;
    try {
      act(() => void server.last().accept().drop());
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeNull();
    expect(screen.queryByText('My app')).not.toBeNull();
    expect(screen.getByTestId('feedback').textContent).toMatch(/^Connection lost \| /);
  });
});

describe('a locale the browser rejects (e.g. "de_DE") must not take the app down either', () => {
  it('the countdown falls back instead of throwing from render', () => {
    vi.spyOn(console, 'error').mockImplementation(() => {});
    const server = createFakeServer();
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} locale="de_DE">
        <h1>My app</h1>
        <Feedback />
      </WebSocketProvider>,
    );
    let thrown: unknown = null;
    try {
      act(() => void server.last().accept().drop());
    } catch (error) {
      thrown = error;
    }
    expect(String(thrown)).toBe('null');
    expect(screen.queryByText('My app')).not.toBeNull();
    expect(said()).toMatch(/^Connection lost \| Reconnecting in/);
  });
});

const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

function ToastWatcher() {
  useCloseFeedback(useWebSocket('ws://127.0.0.1:1/feed'), { graceMs: 0 });
  return null;
}

describe('react-toastify: the user closes the incident toast with its × button (real timers)', () => {
  beforeEach(() => void vi.useRealTimers());
  afterEach(() => void act(() => toastify.dismiss()));

  it('stays closed while the same countdown goes on', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const { baseElement } = render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} toast={createReactToastifyAdapter()} policy={{ initialDelayMs: 60_000, jitter: 'none' }}>
        <ToastWatcher />
        <ToastContainer />
      </WebSocketProvider>,
    );
    const live = () => [...baseElement.querySelectorAll<HTMLElement>('.Toastify__toast[data-in="true"]')];
    act(() => void server.last().accept().drop());
    await waitFor(() => expect(live()).toHaveLength(1));
    const close = live()[0]!.querySelector<HTMLButtonElement>('button[aria-label="close"]')!;
    expect(close).not.toBeNull();
    act(() => close.click());
    await waitFor(() => expect(live()).toHaveLength(0));
    await pause(2500); // two ticks of the countdown
    expect(live().map((toast) => toast.textContent)).toEqual([]);
  });
});
