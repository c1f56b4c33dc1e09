// Tabs for the tests of one socket for all tabs: each a provider with its own crossTab module
// over the fake browser, a per-tab network (online, back/forward cache restore), channels that
// can be frozen, and a Client that can be hidden and shown again.
import { act, render } from '@testing-library/react';
import { useState, type ReactNode } from 'react';
import { WebSocketProvider } from '../../../src/react/WebSocketProvider';
import { useWebSocket, type UseWebSocketOptions, type WebSocketHandle } from '../../../src/react/useWebSocket';
import { createFakeServer, type FakeServer } from '../../../src/testing/createFakeServer';
import { crossTab, type CrossTab } from '../../../src/plugins/tabs';
import type { NetworkSource, ReconnectPolicyOptions } from '../../../src/core';
import type { ChannelLike } from '../../../src/plugins/tabs';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { turns } from '../../helpers/turns';

export const URL_ = 'ws://127.0.0.1:9/feed';
export const CHANNEL = 'react-lifeline ws://127.0.0.1:9/feed ';

// Every delivery and lock grant scheduled so far, and those they schedule, have run.
export const settle = () => act(() => turns());
export const wait = (ms: number) => act(() => new Promise((resolve) => setTimeout(resolve, ms)));

/** Waits until `check()` holds (an event, not a time): on a busy machine it only comes later. Fails after `timeoutMs`. */
export async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`until: still false after ${timeoutMs} ms: ${check.toString()}`);
    await wait(10);
  }
}

export type Net = NetworkSource & { set(online: boolean): void; restore(): void };
export const testNetwork = (): Net => {
  let online = true;
  const listeners = new Set<(online: boolean) => void>();
  const restores = new Set<() => void>();
  return {
    isOnline: () => online,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    subscribePageRestore(listener) {
      restores.add(listener);
      return () => void restores.delete(listener);
    },
    set(next) {
      online = next;
      for (const listener of [...listeners]) listener(next);
    },
    restore() {
      for (const listener of [...restores]) listener();
    },
  };
};

export interface Tab {
  index: number;
  module: CrossTab;
  network: Net;
  handle: () => WebSocketHandle<unknown>;
  received: unknown[];
  errors: string[];
  closes: number[];
  opens: number;
  channels: Array<ChannelLike & { frozen?: boolean }>;
  setShown: (shown: boolean) => void;
  unmount: () => void;
}

export type Browser = ReturnType<typeof createFakeBrowser>;

export interface MountOptions {
  extra?: (tab: Tab) => UseWebSocketOptions;
  policy?: ReconnectPolicyOptions;
  WebSocket?: FakeServer['WebSocket'];
}

export function mountTab(browser: Browser, server: FakeServer, index: number, options: MountOptions | MountOptions['extra'] = {}) {
  const { extra = () => ({}), policy, WebSocket } = typeof options === 'function' ? { extra: options } : options;
  const network = testNetwork();
  const channels: Tab['channels'] = [];
  const base = browser.tab(index);
  class Recorded extends base.BroadcastChannel {
    frozen = false;
    #handler: ((event: MessageEvent) => void) | null = null;
    constructor(name: string) {
      super(name);
      channels.push(this);
      Object.defineProperty(this, 'onmessage', {
        get: () => this.#handler,
        set: (handler) => {
          this.#handler = handler && ((event: MessageEvent) => (this.frozen ? undefined : handler(event)));
        },
      });
    }
  }
  const module = crossTab({ locks: base.locks, BroadcastChannel: Recorded, network });
  let current: WebSocketHandle<unknown> | undefined;
  const tab: Tab = { index, module, network, handle: () => current!, received: [], errors: [], closes: [], opens: 0, channels, setShown: () => {}, unmount: () => {} };
  function Client() {
    current = useWebSocket(URL_, {
      share: 'tabs',
      onMessage: (message) => void tab.received.push(message),
      onError: (error) => void tab.errors.push(error.code),
      onClose: (close) => void tab.closes.push(close.code),
      onOpen: () => void (tab.opens += 1),
      ...extra(tab),
    });
    return <p>{`${current.status} ${String(current.online)} ${current.error?.code ?? ''} ${current.lastClose?.code ?? ''} ${current.attempt} ${current.nextRetryAt ?? ''}`}</p>;
  }
  function Shell({ children }: { children: ReactNode }) {
    const [shown, setShown] = useState(true);
    tab.setShown = (next) => act(() => setShown(next));
    return shown ? children : null;
  }
  tab.unmount = render(
    <WebSocketProvider WebSocket={WebSocket ?? server.WebSocket} share={module} policy={policy}>
      <Shell>
        <Client />
      </Shell>
    </WebSocketProvider>,
  ).unmount;
  return tab;
}

export async function openTabs(count: number, options?: MountOptions | MountOptions['extra']) {
  const browser = createFakeBrowser();
  const server = createFakeServer();
  const tabs: Tab[] = [];
  for (let index = 0; index < count; index += 1) tabs.push(mountTab(browser, server, index, options));
  await settle();
  act(() => void server.last().accept());
  await settle();
  return { browser, server, tabs };
}

export const allSent = (server: FakeServer) => server.sockets.flatMap((socket) => socket.sent as string[]);
