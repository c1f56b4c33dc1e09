import { act, render } from '@testing-library/react';
import { StrictMode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../../src/react/WebSocketProvider';
import { useWebSocket, type WebSocketHandle } from '../../../src/react/useWebSocket';
import { createFakeServer, type FakeServer } from '../../../src/testing/createFakeServer';
import { crossTab, type CrossTab } from '../../../src/plugins/tabs';
import { sharedSockets } from '../../../src/plugins/share';
import type { NetworkSource, ReconnectPolicyOptions } from '../../../src/core';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { turns } from '../../helpers/turns';

const URL_ = 'ws://127.0.0.1:9/feed';
const CHANNEL = 'react-lifeline ws://127.0.0.1:9/feed ';

/** Lets the channel's tasks, the lock grants and React's updates run. */
// Longer than the handover (25 ms) a tab that gets the lock listens before it decides.
const settle = () => act(() => turns());

const onlineNetwork = (): NetworkSource & { set(online: boolean): void } => {
  let online = true;
  const listeners = new Set<(online: boolean) => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of listeners) listener(next);
    },
  };
};

interface Tab {
  handle: () => WebSocketHandle<unknown>;
  received: unknown[];
  errors: string[];
  network: ReturnType<typeof onlineNetwork>;
  unmount: () => void;
  tabs: CrossTab;
}

function openTabs(
  count: number,
  { strict = false, queue, policy }: { strict?: boolean; queue?: { max: number; overflow?: 'reject' | 'drop-oldest' }; policy?: ReconnectPolicyOptions } = {},
) {
  const browser = createFakeBrowser();
  const server = createFakeServer();
  const tabs: Tab[] = [];
  for (let index = 0; index < count; index += 1) {
    const network = onlineNetwork();
    const module = crossTab({ ...browser.tab(index), network });
    const tab: Tab = { handle: () => current!, received: [], errors: [], network, unmount: () => {}, tabs: module };
    let current: WebSocketHandle<unknown> | undefined;
    function Client() {
      current = useWebSocket(URL_, {
        share: 'tabs',
        queue,
        onMessage: (message) => void tab.received.push(message),
        onError: (error) => void tab.errors.push(error.code),
      });
      // What the tests read, read in render (a handle re-renders for the fields a component reads).
      return <p>{`${current.status} ${String(current.online)} ${current.error?.code ?? ''}`}</p>;
    }
    const tree = (
      <WebSocketProvider WebSocket={server.WebSocket} share={module} policy={policy}>
        <Client />
      </WebSocketProvider>
    );
    tab.unmount = render(strict ? <StrictMode>{tree}</StrictMode> : tree).unmount;
    tabs.push(tab);
  }
  return { browser, server, tabs };
}

const statuses = (tabs: Tab[]) => tabs.map((tab) => tab.handle().status);

