// A follower tab's send() answers what the core's would: after the tab's own disconnect(),
// while the leader closes the one socket, a send is refused, never 'sent' into nowhere.
import { act } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { allSent, openTabs, settle } from './tabHarness';

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
