// withLifeline around a story, beyond withLifeline.test.tsx: every snapshot reaches the preview
// channel (a listener that acts at once or throws loses none), a story that unmounts while its
// socket connects says nothing, and a story without sockets shows no toolbar button.
// Found by the adversarial reviews of the Storybook addon.
import { act, render } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { EVENTS } from '../../src/storybook/protocol';
import { withLifeline } from '../../src/storybook/withLifeline';
import { LifelineTool } from '../../src/storybook/LifelineTool';
import { catchMicrotaskErrors, channel, installPreviewChannel, manager, renderStory, snapshots } from './addonHarness';

installPreviewChannel();

describe('withLifeline around a story', () => {
  it('a snapshot caused while the last one is being emitted is not lost (a channel listener that acts at once)', async () => {
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    let reacted = false;
    channel.on(EVENTS.snapshot, () => {
      if (reacted) return;
      reacted = true;
      channel.emit(EVENTS.action, { message: 'hello' });
    });
    act(() => channel.emit(EVENTS.action, { refuse: true }));
    await act(async () => {});
    await act(async () => {});
    const last = snapshots.at(-1)!;
    expect(last.timeline.at(-1)).toMatchObject({ kind: 'action', action: { message: 'hello' } });
    expect(last.sockets[0]).toMatchObject({ received: 1 });
  });

  it('a channel listener that throws once does not stop every later snapshot', async () => {
    const errors = catchMicrotaskErrors();
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    let thrown = false;
    channel.on(EVENTS.snapshot, () => {
      if (thrown) return;
      thrown = true;
      throw new Error('a listener that throws once');
    });
    act(() => channel.emit(EVENTS.action, { message: 'one' }));
    await act(async () => {});
    expect(errors).toHaveLength(1);
    const count = snapshots.length;
    act(() => channel.emit(EVENTS.action, { message: 'two' }));
    await act(async () => {});
    expect(snapshots.length).toBeGreaterThan(count);
    expect(snapshots.at(-1)!.timeline.at(-1)).toMatchObject({ kind: 'action', action: { message: 'two' } });
  });

  it('a story that unmounts while its socket is still connecting logs no 1006 warning (nothing happened to the app)', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const { unmount } = renderStory({}, { strict: false });
    await act(() => vi.advanceTimersByTimeAsync(50));
    unmount();
    await act(async () => {});
    await act(() => vi.advanceTimersByTimeAsync(60_000));
    expect(warn).not.toHaveBeenCalled();
  });
});

describe('the toolbar button with what the preview sends', () => {
  it('a story that opens no socket (every story has the decorator) shows no toolbar button', async () => {
    function NoSockets() {
      return <p>static</p>;
    }
    render(withLifeline(NoSockets, { id: 'static--default', parameters: {} }));
    await act(async () => {});
    const sent = snapshots.at(-1);
    expect(sent).toBeDefined();
    // The manager: the same snapshot, through its channel.
    const { wrap, send } = manager('static--default');
    const { container } = render(wrap(<LifelineTool />));
    send(sent!);
    expect(container.textContent).toBe('');
  });
});
