// A provider's callbacks are read when they are called, and a nested provider asks the ones
// above it then, not at its first render: a prop given after mount counts at once.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { useState } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CloseBanner, useWebSocket, WebSocketProvider, type CloseInfo } from 'react-lifeline';
import { createFakeServer, type FakeServer } from 'react-lifeline/testing';

const URL_A = 'ws://127.0.0.1:1/a';

function Banner() {
  return <CloseBanner socket={useWebSocket(URL_A)} graceMs={0} />;
}

describe('provider callbacks', () => {
  it('"Sign in again" works when the outer provider gets onSignInRequired after mount (the inner one asks up the chain when pressed)', () => {
    const server = createFakeServer();
    const signIn = vi.fn();
    let give!: () => void;
    function Outer() {
      const [onSignInRequired, set] = useState<(() => void) | undefined>(undefined);
      give = () => set(() => signIn);
      return (
        <WebSocketProvider WebSocket={server.WebSocket} onSignInRequired={onSignInRequired}>
          <WebSocketProvider policy={{ jitter: 'none' }}>
            <Banner />
          </WebSocketProvider>
        </WebSocketProvider>
      );
    }
    render(<Outer />);
    act(() => void server.last().accept().serverClose(3000, 'expired')); // 'reauth', and the policy cannot re-authenticate
    expect(screen.queryByRole('button', { name: 'Sign in again' })).toBeNull(); // nobody can sign in yet: no dead button
    act(() => give());
    fireEvent.click(screen.getByRole('button', { name: 'Sign in again' }));
    expect(signIn).toHaveBeenCalledTimes(1);
  });

  it('onClose and onAbnormalClose are the latest, innermost first, and one that throws keeps nothing from the others', async () => {
    const server: FakeServer = createFakeServer();
    const calls: string[] = [];
    const uncaught: unknown[] = [];
    const original = globalThis.queueMicrotask;
    globalThis.queueMicrotask = (task) =>
      original(() => {
        try {
          task();
        } catch (error) {
          uncaught.push(error);
        }
      });
    try {
      let setVersion!: (version: number) => void;
      function Tree() {
        const [version, set] = useState(1);
        setVersion = set;
        return (
          <WebSocketProvider WebSocket={server.WebSocket} onClose={(close: CloseInfo) => calls.push(`outer onClose v${version} ${close.code}`)} onAbnormalClose={() => calls.push('outer abnormal')}>
            <WebSocketProvider
              onClose={() => {
                calls.push(`inner onClose v${version}`);
                throw new Error('bug in the app');
              }}
              onAbnormalClose={(close: CloseInfo, { url }: { url: string }) => calls.push(`inner abnormal ${close.code} ${url}`)}
            >
              <Banner />
            </WebSocketProvider>
          </WebSocketProvider>
        );
      }
      render(<Tree />);
      act(() => setVersion(2));
      act(() => void server.last().accept().drop());
      await act(async () => {});
    } finally {
      globalThis.queueMicrotask = original;
    }
    expect(calls).toEqual(['inner onClose v2', 'inner abnormal 1006 ws://127.0.0.1:1/a', 'outer onClose v2 1006']);
    expect(uncaught).toEqual([expect.objectContaining({ code: 'callback-failed', field: 'WebSocketProvider.onClose' })]);
  });
});
