// Third adversarial review of one socket for all tabs (#13): each test fails on a25da29 for a contract violation.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { CHANNEL, settle, wait, mountTab, openTabs, type Browser } from './tabHarness';



afterEach(() => {
  vi.restoreAllMocks();
});

// Web Locks are granted across processes: here a grant takes a little longer than a channel message.
const slowLocks = (browser: Browser): Browser =>
  ({
    ...browser,
    tab(index: number) {
      const base = browser.tab(index);
      return {
        ...base,
        locks: {
          request: (name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>) =>
            base.locks.request(name, options, (lock) => new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() => callback(lock))),
        },
      };
    },
  }) as Browser;

describe("review 3: share: 'tabs'", () => {
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

  it('a tab that takes over while the last leader re-authenticated re-authenticates before it reconnects', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    // Tab 0's sign-in never finishes (the tab is closed while it runs); tab 1's answers at once.
    const reauth = [vi.fn(() => new Promise<void>(() => {})), vi.fn()];
    const tabs = [0, 1].map((index) => mountTab(browser, server, index, { policy: { codes: { 4001: 'reauth' }, reauthenticate: reauth[index], initialDelayMs: 50, jitter: 'none' } }));
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => void server.last().serverClose(4001, 'expired'));
    await wait(100);
    expect(reauth[0]).toHaveBeenCalledTimes(1); // tab 0 re-authenticates
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', nextRetryAt: null, lastClose: { code: 4001, willRetry: true } });
    act(() => tabs[0]!.unmount());
    await wait(100);
    expect(server.sockets).toHaveLength(2); // the new leader opened a socket…
    expect(reauth[1]).toHaveBeenCalledTimes(1); // …without re-authenticating: 0
  });

  it('a tab that takes over a re-authentication paused offline re-authenticates before it reconnects', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const reauth = [vi.fn(), vi.fn()];
    const tabs = [0, 1].map((index) => mountTab(browser, server, index, { policy: { codes: { 4001: 'reauth' }, reauthenticate: reauth[index], initialDelayMs: 50, jitter: 'none' } }));
    await settle();
    act(() => void server.last().accept());
    await settle();
    // The browser goes offline (every tab: one window here)…
    const onLine = vi.spyOn(navigator, 'onLine', 'get').mockReturnValue(false);
    act(() => {
      window.dispatchEvent(new Event('offline'));
      tabs.forEach((tab) => tab.network.set(false));
    });
    act(() => void server.last().serverClose(4001, 'expired'));
    await wait(100); // …the retry is due: paused until online, its re-authentication still to do
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', nextRetryAt: null, lastClose: { code: 4001, willRetry: true } });
    act(() => tabs[0]!.unmount());
    await settle();
    onLine.mockReturnValue(true);
    act(() => {
      window.dispatchEvent(new Event('online'));
      tabs[1]!.network.set(true);
    });
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(reauth[0]).not.toHaveBeenCalled();
    expect(reauth[1]).toHaveBeenCalledTimes(1); // 0: the new socket uses the expired credentials
  });

  it("a follower's disconnect() right after a takeover stops the taken-over socket, and still stands when that tab closes too", async () => {
    const { server, tabs } = await openTabs(3);
    act(() => tabs[0]!.unmount());
    await settle(); // tab 1 took over at once: an open socket opens again
    expect(server.sockets).toHaveLength(2);
    act(() => tabs[2]!.handle().disconnect());
    await settle();
    expect(server.sockets[1]!.closedByClient).toMatchObject({ code: 1000 });
    act(() => tabs[1]!.unmount()); // the user closes that tab too
    await settle();
    expect(server.sockets).toHaveLength(2); // 3: tab 2 takes over and reconnects
    expect(server.live()).toHaveLength(0);
    expect(tabs[2]!.handle().status).toBe('closed');
  });

  it('disconnect() from a follower as the leader tab closes (before its bye arrives) is not lost', async () => {
    const browser = slowLocks(createFakeBrowser());
    const server = createFakeServer();
    const tabs = [0, 1, 2].map((index) => mountTab(browser, server, index));
    await wait(100);
    act(() => void server.last().accept());
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['open', 'open', 'open']);
    act(() => {
      tabs[0]!.unmount();
      tabs[2]!.handle().disconnect(); // e.g. "Sign out" in tab 2 as tab 0 goes
    });
    await wait(200);
    expect(server.sockets).toHaveLength(1); // 2
    expect(tabs[1]!.handle().status).toBe('closed');
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

  it('a send refused during the handover keeps its error after the tab decides, as the core keeps it', async () => {
    const { browser, server, tabs } = await openTabs(2);
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    act(() => tabs[0]!.unmount());
    await wait(5);
    expect(browser.holder(CHANNEL)).toBe(1);
    let result = '';
    act(() => void (result = tabs[1]!.handle().send('x')));
    expect(result).toBe('rejected');
    expect(tabs[1]!.handle().error?.code).toBe('not-open');
    await settle();
    expect(tabs[1]!.handle().status).toBe('closed');
    expect(tabs[1]!.handle().error?.code).toBe('not-open'); // null
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

describe('found by the cross-tab model (1,000 runs, seed 20261124: disconnect(0), openTab, crash(0), openTab, close(0))', () => {
  it('a tab that leaves in its handover passes the stopped state on: the next tab, which never heard a leader, stays closed', async () => {
    const { browser, server, tabs } = await openTabs(1);
    act(() => tabs[0]!.handle().disconnect());
    await settle();
    const second = mountTab(browser, server, 1);
    await settle();
    expect(second.handle().status).toBe('closed');
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await wait(5); // the second tab has the lock and listens (25 ms)
    const third = mountTab(browser, server, 2); // asks; nobody has decided yet
    await wait(5);
    act(() => second.unmount()); // leaves within its handover
    await settle();
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(third.handle().status).toBe('closed');
  });
});
