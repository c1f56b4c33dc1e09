// A pending policy.reauthenticate() is never skipped: no retryNow(), online event or bfcache
// restore opens a socket with the old credentials. Fake server + fake timers, public API only.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { settle, setup, URL_A } from './connectionHarness';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('nothing skips a pending policy.reauthenticate()', () => {
  async function duringReauth() {
    let token = 'old';
    const pending: Array<() => void> = [];
    const reauthenticate = vi.fn(() => new Promise<void>((resolve) => pending.push(resolve)));
    const context = setup({ policy: { reauthenticate, jitter: 'none', initialDelayMs: 1000 } }, () => `${URL_A}?token=${token}`);
    context.connection.connect();
    await settle();
    context.server.last().accept().serverClose(3000, 'expired');
    expect(context.state().lastClose).toMatchObject({ code: 3000, willRetry: true });
    await vi.advanceTimersByTimeAsync(1000); // the retry is due: the re-auth starts
    expect(reauthenticate).toHaveBeenCalledTimes(1);
    expect(context.server.sockets).toHaveLength(1);
    return {
      ...context,
      reauthenticate,
      urls: () => context.server.sockets.map((socket) => socket.url),
      async finishReauth() {
        token = 'new';
        for (const resolve of pending.splice(0)) resolve();
        await settle();
      },
    };
  }

  it.each([
    ['retryNow()', (context: Awaited<ReturnType<typeof duringReauth>>) => context.connection.retryNow()],
    [
      'the online event',
      (context: Awaited<ReturnType<typeof duringReauth>>) => {
        context.network.set(false);
        context.network.set(true);
      },
    ],
    ['a bfcache restore (pageshow persisted)', (context: Awaited<ReturnType<typeof duringReauth>>) => context.network.restore()],
  ])('%s while reauthenticate() is pending opens no socket with the old token; the retry then uses the new one', async (_trigger, trigger) => {
    const context = await duringReauth();
    trigger(context);
    await settle();
    expect(context.urls()).toEqual([`${URL_A}?token=old`]);

    await context.finishReauth();
    expect(context.urls()).toEqual([`${URL_A}?token=old`, `${URL_A}?token=new`]);
    expect(context.reauthenticate).toHaveBeenCalledTimes(1);
    context.server.last().accept();
    expect(context.state().status).toBe('open');
  });
});
