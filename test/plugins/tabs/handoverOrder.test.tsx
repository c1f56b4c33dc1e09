// A tab that takes over decides at once, with no listening window, so what it does cannot hang
// on how fast a busy machine delivers the last leader's final words. Whatever the order in
// which the lock and those words arrive, an app's disconnect() among them stands: no socket
// stays open. (The 0.2 design listened 25 ms; with a channel slower than that, the app's stop
// was lost and the next tab kept a socket open.)
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { mountTab } from './tabHarness';

// Fake time would stop the fake browser's deliveries; these waits only let scheduled tasks run.
const wait = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

describe('handing over a socket the app stopped', () => {
  it.each([
    ['the channel is slow, the lock comes after the last words', {}],
    ['the lock overtakes the last words', { grantLocks: (grant: () => void) => queueMicrotask(grant) }],
  ])('%s: the tab that takes over keeps the stop, no socket stays open', async (_order, locks) => {
    const browser = createFakeBrowser({ schedule: (deliver) => void setTimeout(deliver, 60), ...locks });
    const server = createFakeServer();
    const first = mountTab(browser, server, 0);
    await wait(300);
    act(() => void server.last().accept());
    await wait(300);
    act(() => first.handle().disconnect());
    await wait(300);
    const second = mountTab(browser, server, 1);
    await wait(300);
    expect(second.handle().status).toBe('closed');
    act(() => {
      browser.closeTab(0);
      first.unmount();
    });
    await wait(5);
    const third = mountTab(browser, server, 2);
    await wait(5);
    act(() => second.unmount());
    await wait(600);
    expect(server.live()).toHaveLength(0);
    expect(third.handle().status).toBe('closed');
    expect(third.handle().lastClose).toMatchObject({ initiator: 'client' });
  });
});
