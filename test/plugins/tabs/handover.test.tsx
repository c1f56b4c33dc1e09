// share: 'tabs': the tab that takes over when the leader tab goes carries on what the last leader
// did and said (messages, a final close, the attempt count, closes and give-ups it reported, a
// retry wait and reconnectOnOnline), and a tab opened during the handover sees that state.
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { settle, wait, mountTab, openTabs } from './tabHarness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs': the tab that takes over carries on", () => {
  it('a message the leader got just before its tab closed reaches every other tab, the next leader too', async () => {
    const { server, tabs } = await openTabs(3);
    act(() => void server.last().message('last-words'));
    tabs[0]!.unmount();
    await settle();
    expect(tabs[2]!.received).toEqual(['last-words']);
    expect(tabs[1]!.received).toEqual(['last-words']);
  });

  it('a final server close just before the leader tab crashes: the next leader stays closed', async () => {
    const { browser, server, tabs } = await openTabs(2);
    act(() => {
      server.last().serverClose(1008, 'policy');
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await wait(200);
    expect(server.sockets).toHaveLength(1);
    expect(tabs[1]!.handle()).toMatchObject({ status: 'closed', lastClose: { code: 1008 } });
  });

  it('a takeover keeps the attempt count: the retry after it is attempt 1, and maxAttempts still gives up', async () => {
    const { server, tabs } = await openTabs(2, { policy: { maxAttempts: 1, initialDelayMs: 200, jitter: 'none' } });
    act(() => void server.last().drop());
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    act(() => tabs[0]!.unmount());
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 2000 }));
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    act(() => void server.last().refuse());
    await settle();
    expect(tabs[1]!.handle().status).toBe('failed');
  });

  it("disconnect() in a tab that took over a waiting retry fires that tab's onClose, as the core and the followers do", async () => {
    const { browser, server, tabs } = await openTabs(3, { policy: { codes: { 1012: { delayMs: 400 } } } });
    act(() => void server.last().serverClose(1012, 'restart'));
    await settle();
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await settle();
    act(() => tabs[1]!.handle().disconnect(4000, 'bye'));
    await settle();
    expect(tabs[2]!.closes).toEqual([1012, 4000]); // the follower
    expect(tabs[1]!.closes).toEqual([1012, 4000]); // the new leader: [1012]
  });

  it('a close the last leader reported as it left reaches onClose in the tab that takes over, as in every other tab', async () => {
    const { server, tabs } = await openTabs(3, { policy: { initialDelayMs: 300, jitter: 'none' } });
    act(() => {
      server.last().drop(); // the leader's socket drops, a retry is scheduled…
      tabs[0]!.unmount(); // …and the leader tab goes in the same task
    });
    await settle();
    expect(tabs[2]!.closes).toEqual([1006]); // the follower
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', lastClose: { code: 1006 } });
    expect(tabs[1]!.closes).toEqual([1006]); // the new leader: []
  });

  it('a give-up the last leader reported as it left reaches onGiveUp in the tab that takes over', async () => {
    const gaveUp = [0, 0, 0];
    const { server, tabs } = await openTabs(3, { policy: { maxAttempts: 0 }, extra: (tab) => ({ onGiveUp: () => void (gaveUp[tab.index]! += 1) }) });
    act(() => {
      server.last().drop();
      tabs[0]!.unmount();
    });
    await settle();
    expect(tabs[1]!.handle().status).toBe('failed');
    expect(gaveUp).toEqual([1, 1, 1]); // [1, 0, 1]
  });

  it('a tab opened during a handover of a stopped socket sees it closed, not connecting', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const tabs = [0, 1].map((index) => mountTab(browser, server, index));
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => tabs[0]!.handle().disconnect());
    await settle();
    act(() => tabs[0]!.unmount());
    await wait(5); // tab 1 listens before it decides
    tabs.push(mountTab(browser, server, 2)); // a new tab opens meanwhile
    await wait(200);
    expect(tabs[1]!.handle().status).toBe('closed');
    expect(tabs[2]!.handle().status).toBe('closed'); // 'connecting'
  });

  it('a tab opened during a handover of a retry wait sees the wait, not connecting', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const policy = { initialDelayMs: 2000, jitter: 'none' as const };
    const tabs = [0, 1].map((index) => mountTab(browser, server, index, { policy }));
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => void server.last().drop());
    await settle();
    act(() => tabs[0]!.unmount());
    await wait(5);
    tabs.push(mountTab(browser, server, 2, { policy }));
    await wait(200);
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', attempt: 1 });
    expect(tabs[2]!.handle()).toMatchObject({ status: 'reconnecting', attempt: 1, nextRetryAt: tabs[1]!.handle().nextRetryAt }); // connecting, 0, null
  });

  it('a tab that took over a retry wait reconnects when its network comes back, as the core does (reconnectOnOnline)', async () => {
    const { server, tabs } = await openTabs(2, { policy: { initialDelayMs: 3000, jitter: 'none' } });
    act(() => void server.last().drop());
    await settle();
    act(() => tabs[0]!.unmount());
    await settle();
    expect(tabs[1]!.handle().status).toBe('reconnecting');
    act(() => {
      // The browser goes offline and back (one window here: the event, and the tab's own network source).
      window.dispatchEvent(new Event('offline'));
      tabs[1]!.network.set(false);
    });
    act(() => {
      window.dispatchEvent(new Event('online'));
      tabs[1]!.network.set(true); // back online: the core retries now
    });
    await settle();
    expect(server.sockets).toHaveLength(2); // 1: waits the rest of the 3 s
  });
});

