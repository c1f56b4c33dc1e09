// share: 'tabs': connect() and disconnect() from any tab are commands the leader carries out as
// the core would (also in a tab that took over), and a malformed command is ignored.
// Found by the adversarial reviews of one socket for all tabs (#13); each test failed for a
// contract violation on the commit its review looked at (64800c5, 5abbbe1 or a25da29).
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { settle, openTabs } from './tabHarness';

afterEach(() => {
  vi.restoreAllMocks();
});

describe("share: 'tabs': connect() and disconnect() from any tab", () => {
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
});
