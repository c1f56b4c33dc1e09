// Only a proof of life makes a connection stable (README: proved alive): a heartbeat nobody
// answers does not reset the attempt count. Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { heartbeat } from 'react-lifeline/heartbeat';
import { settle, setup } from './connectionHarness';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('a heartbeat that never gets an answer does not count as a stable connection', () => {
  it('with intervalMs + timeoutMs >= stableAfterMs, a server that accepts and never answers ends failed after maxAttempts', async () => {
    const { server, connection, state, giveUps } = setup({
      plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 1000 })],
      policy: { maxAttempts: 3, stableAfterMs: 1500, initialDelayMs: 100, maxDelayMs: 100, jitter: 'none' },
    });
    connection.connect();
    await settle();
    // Accept every socket, answer nothing; 60 s is far more than 4 dead connections need.
    for (let i = 0; i < 120 && state().status !== 'failed'; i += 1) {
      const last = server.last();
      if (last.readyState === 0) last.accept();
      await vi.advanceTimersByTimeAsync(500);
    }
    expect(state().status).toBe('failed');
    expect(server.sockets).toHaveLength(4); // the first attempt and 3 retries
    expect(giveUps).toHaveLength(1);
    expect(state().lastClose).toMatchObject({ code: 3008, willRetry: false });
  });
});
