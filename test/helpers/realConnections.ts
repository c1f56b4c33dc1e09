// Connections (core, no React) on a real `ws` server through jsdom's WebSocket: `open(url, options)`
// records what each reports (errors, give-ups) and waits for a status with `until`; call
// `disposeAll()` after each test.
import { expect, vi } from 'vitest';
import { createConnection, type CloseInfo, type Connection, type ConnectionOptions, type UrlSource } from 'react-lifeline';

export const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

export function realConnections() {
  const connections: Connection[] = [];

  function open(url: UrlSource, options: ConnectionOptions = {}) {
    const errors: Error[] = [];
    const giveUps: CloseInfo[] = [];
    const connection = createConnection(url, {
      onError: (error) => errors.push(error),
      onGiveUp: (close) => giveUps.push(close),
      ...options,
    });
    connections.push(connection);
    const state = () => connection.getState();
    const until = (status: string, timeout = 3000) => vi.waitFor(() => expect(state().status).toBe(status), { timeout, interval: 10 });
    return { connection, errors, giveUps, state, until };
  }

  function disposeAll() {
    for (const connection of connections.splice(0)) connection.dispose();
  }

  return { open, disposeAll };
}
