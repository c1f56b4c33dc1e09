// share: 'tabs' and the devtools' "Simulate close": every tab shows the button (its status is open),
// so a follower's simulateClose must reach the socket, which the leader holds.
import { act } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { connectionOf } from '../../../src/react/connectionOf';
import { openTabs, settle } from './tabHarness';

afterEach(() => void vi.restoreAllMocks());

describe("share: 'tabs': simulateClose() from any tab", () => {
  it('a follower tab simulating a close closes the shared socket as if the server had, in every tab', async () => {
    const { tabs } = await openTabs(2);
    const follower = connectionOf(tabs[1]!.handle())!;
    expect(follower.stats?.().role).not.toBe('leading');
    expect(follower.simulateClose).toBeTypeOf('function'); // the devtools offer the button here
    act(() => follower.simulateClose!(1012, 'restart'));
    await settle();
    expect(tabs.map((tab) => tab.closes)).toEqual([[1012], [1012]]);
  });
});
