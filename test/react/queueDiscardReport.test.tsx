// What a session's end discards is reported once to each hook that hears it: one event, one
// channel, whatever ended the session (enabled: false, unmount, another URL, disconnect()).
import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { describe, expect, it } from 'vitest';
import { useWebSocket, WebSocketProvider, type LifelineError, type UseWebSocketOptions } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';

const URL_A = 'ws://127.0.0.1:1/a';

function setup(strict = false) {
  const server = createFakeServer();
  const errors: LifelineError[] = [];
  let handle!: { send: (data: string) => string; disconnect: () => void };
  function Client(options: UseWebSocketOptions) {
    handle = useWebSocket(URL_A, { ...options, onError: (error) => void errors.push(error) });
    return null;
  }
  const ui = (options: UseWebSocketOptions) => {
    const tree = (
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Client {...options} />
      </WebSocketProvider>
    );
    return strict ? <StrictMode>{tree}</StrictMode> : tree;
  };
  const view = render(ui({}));
  const discards = () => errors.filter((error) => error.code === 'queue-discarded').map((error) => error.count);
  return { server, view, ui, discards, send: (data: string) => handle.send(data), disconnect: () => handle.disconnect() };
}

describe('a discarded queue is reported once', () => {
  it.each([false, true])('enabled: false with a message queued: one queue-discarded to the hook (StrictMode %s)', async (strict) => {
    const { view, ui, discards, send } = setup(strict);
    expect(send('waiting')).toBe('queued');
    view.rerender(ui({ enabled: false }));
    await act(async () => {});
    expect(discards()).toEqual([1]);
  });

  it('unmount with a message queued: one queue-discarded', async () => {
    const { view, discards, send } = setup();
    send('a');
    send('b');
    view.unmount();
    await act(async () => {});
    expect(discards()).toEqual([2]);
  });

  it('disconnect() while a retry waits, with messages queued: one queue-discarded', async () => {
    const { server, discards, send, disconnect } = setup();
    send('a');
    act(() => void server.last().refuse()); // a retry waits; 'a' stays queued
    send('b');
    act(() => disconnect());
    await act(async () => {});
    expect(discards()).toEqual([2]);
  });
});