async function openAll(count: number, options?: Parameters<typeof openTabs>[1]) {
  const setup = openTabs(count, options);
  await settle();
  act(() => void setup.server.last().accept());
  await settle();
  return setup;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs'", () => {
  it('opens one socket for three tabs, and every tab shows it open', async () => {
    const { server, tabs } = await openAll(3);
    expect(server.sockets).toHaveLength(1);
    expect(statuses(tabs)).toEqual(['open', 'open', 'open']);
  });

  it('under StrictMode too: one lock holder, one socket', async () => {
    const { server, tabs, browser } = await openAll(3, { strict: true });
    expect(server.sockets).toHaveLength(1);
    expect(server.live()).toHaveLength(1);
    expect(browser.holder(CHANNEL)).toBe(0);
    expect(statuses(tabs)).toEqual(['open', 'open', 'open']);
  });

  it('delivers every server message to every tab, once and in order', async () => {
    const { server, tabs } = await openAll(3);
    act(() => {
      for (let n = 1; n <= 50; n += 1) server.last().message(`m${n}`);
    });
    await settle();
    const expected = Array.from({ length: 50 }, (_, n) => `m${n + 1}`);
    for (const tab of tabs) expect(tab.received).toEqual(expected);
  });

  it("relays 100 sends from each tab: 'sent' while open, each arrives once, in per-tab order", async () => {
    const { server, tabs } = await openAll(3);
    const results = new Set<string>();
    act(() => {
      for (let n = 0; n < 100; n += 1) for (const [index, tab] of tabs.entries()) results.add(tab.handle().send(`${index}:${n}`));
    });
    await settle();
    expect([...results]).toEqual(['sent']);
    const sent = server.last().sent as string[];
    expect(sent).toHaveLength(300);
    for (const index of [0, 1, 2]) {
      expect(sent.filter((data) => data.startsWith(`${index}:`))).toEqual(Array.from({ length: 100 }, (_, n) => `${index}:${n}`));
    }
  });

  it("a follower's send while the socket reconnects is 'queued', then delivered once when it opens", async () => {
    const { server, tabs } = await openAll(2);
    act(() => void server.last().drop());
    await settle();
    expect(tabs[1]!.handle().status).toBe('reconnecting');
    let result = '';
    act(() => void (result = tabs[1]!.handle().send('while-down')));
    expect(result).toBe('queued');
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 5000 }));
    act(() => void server.last().accept());
    await settle();
    expect(server.last().sent).toEqual(['while-down']);
    expect(server.sockets[0]!.sent).toEqual([]);
    expect(statuses(tabs)).toEqual(['open', 'open']);
  });

  it('copies binary data when a follower queues it', async () => {
    const { server, tabs } = await openAll(2);
    act(() => void server.last().drop());
    await settle();
    const bytes = new Uint8Array([1, 2, 3]);
    act(() => void tabs[1]!.handle().send(bytes));
    bytes[0] = 9;
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 5000 }));
    act(() => void server.last().accept());
    await settle();
    expect([...new Uint8Array(server.last().sent[0] as ArrayBuffer)]).toEqual([1, 2, 3]);
  });

  it('takes over when the leader tab closes: one new socket, the others open, queued sends arrive once', async () => {
    const { server, tabs, browser } = await openAll(3);
    act(() => void tabs[1]!.handle().send('before'));
    await settle();
    expect(server.last().sent).toEqual(['before']);
    // The leader tab crashes: its lock and channel go, its socket drops.
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount(); // what runs no more
      server.last().drop();
    });
    const during: string[] = [];
    act(() => {
      during.push(tabs[1]!.handle().send('during-1'), tabs[2]!.handle().send('during-2'), tabs[1]!.handle().send('during-3'));
    });
    await settle();
    expect(server.live()).toHaveLength(1); // the new leader's
    act(() => void server.last().accept());
    await settle();
    expect(statuses(tabs.slice(1))).toEqual(['open', 'open']);
    const all = server.sockets.flatMap((socket) => socket.sent as string[]);
    expect(all.filter((data) => data === 'before')).toHaveLength(1);
    for (const data of ['during-1', 'during-2', 'during-3']) expect(all.filter((sent) => sent === data)).toHaveLength(1);
    expect(all.indexOf('during-1')).toBeLessThan(all.indexOf('during-3'));
    expect(browser.holder(CHANNEL)).toBe(1);
  });

  it('a tab that takes over during a retry wait keeps its time and the close that caused it', async () => {
    const { server, tabs, browser } = await openAll(2, { policy: { codes: { 1012: { delayMs: 400 } } } });
    act(() => void server.last().serverClose(1012, 'restart'));
    await settle();
    const retryAt = tabs[1]!.handle().nextRetryAt!;
    expect(retryAt).toBeGreaterThan(Date.now());
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await settle();
    expect(server.sockets).toHaveLength(1); // not at once: the retry is not due
    expect(tabs[1]!.handle()).toMatchObject({ status: 'reconnecting', nextRetryAt: retryAt, lastClose: { code: 1012, willRetry: true } });
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 2000 }));
    expect(Date.now()).toBeGreaterThanOrEqual(retryAt - 5);
    act(() => void server.last().accept());
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'open', lastClose: { code: 1012 } });
  });

  it('after a final close, the next leader stays closed until connect()', async () => {
    const { server, tabs, browser } = await openAll(2);
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    act(() => {
      browser.closeTab(0);
      tabs[0]!.unmount();
    });
    await act(() => new Promise((resolve) => setTimeout(resolve, 100)));
    expect(server.sockets).toHaveLength(1);
    expect(tabs[1]!.handle()).toMatchObject({ status: 'closed', lastClose: { code: 1008 } });
    act(() => tabs[1]!.handle().connect());
    await settle();
    expect(server.sockets).toHaveLength(2);
  });

  it('a tab that unmounts hands the socket over; the last one closes it', async () => {
    const { server, tabs } = await openAll(2);
    act(() => tabs[0]!.unmount());
    await settle();
    expect(server.sockets[0]!.readyState).toBe(3);
    expect(server.live()).toHaveLength(1);
    act(() => void server.last().accept());
    await settle();
    expect(tabs[1]!.handle().status).toBe('open');
    act(() => tabs[1]!.unmount());
    await settle();
    expect(server.live()).toHaveLength(0);
  });

  it('disconnect() from a follower closes the one socket for every tab, discards queued sends, and nothing reconnects', async () => {
    const { server, tabs } = await openAll(3);
    act(() => tabs[2]!.handle().disconnect(4000, 'bye'));
    await settle();
    expect(server.sockets[0]!.closedByClient).toEqual({ code: 4000, reason: 'bye' });
    await settle();
    expect(statuses(tabs)).toEqual(['closed', 'closed', 'closed']);
    expect(tabs[1]!.handle().lastClose?.code).toBe(4000);
    await act(() => new Promise((resolve) => setTimeout(resolve, 300)));
    expect(server.sockets).toHaveLength(1);
    act(() => tabs[1]!.handle().connect());
    await settle();
    expect(server.sockets).toHaveLength(2);
  });

  it('retryNow() from a follower skips the leader’s wait', async () => {
    const { server, tabs } = await openAll(2);
    act(() => void server.last().serverClose(1012, 'restart')); // a 5-30 s wait
    await settle();
    expect(tabs[1]!.handle().status).toBe('reconnecting');
    expect(tabs[1]!.handle().lastClose).toMatchObject({ code: 1012, willRetry: true, initiator: 'server' });
    act(() => tabs[1]!.handle().retryNow());
    await settle();
    expect(server.sockets).toHaveLength(2);
  });

  it("online is each tab's own", async () => {
    const { tabs } = await openAll(2);
    act(() => tabs[1]!.network.set(false));
    await settle();
    expect(tabs.map((tab) => tab.handle().online)).toEqual([true, false]);
  });

  it("a follower's queue option holds: reject when full, or drop the oldest", async () => {
    const { server, tabs } = await openAll(2, { queue: { max: 2 } });
    act(() => void server.last().drop());
    await settle();
    const results: string[] = [];
    act(() => void results.push(...['a', 'b', 'c'].map((data) => tabs[1]!.handle().send(data))));
    expect(results).toEqual(['queued', 'queued', 'rejected']);
    expect(tabs[1]!.errors).toContain('queue-full');
    expect(tabs[1]!.handle().error?.code).toBe('queue-full');
  });

  it("a follower's drop-oldest queue keeps the newest, and delivers them once", async () => {
    const { server, tabs } = await openAll(2, { queue: { max: 2, overflow: 'drop-oldest' } });
    act(() => void server.last().drop());
    await settle();
    const results: string[] = [];
    act(() => void results.push(...['a', 'b', 'c'].map((data) => tabs[1]!.handle().send(data))));
    expect(results).toEqual(['queued', 'queued', 'queued']);
    await act(() => vi.waitFor(() => expect(server.sockets).toHaveLength(2), { timeout: 5000 }));
    act(() => void server.last().accept());
    await settle();
    expect(server.last().sent).toEqual(['b', 'c']);
  });

  it('ignores malformed messages on the channel without throwing or changing state', async () => {
    const { browser, server, tabs } = await openAll(3);
    const errors = vi.spyOn(console, 'error');
    for (const junk of [null, 42, 'x', { t: 'state', from: 'x', state: { status: 'exploded' } }, { t: 'msg', from: 'x', data: { not: 'data' } }, { t: 'cmd', from: 'x', name: 'dispose' }, { t: 'send', from: 'x', seq: -1, data: 'a' }, { t: 'cmd', from: 'x', name: 'disconnect', code: 'a' }, { t: 'ack', from: 'x', to: 5, seq: 1 }])
      browser.postRaw(CHANNEL, junk);
    await settle();
    expect(statuses(tabs)).toEqual(['open', 'open', 'open']);
    expect(tabs.flatMap((tab) => tab.received)).toEqual([]);
    expect(server.last().sent).toEqual([]);
    expect(errors).not.toHaveBeenCalled();
  });

  it('without Web Locks or BroadcastChannel: shares within the provider, with one development warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server = createFakeServer();
    const module = crossTab({ locks: undefined, BroadcastChannel: undefined });
    // jsdom has BroadcastChannel but no navigator.locks.
    expect(module.supported).toBe(false);
    const handles: WebSocketHandle[] = [];
    function Client({ index }: { index: number }) {
      handles[index] = useWebSocket(URL_, { share: 'tabs' });
      return <p>{handles[index].status}</p>;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket} share={module}>
        <Client index={0} />
        <Client index={1} />
      </WebSocketProvider>,
    );
    await settle();
    act(() => void server.last().accept());
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(handles.map((handle) => handle.status)).toEqual(['open', 'open']);
    expect(warn.mock.calls.filter(([text]) => String(text).includes("share: 'tabs' needs Web Locks"))).toHaveLength(1);
  });

  it("share: 'tabs' under a provider that shares only within itself (sharedSockets) warns and shares within the provider", async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const server: FakeServer = createFakeServer();
    function Client() {
      useWebSocket(URL_, { share: 'tabs' });
      return null;
    }
    render(
      <WebSocketProvider WebSocket={server.WebSocket} share={sharedSockets()}>
        <Client />
        <Client />
      </WebSocketProvider>,
    );
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(warn.mock.calls.some(([text]) => String(text).includes('share={crossTab()}'))).toBe(true);
  });

  it('a follower shows the close the leader saw, with its decision', async () => {
    const { server, tabs } = await openAll(2);
    act(() => void server.last().serverClose(1008, 'policy'));
    await settle();
    expect(tabs[1]!.handle()).toMatchObject({ status: 'closed', lastClose: { code: 1008, reason: 'policy', action: 'never', willRetry: false, initiator: 'server' } });
  });
});
