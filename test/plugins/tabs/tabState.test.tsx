// share: 'tabs': what each tab's hook shows and hears: a nested provider sees the same socket
// open, online is the tab's own, a follower back from the bfcache or joining late shows the
// current state and no old close, and onClose names the URL of the socket that closed.
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../../src/react/WebSocketProvider';
import { useWebSocket, type WebSocketHandle } from '../../../src/react/useWebSocket';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { crossTab } from '../../../src/plugins/tabs';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { URL_, settle, testNetwork, mountTab, openTabs } from './tabHarness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs': what each tab shows and hears", () => {
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

  it("the leader tab's online comes from its own network too", async () => {
    const { tabs } = await openTabs(2);
    act(() => tabs[0]!.network.set(false));
    await settle();
    expect(tabs.map((tab) => tab.handle().online)).toEqual([false, true]);
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

  it("the tab whose socket closed gets that socket's URL as onClose's second argument", async () => {
    const urls: unknown[] = [];
    const { server } = await openTabs(1, () => ({ onClose: (_close, url) => void urls.push(url) }));
    act(() => void server.last().serverClose(4000, 'bye'));
    await settle();
    // A socket was open in this very tab (the leader); README: onClose(close, url) gets the URL it used.
    expect(urls).toEqual([URL_]);
  });
});
