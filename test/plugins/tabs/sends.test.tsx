// share: 'tabs': what any tab sends reaches the one socket once (also across a remount and a
// takeover), is queued and discarded by the rules of the core's queue, and a refused send sets
// the error the core would set.
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { CHANNEL, settle, wait, mountTab, openTabs, allSent } from './tabHarness';

const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs': sends from every tab", () => {
  it('a follower whose component remounts (a route change) still gets its sends delivered', async () => {
    const { server, tabs } = await openTabs(2);
    const follower = tabs[1]!;
    act(() => void follower.handle().send('before-remount'));
    await settle();
    expect(server.last().sent).toEqual(['before-remount']);
    follower.setShown(false);
    await settle();
    follower.setShown(true);
    await settle();
    expect(follower.handle().status).toBe('open');
    let result = '';
    act(() => void (result = follower.handle().send('after-remount')));
    expect(result).toBe('sent');
    await settle();
    expect(server.last().sent).toEqual(['before-remount', 'after-remount']);
  });

  it('a send the leader put on the socket and acknowledged is not sent again by the next leader', async () => {
    const { server, tabs } = await openTabs(2);
    act(() => void tabs[1]!.handle().send('once'));
    await tick(); // the leader got it, sent it, posted its ack; the ack is not there yet
    expect(server.last().sent).toEqual(['once']);
    tabs[0]!.unmount(); // a graceful close (not a crash)
    await settle();
    expect(server.live()).toHaveLength(1);
    act(() => void server.last().accept());
    await settle();
    expect(allSent(server).filter((data) => data === 'once')).toHaveLength(1);
  });

  it("a follower's message queued before open is not lost when its onOpen sends a hello", async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    mountTab(browser, server, 0);
    const follower = mountTab(browser, server, 1, (tab) => ({ onOpen: () => void tab.handle().send('hello') }));
    await settle();
    expect(follower.handle().status).toBe('connecting');
    let result = '';
    act(() => void (result = follower.handle().send('early')));
    expect(result).toBe('queued');
    act(() => void server.last().accept());
    await settle();
    expect(follower.handle().status).toBe('open');
    expect(server.last().sent).toContain('hello');
    expect(server.last().sent).toContain('early');
  });

  it("a follower's drop-oldest overflow after an earlier delivered send does not stall its later sends", async () => {
    const { server, tabs } = await openTabs(2, () => ({ queue: { max: 2, overflow: 'drop-oldest' } }));
    const follower = tabs[1]!;
    act(() => void follower.handle().send('first'));
    await settle();
    expect(server.last().sent).toEqual(['first']);
    act(() => void server.last().drop());
    await settle();
    expect(follower.handle().status).toBe('reconnecting');
    const results: string[] = [];
    act(() => void results.push(...['a', 'b', 'c'].map((data) => follower.handle().send(data))));
    expect(results).toEqual(['queued', 'queued', 'queued']);
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 5000 }));
    act(() => void server.last().accept());
    await settle();
    act(() => void follower.handle().send('later'));
    await settle();
    expect(server.last().sent).toEqual(['b', 'c', 'later']);
  });

  it('after disconnect() discarded what a follower had queued, connect() lets that follower send again', async () => {
    const { server, tabs } = await openTabs(2);
    const follower = tabs[1]!;
    act(() => void follower.handle().send('first'));
    await settle();
    expect(server.last().sent).toEqual(['first']);
    act(() => void server.last().drop());
    await settle();
    expect(follower.handle().send('queued-then-discarded')).toBe('queued');
    act(() => tabs[0]!.handle().disconnect());
    await settle();
    expect(follower.errors).toContain('queue-discarded');
    act(() => tabs[0]!.handle().connect());
    await settle();
    act(() => void server.last().accept());
    await settle();
    expect(follower.handle().status).toBe('open');
    let result = '';
    act(() => void (result = follower.handle().send('after')));
    expect(result).toBe('sent');
    await settle();
    expect(server.last().sent).toEqual(['after']);
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
});

describe("share: 'tabs': a follower's send after its own disconnect()", () => {
  it("answers 'rejected' at once (not 'sent'), and nothing reaches the server", async () => {
    const { server, tabs } = await openTabs(2);
    let result = '';
    act(() => {
      tabs[1]!.handle().disconnect();
      result = tabs[1]!.handle().send('after disconnect');
    });
    expect(result).toBe('rejected');
    expect(tabs[1]!.errors).toContain('not-open');
    await settle();
    expect(allSent(server)).not.toContain('after disconnect');
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['closed', 'closed']);
  });

  it('shows closing until the leader confirms, as the core does, and connect() lets it send again', async () => {
    const { server, tabs } = await openTabs(2);
    act(() => tabs[1]!.handle().disconnect());
    expect(tabs[1]!.handle().status).toBe('closing');
    await settle();
    expect(tabs[1]!.handle().status).toBe('closed');
    act(() => tabs[1]!.handle().connect());
    await settle();
    act(() => void server.last().accept());
    await settle();
    let result = '';
    act(() => void (result = tabs[1]!.handle().send('again')));
    expect(result).toBe('sent');
    await settle();
    expect(allSent(server)).toContain('again');
  });
});
