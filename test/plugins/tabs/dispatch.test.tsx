// One shared socket, many hooks in one tab: each hook's callbacks are called through the
// core's dispatch, so one that throws keeps the message from none of the others, in the
// leader's tab and in a follower's alike.
import { act, render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useWebSocket, WebSocketProvider, type LifelineError } from 'react-lifeline';
import { crossTab } from 'react-lifeline/tabs';
import { createFakeBrowser, createFakeServer } from 'react-lifeline/testing';
import { settle, URL_ } from './tabHarness';

function openTab(browser: ReturnType<typeof createFakeBrowser>, server: ReturnType<typeof createFakeServer>, index: number) {
  const received: unknown[][] = [[], [], []];
  const errors: LifelineError[] = [];
  function Hook({ slot, throws }: { slot: number; throws: boolean }) {
    useWebSocket(URL_, {
      share: 'tabs',
      onMessage: (message) => {
        received[slot]!.push(message);
        if (throws) throw new Error(`bug in hook ${slot}`);
      },
      onError: (error) => void (slot === 2 && errors.push(error)),
    });
    return null;
  }
  render(
    <WebSocketProvider WebSocket={server.WebSocket} share={crossTab(browser.tab(index))}>
      <Hook slot={0} throws={false} />
      <Hook slot={1} throws />
      <Hook slot={2} throws={false} />
    </WebSocketProvider>,
  );
  return { received, errors };
}

describe("share: 'tabs': one hook's onMessage that throws", () => {
  it('keeps the message from none of the later hooks of its tab, leader or follower, and is reported by name', async () => {
    const browser = createFakeBrowser();
    const server = createFakeServer();
    const leader = openTab(browser, server, 0);
    const follower = openTab(browser, server, 1);
    await settle();
    act(() => void server.last().accept());
    await settle();
    act(() => void server.last().message('one').message('two'));
    await settle();
    for (const tab of [leader, follower]) {
      expect(tab.received).toEqual([
        ['one', 'two'],
        ['one', 'two'],
        ['one', 'two'],
      ]);
      expect(tab.errors.filter((error) => error.code === 'callback-failed').map((error) => error.field)).toEqual(['onMessage', 'onMessage']);
    }
  });
});
