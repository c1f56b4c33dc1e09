// Adversarial review 3 of close feedback v2 (#11): each test fails on c6bb5c5 for a contract violation.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import {
  CloseBanner,
  useCloseFeedback,
  useWebSocket,
  WebSocketProvider,
  type CloseFeedback,
  type ToastAdapter,
  type WebSocketHandle,
} from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { graphqlWsPolicy } from 'react-lifeline/presets';
import { createSonnerAdapter } from '../../src/adapters/sonner';
import { URL_A, advance, buttons, feedbackHarness, said, withFakeClock } from './feedbackHarness';
import { sharedSockets } from '../../src/plugins/share';

let socket!: WebSocketHandle<unknown>;
const { Feedback, setup } = feedbackHarness((next) => (socket = next));
withFakeClock();

// ---------------------------------------------------------------------------------------------

function SharedBanner({ graceMs }: { graceMs: number }) {
  return <CloseBanner socket={useWebSocket(URL_A, { share: true })} graceMs={graceMs} />;
}
function StatusDot() {
  useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0, toast: false });
  return null;
}

describe('per-watcher graceMs on a shared socket', () => {
  it('a banner with graceMs 5000 shows nothing at all for a drop that was over (open again) after 4 s, even with a graceMs 0 watcher elsewhere', () => {
    const server = createFakeServer();
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 3900, jitter: 'none' }}>
        <SharedBanner graceMs={5000} />
        <StatusDot />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept());
    const seen = new Set<string>();
    const banner = () => document.querySelector('[data-lifeline-banner]')!.textContent ?? '';
    act(() => void server.last().drop());
    for (let t = 0; t < 4000; t += 100) {
      advance(100);
      seen.add(banner());
    }
    act(() => void server.last().accept()); // back at 4.0 s, within the banner's 5 s grace
    for (let t = 0; t < 8000; t += 100) {
      advance(100);
      seen.add(banner());
    }
    expect([...seen]).toEqual(['']);
  });
});

// ---------------------------------------------------------------------------------------------

function Watcher({ graceMs }: { graceMs: number }) {
  const feedback = useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs });
  return <p data-testid="watcher">{feedback ? `${feedback.title} | ${feedback.description}` : 'none'}</p>;
}
function Keeper() {
  useWebSocket(URL_A, { share: true });
  return null;
}

describe('a watcher that comes back during a NEW incident that began while nobody watched', () => {
  it('keeps its own grace for the new drop (which recovers within it) instead of inheriting the old incident', () => {
    const server = createFakeServer();
    let setShown!: (shown: boolean) => void;
    function App() {
      const [shown, set] = useState(true);
      setShown = set;
      return (
        <>
          <Keeper />
          {shown && <Watcher graceMs={1500} />}
        </>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 300, jitter: 'none', codes: { 1012: { delayMs: 2000 } } }}>
        <App />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1012, 'deploy'));
    advance(1500);
    expect(screen.getByTestId('watcher').textContent).toMatch(/restarting/); // incident 1 shown
    act(() => setShown(false)); // the user goes to another page
    advance(600);
    act(() => void server.last().accept()); // incident 1 over, unseen
    advance(60_000);
    act(() => void server.last().drop()); // incident 2 begins, nobody watching
    advance(100);
    act(() => setShown(true)); // the user comes back 100 ms into the new drop
    const seen = new Set([screen.getByTestId('watcher').textContent]);
    advance(300); // the retry starts
    seen.add(screen.getByTestId('watcher').textContent);
    act(() => void server.last().accept()); // back 400 ms after the drop: within the 1.5 s grace
    for (let t = 0; t < 5000; t += 100) {
      advance(100);
      seen.add(screen.getByTestId('watcher').textContent);
    }
    expect([...seen]).toEqual(['none']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('CloseBanner: role="alert" only for errors that need the user', () => {
  it('a 1011 being retried by the policy ("Reconnecting…") stays in the status region, not the alert region', () => {
    const server = createFakeServer();
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 2000, jitter: 'none' }}>
        <OwnBanner />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().serverClose(1011, 'oops'));
    expect(screen.getByRole('status').textContent).toMatch(/Reconnecting in/);
    advance(2000); // the retry runs
    expect(socket.status).toBe('reconnecting');
    expect({ status: screen.getByRole('status').textContent, alert: screen.getByRole('alert').textContent }).toEqual({
      status: 'The server ran into a problem Reconnecting…',
      alert: '',
    });
  });
});
function OwnBanner() {
  socket = useWebSocket(URL_A);
  return <CloseBanner socket={socket} graceMs={0} />;
}

