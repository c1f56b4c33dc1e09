// Close feedback (#11) on one socket shared by several components: each watcher keeps its own
// grace, a watcher back during a new incident does not inherit the old one, and an incident's
// toast is neither taken down mid-incident nor left behind when a component goes.
import { act, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
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
import { URL_A, advance, withFakeClock } from './feedbackHarness';
import { sharedSockets } from '../../src/plugins/share';

let socket!: WebSocketHandle<unknown>;
withFakeClock();

function recorder() {
  const log: string[] = [];
  const adapter: ToastAdapter = {
    show: (feedback: CloseFeedback) => void log.push(`show ${feedback.id} ${feedback.title}`),
    dismiss: (id: string) => void log.push(`dismiss ${id}`),
  };
  return { log, adapter };
}

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