// A tab that takes over decides at once, with no listening window, so what it does cannot hang
// on how fast a busy machine delivers the last leader's final words. Whatever the order in
// which the lock and those words arrive, an app's disconnect() among them stands: no socket
// stays open. (The 0.2 design listened 25 ms; with a channel slower than that, the app's stop
// was lost and the next tab kept a socket open.)
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

describe("share: 'tabs': a takeover of a retry, then the socket opens", () => {
  it('lastClose.willRetry (and retryAt) turn false once the taken-over retry succeeded', async () => {
    // API.md: "`willRetry` means what it says: true exactly while that close's retry is scheduled
    // or under way; once the socket is open again ... it is false." CHANGELOG Fixed:
    // "`lastClose.willRetry` stayed true after the retry succeeded."
    // Instead: the new leader's own connection has no lastClose, so leaderState()
    // (createTabConnection.ts:88-92) shows the `carried` close of the last leader as it was,
    // willRetry: true and retryAt set, while the status is 'open' — in this tab and, over the
    // channel, in every other.
    const { server, tabs, browser } = await openTabs(2, { policy: { codes: { 1012: { delayMs: 200 } } } });
    act(() => void server.last().serverClose(1012, 'restart'));
    await settle();
    expect(tabs[1]!.handle().lastClose).toMatchObject({ code: 1012, willRetry: true });
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await settle();
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 2000 }));
    act(() => void server.last().accept());
    await settle();
    expect(tabs[1]!.handle().status).toBe('open');
    expect(tabs[1]!.handle().lastClose).toMatchObject({ code: 1012, willRetry: false, retryAt: null });
  });
});

describe("share: 'tabs': a tab that takes over while the app's own \"Sign in again\" runs", () => {
  it('re-authenticates before it reconnects (the sign-in is not lost with the leader tab)', async () => {
    // README: "A tab that takes over ... carries on, at once, from what the last leader showed:
    // ... a scheduled retry keeps its time, attempt and re-authentication"; CHANGELOG: "Commands a
    // tab gives are heard by every tab and run by whichever leads first, once." The existing
    // test covers a sign-in the policy started by itself (status 'reconnecting').
    // Instead: reauthenticate() after a give-up starts from attempt 0, so the leader shows
    // status 'connecting' (not 'reconnecting') with lastClose { action: 'reauth', willRetry: true };
    // takeOver.ts returns `reauth: last?.status === 'reconnecting' && reauth` = false, and the
    // command was already confirmed ('done'), so the new leader opens a socket with the expired
    // credentials and never calls reauthenticate.
    const browser = createFakeBrowser();
    const server = createFakeServer();
    // Tab 0's sign-in never finishes (its tab is closed while it runs); tab 1's answers at once.
    const reauth = [vi.fn(() => new Promise<void>(() => {})), vi.fn()];
    const tabs = [0, 1].map((index) =>
      mountTab(browser, server, index, { policy: { codes: { 4001: 'reauth' }, reauthenticate: reauth[index], maxAttempts: 0 } }),
    );
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => void server.last().serverClose(4001, 'expired'));
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'failed', lastClose: { code: 4001, action: 'reauth' } });
    act(() => tabs[1]!.handle().reauthenticate()); // the user presses "Sign in again" in tab 1
    await settle();
    expect(reauth[0]).toHaveBeenCalledTimes(1); // the leader (tab 0) signs in…
    act(() => tabs[0]!.unmount()); // …and its tab closes meanwhile
    await wait(100);
    expect(server.sockets).toHaveLength(2); // the new leader opened a socket…
    expect(reauth[1]).toHaveBeenCalledTimes(1); // …after signing in again
  });
});