// ---------------------------------------------------------------------------------------------

describe('giving up on a close the policy re-authenticates for', () => {
  it('offers "Sign in again" (re-authenticate, then connect), not a plain Reconnect that reuses the rejected credentials', async () => {
    const reauthenticate = vi.fn(async () => {});
    const server = setup({ policy: { codes: { 4401: 'reauth' }, reauthenticate, maxAttempts: 1, initialDelayMs: 100, jitter: 'none' } });
    act(() => void server.last().accept().serverClose(4401, 'token expired'));
    advance(100);
    await act(async () => {});
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    act(() => void server.last().accept().serverClose(4401, 'token expired'));
    expect(socket.status).toBe('failed');
    expect(said()).toMatch(/Gave up after 1 attempt/);
    expect(buttons()).toEqual(['Sign in again']);
  });
});

describe('a code the app marks reauth, without policy.reauthenticate', () => {
  it('asks the user to sign in and offers the provider onSignInRequired', () => {
    const onSignInRequired = vi.fn();
    const server = setup({ policy: { codes: { 4401: 'reauth' } }, onSignInRequired });
    act(() => void server.last().accept().serverClose(4401, 'token expired'));
    expect(socket.status).toBe('closed');
    expect(said()).toMatch(/sign in/i);
    expect(buttons()).toEqual(['Sign in again']);
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(onSignInRequired).toHaveBeenCalledTimes(1);
  });
});

// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------

function recorder() {
  const log: string[] = [];
  const adapter: ToastAdapter = {
    show: (feedback: CloseFeedback) => void log.push(`show ${feedback.id} ${feedback.title}`),
    dismiss: (id: string) => void log.push(`dismiss ${id}`),
  };
  return { log, adapter };
}

