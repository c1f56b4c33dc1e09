// share: 'tabs': the leader's state.plugins travel to the other tabs (WireState.plugins). What a
// plug-in annotates is `unknown`: one value the channel cannot clone must not stop the rest of the state.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Plugin } from '../../../src/core';
import { openTabs, settle } from './tabHarness';

afterEach(() => void vi.restoreAllMocks());

/** A plug-in of the app's that shows a callback in the state (legal: `annotate(value: unknown)`). */
const withCallback: Plugin = {
  name: 'presence',
  setup: (api) => ({
    open: () => void api.annotate({ online: true, refresh: () => api.send('presence') }),
  }),
};

describe("share: 'tabs': the state other tabs see while a plug-in annotates what cannot be cloned", () => {
  it('a follower still follows the leader: open, then reconnecting after the server restarts', async () => {
    const { server, tabs } = await openTabs(2, { extra: () => ({ plugins: [withCallback] }) });
    expect(tabs[0]!.handle().status).toBe('open');
    expect(tabs[1]!.handle().status).toBe('open');
    act(() => void server.last().serverClose(1012, 'restart'));
    await settle();
    expect(tabs[0]!.handle().status).toBe('reconnecting');
    expect(tabs[1]!.handle().status).toBe('reconnecting');
    expect(tabs[1]!.handle().lastClose?.code).toBe(1012);
  });
});
