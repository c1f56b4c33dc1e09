// Adversarial review of one socket for all tabs (#13): each test failed on 64800c5 (src/tabs before the fix) for a contract violation.
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../../src/react/WebSocketProvider';
import { useWebSocket, type WebSocketHandle } from '../../../src/react/useWebSocket';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { crossTab } from '../../../src/plugins/tabs';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { URL_, settle, testNetwork, mountTab, openTabs, allSent } from './tabHarness';

const tick = () => act(() => new Promise((resolve) => setTimeout(resolve, 0)));

afterEach(() => {
  vi.restoreAllMocks();
});

describe("review: share: 'tabs'", () => {
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

  it('a nested provider in the same tab (inheriting tabs) shares the same socket and sees it open', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const module = crossTab({ ...browser.tab(0), network: testNetwork() });
    const handles: WebSocketHandle<unknown>[] = [];
    function Client({ index }: { index: number }) {
      handles[index] = useWebSocket(URL_, { share: 'tabs' });
      return <p>{handles[index].status}</p>;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket} share={module}>
        <Client index={0} />
        <WebSocketProvider policy={{ maxAttempts: 5 }}>
          <Client index={1} />
        </WebSocketProvider>
      </WebSocketProvider>,
    );
    await settle();
    act(() => void server.last().accept());
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(handles.map((handle) => handle.status)).toEqual(['open', 'open']);
    act(() => void handles[1]!.send('from-inner'));
    await settle();
    expect(server.last().sent).toEqual(['from-inner']);
  });

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

  it('a message the leader got just before its tab closed reaches every other tab, the next leader too', async () => {
    const { server, tabs } = await openTabs(3);
    act(() => void server.last().message('last-words'));
    tabs[0]!.unmount();
    await settle();
    expect(tabs[2]!.received).toEqual(['last-words']);
    expect(tabs[1]!.received).toEqual(['last-words']);
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

  it("the leader tab's online comes from its own network too", async () => {
    const { tabs } = await openTabs(2);
    act(() => tabs[0]!.network.set(false));
    await settle();
    expect(tabs.map((tab) => tab.handle().online)).toEqual([false, true]);
  });

  it("connect() clears a follower's old send error as it clears the leader's", async () => {
    const { server, tabs } = await openTabs(2);
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    expect(tabs[1]!.handle().status).toBe('closed');
    act(() => void tabs[1]!.handle().send('x'));
    expect(tabs[1]!.handle().error?.code).toBe('not-open');
    act(() => tabs[1]!.handle().connect());
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['connecting', 'connecting']);
    expect(tabs.map((tab) => tab.handle().error)).toEqual([null, null]);
  });

  it('a well-formed disconnect command with an invalid close code or reason is ignored, not thrown', async () => {
    const { tabs } = await openTabs(2);
    const leaderChannel = tabs[0]!.channels[0]!;
    for (const junk of [
      { t: 'cmd', from: 'x', seq: 1, name: 'disconnect', code: 1001, reason: '' },
      { t: 'cmd', from: 'x', seq: 2, name: 'disconnect', code: 1000, reason: 'x'.repeat(200) },
    ]) {
      expect(() => act(() => leaderChannel.onmessage!(new MessageEvent('message', { data: junk })))).not.toThrow();
    }
    expect(tabs.map((tab) => tab.handle().status)).toEqual(['open', 'open']);
  });

  it('a follower back from the back/forward cache shows the current state, not what it saw before', async () => {
    const { server, tabs } = await openTabs(2);
    const follower = tabs[1]!;
    for (const channel of follower.channels) channel.frozen = true; // in the cache: hears nothing
    act(() => tabs[0]!.handle().disconnect());
    await settle();
    expect(tabs[0]!.handle().status).toBe('closed');
    for (const channel of follower.channels) channel.frozen = false;
    act(() => follower.network.restore()); // pageshow with persisted
    await settle();
    expect(server.live()).toHaveLength(0);
    expect(follower.handle().status).toBe('closed');
  });

  it('a follower that joins late does not fire onClose for a close that happened before it existed', async () => {
    const { browser, server, tabs } = await openTabs(1);
    act(() => void server.last().drop());
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 5000 }));
    act(() => void server.last().accept());
    await settle();
    expect(tabs[0]!.handle()).toMatchObject({ status: 'open', lastClose: { code: 1006 } });
    const late = mountTab(browser, server, 1);
    await settle();
    expect(late.handle().status).toBe('open');
    expect(late.closes).toEqual([]);
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
});