describe('one incident, one toast, when the component that showed it first unmounts', () => {
  it('does not take the toast down mid-incident and bring it back when a slower watcher reaches its grace', () => {
    const server = createFakeServer();
    const { log, adapter } = recorder();
    let setFast!: (shown: boolean) => void;
    function Fast() {
      useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0 });
      return null;
    }
    function Slow() {
      useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 5000 });
      return null;
    }
    function App() {
      const [fast, set] = useState(true);
      setFast = set;
      return (
        <>
          <Slow />
          {fast && <Fast />}
        </>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} toast={adapter} policy={{ initialDelayMs: 60_000, jitter: 'none' }}>
        <App />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    advance(1000);
    act(() => setFast(false)); // the status dot goes away with its page
    advance(5000);
    // The incident never ended (the retry is a minute away): its toast is never taken down.
    expect(log.filter((line) => line.startsWith('dismiss'))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------

describe('two components with different toast adapters on one shared socket', () => {
  it('never leaves an incident toast behind after the incident is over', () => {
    const server = createFakeServer();
    const first = recorder();
    const second = recorder();
    let setFirst!: (shown: boolean) => void;
    function A() {
      useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0, toast: first.adapter });
      return null;
    }
    function B() {
      socket = useWebSocket(URL_A, { share: true });
      useCloseFeedback(socket, { graceMs: 0, toast: second.adapter });
      return null;
    }
    function App() {
      const [shown, set] = useState(true);
      setFirst = set;
      return (
        <>
          {shown && <A />}
          <B />
        </>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={{ initialDelayMs: 10_000, jitter: 'none' }}>
        <App />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    advance(1000);
    act(() => setFirst(false)); // A's page goes away mid-incident
    advance(9000); // the retry
    act(() => void server.last().accept());
    advance(10_000); // "Reconnected" came and went
    const open = (log: string[]) => {
      const showing = new Set<string>();
      for (const line of log) {
        const [verb, id] = line.split(' ');
        if (verb === 'show') showing.add(id!);
        else showing.delete(id!);
      }
      return [...showing];
    };
    expect({ first: open(first.log), second: open(second.log) }).toEqual({ first: [], second: [] });
  });
});

// ---------------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------------


/** Sonner's `toast` as the adapter uses it; `close(id)` is the person pressing ×. */
function fakeSonner() {
  const shown: string[] = [];
  const onDismiss = new Map<string, () => void>();
  const kind = (severity: string) => (title: unknown, options: { id: string; onDismiss: () => void }) => {
    shown.push(`${severity} ${String(title)}`);
    onDismiss.set(options.id, options.onDismiss);
    return options.id;
  };
  const toast = Object.assign(kind('default'), {
    success: kind('success'),
    error: kind('error'),
    warning: kind('warning'),
    info: kind('info'),
    dismiss: (id: string) => id,
  });
  return { shown, toast, close: (id: string) => onDismiss.get(id)?.() };
}

describe('sonner: a toast the person closed stays closed while the same incident says the same', () => {
  it('does not come back with the same severity and title on each refused retry (the server accepts, then closes 4403)', () => {
    const sonner = fakeSonner();
    let id = '';
    function Toasting() {
      socket = useWebSocket(URL_A);
      const feedback = useCloseFeedback(socket, { graceMs: 0 });
      id = feedback?.id ?? id;
      return null;
    }
    const server = setup(
      { toast: createSonnerAdapter({ toast: sonner.toast as never }), policy: { codes: { 4403: 'backoff' }, initialDelayMs: 1000, jitter: 'none', maxAttempts: 100 } },
      <Toasting />,
    );
    act(() => void server.last().accept().serverClose(4403, 'forbidden'));
    const closedOne = sonner.shown.at(-1)!;
    expect(closedOne).toMatch(/Connection closed$/);
    act(() => sonner.close(id)); // the person presses ×
    const before = sonner.shown.length;
    for (let retry = 0; retry < 3; retry += 1) {
      advance(8000); // the retry starts (backoff ≤ 8 s for the first retries)
      act(() => void server.last().accept());
      advance(100);
      act(() => void server.last().serverClose(4403, 'forbidden')); // refused again
    }
    expect(sonner.shown.slice(before).filter((line) => line === closedOne)).toEqual([]);
  });
});

describe('sonner: a toast closed by hand stays closed when the component that showed it unmounts and a slower one takes over', () => {
  it('is not shown again with the same words for the same incident', () => {
    const sonner = fakeSonner();
    const server = createFakeServer();
    let id = '';
    let setFast!: (shown: boolean) => void;
    function Fast() {
      id = useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 0 })?.id ?? id;
      return null;
    }
    function Slow() {
      useCloseFeedback(useWebSocket(URL_A, { share: true }), { graceMs: 5000 });
      return null;
    }
    function App() {
      const [fast, set] = useState(true);
      setFast = set;
      return (
        <>
          <Slow />
          {fast && <Fast />}
        </>
      );
    }
    render(
      <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} toast={createSonnerAdapter({ toast: sonner.toast as never })} policy={{ initialDelayMs: 60_000, jitter: 'none' }}>
        <App />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().drop());
    const closedOne = sonner.shown.at(-1)!;
    expect(closedOne).toBe('warning Connection lost');
    act(() => sonner.close(id)); // the person presses ×
    advance(1000);
    act(() => setFast(false));
    const before = sonner.shown.length;
    advance(6000); // the slower component reaches its grace; the retry is still 53 s away
    expect(sonner.shown.slice(before)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('an unregistered close code that the policy does not retry', () => {
  it('offers no action: the policy does not retry it and the app did not ask for one', () => {
    const server = setup({ policy: graphqlWsPolicy });
    act(() => void server.last().accept().serverClose(1016, ''));
    expect(socket.lastClose).toMatchObject({ code: 1016, action: 'never', willRetry: false });
    expect(buttons()).toEqual([]);
  });
});
