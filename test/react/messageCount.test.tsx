// `messageCount` changes with every message, so code that must see each one (a history, an
// effect per message) has something to depend on even when two equal messages arrive in a row.
import { act, render } from '@testing-library/react';
import { useEffect, useState } from 'react';
import { describe, expect, it } from 'vitest';
import { useWebSocket, WebSocketProvider } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';

describe('messageCount', () => {
  it("an effect on [messageCount] sees every message, two equal ones in a row included (react-use-websocket's history pattern)", () => {
    const server = createFakeServer();
    const histories: string[][] = [];
    function History() {
      const { lastMessage, messageCount } = useWebSocket<string>('ws://127.0.0.1:1/a');
      const [history, setHistory] = useState<string[]>([]);
      useEffect(() => {
        if (messageCount > 0) setHistory((before) => [...before, lastMessage!]);
      }, [messageCount, lastMessage]);
      histories.push(history);
      return null;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <History />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept());
    act(() => void server.last().message('ping'));
    act(() => void server.last().message('ping'));
    act(() => void server.last().message('pong'));
    expect(histories.at(-1)).toEqual(['ping', 'ping', 'pong']);
  });

  it('counts what this hook delivered: a message its parse refused is not counted', () => {
    const server = createFakeServer();
    let seen: { count: number; last: unknown } = { count: -1, last: undefined };
    function Reader() {
      const socket = useWebSocket<number>('ws://127.0.0.1:1/a', {
        parse: (data) => {
          const value = Number(data);
          if (Number.isNaN(value)) throw new Error('not a number');
          return value;
        },
      });
      seen = { count: socket.messageCount, last: socket.lastMessage };
      return null;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket}>
        <Reader />
      </WebSocketProvider>,
    );
    act(() => void server.last().accept().message('1').message('x').message('1'));
    expect(seen).toEqual({ count: 2, last: 1 });
  });
});
