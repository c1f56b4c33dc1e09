// Chat.test.tsx: a component that uses react-lifeline, tested with the fake server.
import { act, render, screen } from '@testing-library/react';
import { afterEach, expect, it, vi } from 'vitest';
import { CloseBanner, WebSocketProvider, useWebSocket } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';

function Chat() {
  const chat = useWebSocket<string>('wss://chat.example/room');
  return (
    <>
      <p>last: {chat.lastMessage ?? 'nothing yet'}</p>
      <button onClick={() => chat.send('hi')}>Say hi</button>
      <CloseBanner socket={chat} />
    </>
  );
}

afterEach(() => void vi.useRealTimers());

it('shows messages, sends, and tells the user when the server restarts', () => {
  vi.useFakeTimers();
  const server = createFakeServer();
  render(
    <WebSocketProvider WebSocket={server.WebSocket}>
      <Chat />
    </WebSocketProvider>,
  );

  act(() => void server.last().accept().message('hello'));
  expect(screen.getByText('last: hello')).toBeDefined();

  act(() => screen.getByRole('button', { name: 'Say hi' }).click());
  expect(server.last().sent).toEqual(['hi']);

  act(() => void server.last().serverClose(1012, 'deploy'));
  act(() => void vi.advanceTimersByTime(1500)); // the banner's grace period
  expect(screen.getByRole('status').textContent).toMatch(/The server is restarting/);

  act(() => void vi.advanceTimersByTime(30_000)); // the 1012 window is 5-30 s
  act(() => void server.last().accept());
  expect(server.sockets).toHaveLength(2);
  act(() => void vi.advanceTimersByTime(1000)); // "Reconnected" once the open holds
  expect(screen.getByRole('status').textContent).toMatch(/Reconnected/);
});
