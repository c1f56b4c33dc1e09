// share: 'tabs': disconnect() in any tab is final until connect(), also when it meets a
// handover (the leader tab closing in the same task, during its closing handshake, before its
// bye arrives, or a tab leaving within its own handover).
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { settle, until, wait, mountTab, openTabs, type Browser } from './tabHarness';

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

describe("share: 'tabs': disconnect() is final in every tab, through handovers", () => {
  it('after disconnect(), the leader tab closing does not make the next leader reconnect', async () => {
    const { server, tabs } = await openTabs(2);
    act(() => tabs[1]!.handle().disconnect());
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['closed', 'closed']);
    act(() => tabs[0]!.unmount());
    await settle();
    await act(() => new Promise((resolve) => setTimeout(resolve, 200)));
    expect(server.sockets).toHaveLength(1);
    expect(tabs[1]!.handle().status).toBe('closed');
  });

  it('disconnect() right after mount (before the tab has joined its channel) keeps the socket closed', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const tab = mountTab(browser, server, 0);
    act(() => tab.handle().disconnect());
    await settle();
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(server.live()).toHaveLength(0);
    expect(tab.handle().status).toBe('closed');
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
    await until(() => server.sockets.length > 0);
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
    await until(() => server.sockets.length > 0);
    act(() => void server.last().accept());
    await settle();
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['open', 'open', 'open']);
    act(() => {
      tabs[0]!.unmount();
      tabs[2]!.handle().disconnect(); // e.g. "Sign out" in tab 2 as tab 0 goes
    });
    await until(() => tabs[1]!.handle().status === 'closed');
    await settle();
    expect(server.sockets).toHaveLength(1); // 2
    expect(tabs[1]!.handle().status).toBe('closed');
  });

  // Seed 20261124 of the tabs model found this (1,000 runs: disconnect(0), openTab, crash(0), openTab, close(0)).
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
