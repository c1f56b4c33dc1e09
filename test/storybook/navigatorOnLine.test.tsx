// The page's network under story servers (offline / online from the panel): 'online' only when
// the network changed, and navigator.onLine given back once no story server needs it, also with
// two stories on one page. Found by the adversarial reviews of the Storybook addon.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { installPreviewChannel, setup } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe("createStoryServer: the page's network (navigator.onLine, the 'online' event)", () => {
  it("`online` while already online fires no 'online' event (a browser does not), so a scheduled retry keeps its wait", async () => {
    const { server, wait, status, probe } = setup({}, { hook: { policy: { initialDelayMs: 5000, jitter: 'none' } } });
    await wait(150);
    act(() => server.act({ drop: true }));
    expect(status()).toBe('reconnecting');
    expect(probe.handle().nextRetryAt).not.toBeNull();
    const heard: string[] = [];
    const listener = () => heard.push('online');
    window.addEventListener('online', listener);
    try {
      act(() => server.act({ online: true }));
      // The retry was due in 5 s; nothing changed in the network, so no new socket yet.
      expect(server.snapshot().sockets).toHaveLength(1);
      expect(heard).toEqual([]);
    } finally {
      window.removeEventListener('online', listener);
      server.dispose();
    }
  });

  it('after offline, online, dispose: navigator.onLine is the browser’s own again (no getter of the disposed server left on it)', async () => {
    const { server, wait, view } = setup();
    await wait(150);
    act(() => server.act({ offline: true }));
    act(() => server.act({ online: true }));
    view.unmount();
    server.dispose();
    expect(Object.getOwnPropertyDescriptor(navigator, 'onLine')).toBeUndefined();
    // The browser goes offline later: the page must see it.
    const proto = Object.getPrototypeOf(navigator) as object;
    const original = Object.getOwnPropertyDescriptor(proto, 'onLine')!;
    Object.defineProperty(proto, 'onLine', { configurable: true, get: () => false });
    try {
      expect(navigator.onLine).toBe(false);
    } finally {
      Object.defineProperty(proto, 'onLine', original);
    }
  });

  it("one story's server disposing does not take another story's offline away (navigator.onLine, the 'online' event)", () => {
    const a = createStoryServer({ storyId: 'a' });
    const b = createStoryServer({ storyId: 'b' });
    a.act({ offline: true });
    b.act({ offline: true });
    const heard: string[] = [];
    const listener = (event: Event) => heard.push(event.type);
    window.addEventListener('online', listener);
    try {
      a.dispose();
      // B still says offline: the page must too.
      expect(b.snapshot().online).toBe(false);
      expect(navigator.onLine).toBe(false);
      expect(heard).toEqual([]);
    } finally {
      window.removeEventListener('online', listener);
      b.dispose();
    }
  });

  it('once every story server is disposed, navigator.onLine is given back (no disposed server left on it)', () => {
    const a = createStoryServer({ storyId: 'a' });
    const b = createStoryServer({ storyId: 'b' });
    a.act({ offline: true });
    b.act({ offline: true });
    a.dispose();
    b.dispose();
    expect(navigator.onLine).toBe(true);
    // Observed: a's getter (and with it the disposed server a) stays on navigator for good.
    expect(Object.getOwnPropertyDescriptor(navigator, 'onLine')).toBeUndefined();
  });
});
