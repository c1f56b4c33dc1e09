// A toast the person closed (×) stays closed while the same incident says the same: through
// the retries of one socket, and when the component that showed it unmounts and a slower one
// takes over. Sonner's adapter over a stand-in for its `toast`.
import { act, render } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useCloseFeedback, useWebSocket, WebSocketProvider, type WebSocketHandle } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { createSonnerAdapter } from '../../src/adapters/sonner';
import { URL_A, advance, feedbackHarness, withFakeClock } from './feedbackHarness';
import { sharedSockets } from '../../src/plugins/share';

let socket!: WebSocketHandle<unknown>;
const { setup } = feedbackHarness((next) => (socket = next));
withFakeClock();

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
