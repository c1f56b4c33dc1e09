// share: 'tabs': a tab that takes over while a re-authentication was due, under way or paused
// offline runs its own reauthenticate before it reconnects.
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeServer } from '../../../src/testing/createFakeServer';
import { createFakeBrowser } from '../../../src/testing/createFakeBrowser';
import { settle, wait, mountTab } from './tabHarness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs': a tab that takes over re-authenticates before it reconnects", () => {
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
});
