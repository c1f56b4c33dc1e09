// A component re-renders for the fields it reads, counted from what its last render showed; a
// hook's plug-ins are let go when it unmounts (StrictMode included).
import { act, render, screen } from '@testing-library/react';
import { StrictMode, useState } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Plugin } from '../../src/core/types';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { useWebSocket } from '../../src/react/useWebSocket';
import { createFakeServer } from '../../src/testing/createFakeServer';

const URL_A = 'ws://127.0.0.1:1/a';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('tracked-field rendering', () => {
  it('a field first read in a later render re-renders when it changes back to what it was at subscription', () => {
    // API.md: "Rendering contract: a component re-renders only when a field that it read
    // changed." README: "Reading is tracking". A field it reads and that changes must re-render it.
    // Instead: createView's `changed` compares each tracked field with `seen`, a snapshot taken
    // at subscription and refreshed only when an already-tracked field changes. A field the
    // component starts reading later (here `online`, shown once a details panel opens) is
    // compared with its value at subscription: going offline (untracked), opening the panel
    // (renders "online=false"), then back online (true === seen.online) is never seen, and the
    // component shows "offline" for good (useWebSocket.ts createView, lines 84-92).
    const server = createFakeServer();
    let openDetails = () => {};
    function Status() {
      const socket = useWebSocket(URL_A);
      const [details, setDetails] = useState(false);
      openDetails = () => setDetails(true);
      return <p data-testid="status">{`${socket.status}${details ? ` online=${socket.online}` : ''}`}</p>;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Status />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept());
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => void window.dispatchEvent(new Event('offline'))); // the socket stays open meanwhile
    act(() => openDetails());
    expect(screen.getByTestId('status').textContent).toBe('open online=false');
    onLine.mockReturnValue(true);
    act(() => void window.dispatchEvent(new Event('online')));
    expect(screen.getByTestId('status').textContent).toBe('open online=true');
  });
});

describe("a hook's plug-ins", () => {
  it('each plug-in a hook set up is disposed when the hook unmounts', async () => {
    // README: "`setup` runs once per connection and returns what the plug-in hears"; a plug-in
    // hears "`dispose()`: it was let go" (types.ts: "The connection let go of this plug-in
    // (other plug-ins, or disposed)"). A plug-in that allocates in setup (a devtools bus, a
    // subscription) frees it in dispose.
    // Instead: useWebSocket never disposes its connection (no dispose() anywhere in src/react),
    // so after unmount no plug-in hears dispose. Under StrictMode it is worse: the
    // useState initialiser creates a second connection whose plug-ins are set up and never let
    // go (setup runs in render, createConnection.ts:431).
    const server = createFakeServer();
    let live = 0;
    const tracking: Plugin = {
      name: 'tracking',
      setup: () => {
        live += 1;
        return { dispose: () => void (live -= 1) };
      },
    };
    function Feed() {
      useWebSocket(URL_A, { plugins: [tracking] });
      return null;
    }
    const { unmount } = render(
      <StrictMode>
        <WebSocketProvider WebSocket={server.WebSocket}>
          <Feed />
        </WebSocketProvider>
      </StrictMode>,
    );
    act(() => void server.last().accept());
    expect(live).toBeGreaterThan(0);
    unmount();
    await act(async () => {});
    expect(server.live()).toHaveLength(0);
    expect(live).toBe(0); // every setup has had its dispose
  });
});
