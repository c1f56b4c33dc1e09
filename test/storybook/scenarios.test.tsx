// A story's scenario (parameters.lifeline.scenario) on the fake server: the app hears open before
// the first step, a scenario plays once however many sockets open together, and a wait no timer
// can hold is refused up front. Found by the adversarial reviews of the Storybook addon.
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { installPreviewChannel, makeProbe, setup } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe('createStoryServer: scenarios', () => {
  it('a scenario whose first step is an action: the app hears open before anything the scenario does', async () => {
    const { probe, wait } = setup({ scenario: [{ message: 'welcome' }] });
    await wait(150);
    expect(probe.events).toEqual(['open', 'message welcome']);
  });

  it('a scenario that closes at once: the app still saw its socket open first', async () => {
    const { probe, wait } = setup({ scenario: [{ close: 4000, reason: 'bye' }] });
    await wait(150);
    expect(probe.events.slice(0, 2)).toEqual(['open', 'close 4000']);
  });

  it('a scenario wait longer than a timer can hold (2^31 ms) is a RangeError naming the step, not a close that comes at once', () => {
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 }, { close: 4000 }], acceptAfterMs: 0 })).toThrow(RangeError);
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 }] })).toThrow(/lifeline\.scenario\[0\] waits 2147483648/);
    expect(() => createStoryServer({ scenario: [{ wait: 2 ** 31 - 1 }] })).not.toThrow();
  });

  it('two sockets that open in the same task play the scenario once, not once per socket', async () => {
    vi.useFakeTimers();
    const server = createStoryServer({ storyId: 'story', scenario: [{ message: 'welcome' }] });
    const first = makeProbe();
    const second = makeProbe();
    render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <first.Component url="ws://127.0.0.1:1/a" />
        <second.Component url="ws://127.0.0.1:1/b" />
      </WebSocketProvider>,
    );
    act(() => vi.advanceTimersByTime(150));
    await act(async () => {});
    expect(first.events).toEqual(['open', 'message welcome']);
    expect(second.events).toEqual(['open', 'message welcome']);
    expect(server.snapshot().timeline.filter((entry) => entry.kind === 'action')).toHaveLength(1);
  });
});
