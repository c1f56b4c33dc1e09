// Second adversarial review of one socket for all tabs (#13): each test fails on 5abbbe1 for a contract violation.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { CHANNEL, settle, wait, mountTab, openTabs, allSent, type Browser } from './tabHarness';



afterEach(() => {
  vi.restoreAllMocks();
});

describe("review 2: share: 'tabs'", () => {
  it('a tab that takes over a stopped socket reports its own refused send in error, as the core and a follower do', async () => {
    const { browser, server, tabs } = await openTabs(3);
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await settle();
    expect(browser.holder(CHANNEL)).toBe(1);
    expect(tabs[1]!.handle().status).toBe('closed');
    let results: string[] = [];
    act(() => void (results = [tabs[1]!.handle().send('x'), tabs[2]!.handle().send('y')]));
    expect(results).toEqual(['rejected', 'rejected']);
    expect(tabs[2]!.handle().error?.code).toBe('not-open'); // the follower
    expect(tabs[1]!.errors).toContain('not-open');
    expect(tabs[1]!.handle().error?.code).toBe('not-open'); // the new leader: null
  });

  it("the leader tab's sendJson of a value without JSON form sets its error, as the core does", async () => {
    const { tabs } = await openTabs(2);
    let results: string[] = [];
    act(() => void (results = tabs.map((tab) => tab.handle().sendJson(1n))));
    expect(results).toEqual(['rejected', 'rejected']);
    expect(tabs[1]!.handle().error?.code).toBe('invalid-json'); // the follower
    expect(tabs[0]!.handle().error?.code).toBe('invalid-json'); // the leader: null
  });

  it('disconnect() in the leader tab and the tab closing in the same task: the next leader does not reconnect', async () => {
    const { server, tabs } = await openTabs(2);
    act(() => {
      tabs[0]!.handle().disconnect(); // e.g. "Sign out", then the page goes
      tabs[0]!.unmount();
    });
    await wait(200);
    expect(server.sockets).toHaveLength(1);
    expect(tabs[1]!.handle().status).toBe('closed');
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

  it('the leader tab closing while its disconnect() handshake is under way: the next leader does not reconnect', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    // A closing handshake takes a round trip: the server has not answered the close frame yet.
    class SlowClose extends server.WebSocket {
      override close(code?: number, reason?: string) {
        if (this.readyState >= 2) return;
        this.closedByClient = { code, reason };
        this.readyState = 2;
      }
    }
    const tabs = [0, 1].map((index) => mountTab(browser, server, index, { WebSocket: SlowClose }));
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => tabs[0]!.handle().disconnect());
    await settle();
    expect(tabs[1]!.handle().status).toBe('closing');
    act(() => tabs[0]!.unmount());
    await wait(200);
    expect(server.sockets).toHaveLength(1);
  });

  it('a tab that takes over during a re-authentication wait runs reauthenticate before it reconnects', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const reauth = [vi.fn(), vi.fn()];
    const tabs = [0, 1].map((index) => mountTab(browser, server, index, { policy: { codes: { 4001: 'reauth' }, reauthenticate: reauth[index], initialDelayMs: 300, jitter: 'none' } }));
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => void server.last().serverClose(4001, 'expired'));
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', lastClose: { code: 4001, action: 'reauth', willRetry: true } });
    act(() => tabs[0]!.unmount());
    await settle();
    expect(server.sockets).toHaveLength(1);
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 2000 }));
    expect(reauth[0]).not.toHaveBeenCalled();
    expect(reauth[1]).toHaveBeenCalledTimes(1); // 0: the new socket uses the expired credentials
  });

  it('connect() while a taken-over retry waits does nothing, as it does while the last leader waited', async () => {
    const { browser, server, tabs } = await openTabs(3, { policy: { codes: { 1012: { delayMs: 400 } } } });
    act(() => void server.last().serverClose(1012, 'restart'));
    await settle();
    act(() => tabs[2]!.handle().connect()); // under the first leader: nothing
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await settle();
    expect(tabs[1]!.handle().status).toBe('reconnecting');
    act(() => tabs[2]!.handle().connect()); // under the new leader: a socket at once, the retry's time ignored
    await settle();
    expect(server.sockets).toHaveLength(1);
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

  it("a follower's queued send is discarded (and reported) when the session ends with a final close, as the leader's is", async () => {
    const { server, tabs } = await openTabs(2, { policy: { initialDelayMs: 100, jitter: 'none' } });
    act(() => void server.last().drop());
    await settle();
    let results: string[] = [];
    act(() => void (results = [tabs[0]!.handle().send('from-leader'), tabs[1]!.handle().send('from-follower')]));
    expect(results).toEqual(['queued', 'queued']);
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 2000 }));
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['closed', 'closed']);
    expect(tabs[0]!.errors).toContain('queue-discarded');
    act(() => tabs[1]!.handle().connect()); // later, e.g. the user clicks Reconnect
    await settle();
    act(() => void server.last().accept());
    await settle();
    expect(allSent(server)).toEqual([]); // ['from-follower']: sent into a new session
    expect(tabs[1]!.errors).toContain('queue-discarded');
  });

  it('disconnect() then connect() in a tab that took over a waiting retry keeps the disconnect as lastClose, as the core does', async () => {
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
    expect(tabs[1]!.handle()).toMatchObject({ status: 'closed', lastClose: { code: 4000 } });
    act(() => tabs[1]!.handle().connect());
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(tabs[1]!.handle().lastClose?.code).toBe(4000); // null
    expect(tabs[2]!.handle().lastClose?.code).toBe(4000);
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

  it('disconnect() from a follower while the leader tab hands over is not lost: nothing reconnects', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    // Web Locks are granted across processes: here a grant takes a little longer than a channel message.
    const slow = (index: number) => {
      const base = browser.tab(index);
      return {
        ...base,
        locks: {
          request: (name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>) =>
            base.locks.request(name, options, (lock) => new Promise<void>((resolve) => setTimeout(resolve, 30)).then(() => callback(lock))),
        },
      };
    };
    const tabs = [0, 1, 2].map((index) => mountTab({ ...browser, tab: slow } as Browser, server, index));
    await wait(100);
    act(() => void server.last().accept());
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['open', 'open', 'open']);
    act(() => tabs[0]!.unmount());
    await wait(10); // the bye has come; tab 1 waits for its lock
    expect(tabs[2]!.handle().status).toBe('connecting');
    act(() => tabs[2]!.handle().disconnect());
    await wait(200);
    expect(server.sockets).toHaveLength(1); // 2: the next leader never heard the disconnect
    expect(tabs[1]!.handle().status).toBe('closed');
  });
});
