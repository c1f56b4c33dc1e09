import { render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CloseBanner } from '../../src/react/CloseBanner';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { startServer, type TestServer } from '../helpers/startServer';

let server: TestServer;
beforeEach(async () => {
  server = await startServer();
});
afterEach(async () => {
  await server.stop();
});

function Chat() {
  const socket = useWebSocket(server.url);
  return (
    <>
      <p data-testid="status">{socket.status}</p>
      <CloseBanner socket={socket} graceMs={0} />
    </>
  );
}

describe('CloseBanner against a real ws server', () => {
  it('shows an alert about the policy after 1008, with no retry, and only the Reload its sentence asks for', async () => {
    server.onConnection((socket) => setTimeout(() => socket.close(1008, 'you were rude'), 20));
    render(
      <WebSocketProvider>
        <Chat />
      </WebSocketProvider>,
    );
    // The alert region is there from the start (screen readers miss regions inserted with their message).
    const alert = screen.getByRole('alert');
    await waitFor(() => expect(alert.textContent).toMatch(/The server refused the connection/), { timeout: 5000 });
    expect(alert.textContent).toMatch(/server's rules/);
    expect(alert.textContent).not.toMatch(/rude/); // the reason stays hidden by default
    expect([...alert.querySelectorAll('button')].map((button) => button.textContent)).toEqual(['Reload']);
    expect(screen.getByTestId('status').textContent).toBe('closed');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(server.connections).toHaveLength(1);
  });

  it('counts down after 1012, then says Reconnected without a reload', async () => {
    server.onConnection((socket) => {
      if (server.connections.length === 1) setTimeout(() => socket.close(1012, 'deploy'), 20);
    });
    // The default 5-30 s window is checked with fake timers; a short one keeps this test quick.
    render(
      <WebSocketProvider policy={{ codes: { 1012: { delayMs: [3200, 3400] } } }}>
        <Chat />
      </WebSocketProvider>,
    );
    const first = await screen.findByText(/Reconnecting in \d+ second/);
    const seconds = (text: string | null) => Number(/in (\d+) second/.exec(text ?? '')?.[1]);
    const start = seconds(first.textContent);
    expect(start).toBeGreaterThanOrEqual(3);
    await waitFor(() => expect(seconds(screen.getByRole('status').textContent)).toBe(start - 1), { timeout: 2000 });
    await waitFor(() => expect(screen.getByRole('status').textContent).toMatch(/Reconnected/), { timeout: 5000 });
    expect(screen.getByRole('status').closest<HTMLElement>('[data-lifeline-banner]')!.dataset.severity).toBe('success');
    expect(screen.getByTestId('status').textContent).toBe('open');
    expect(server.connections).toHaveLength(2);
  });
});
