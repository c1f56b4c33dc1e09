// What the panel's actions do on a story's fake server: `respond` replies are counted and
// reported, a throwing `respond` is the server's bug, `close` is a close frame to open sockets
// only (never 1006), a stalled link carries nothing, an action is used as it was checked, and
// the Refuse handshakes toggle shows what the user set during a restart.
// Found by the adversarial reviews of the Storybook addon; each failed before its fix.
import { act, fireEvent, render, screen } from '@testing-library/react';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { describe, expect, it, vi } from 'vitest';
import { createStoryServer } from '../../src/storybook/createStoryServer';
import { LifelinePanelView } from '../../src/storybook/LifelinePanelView';
import { type LifelineAction } from '../../src/storybook/protocol';
import { installPreviewChannel, setup } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

describe("createStoryServer: the panel's actions on the fake server", () => {
  it('a reply from `respond` is counted AND reported through onChange (the last snapshot the panel got is the true one)', async () => {
    const { server, changes, probe, wait, flush } = setup({ respond: (data) => (data === 'hello' ? 'hi' : undefined) });
    await wait(150);
    act(() => void probe.handle().send('hello'));
    await flush();
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 1, received: 1 });
    expect(changes.at(-1)!.sockets[0]).toMatchObject({ sent: 1, received: 1 });
  });

  it("`close` is a close frame to every OPEN socket: a handshake under way is not refused by it (it opens as usual)", async () => {
    const { server, wait, status } = setup();
    await wait(50);
    act(() => server.act({ close: 4000 }));
    await wait(100);
    expect(server.snapshot().timeline.some((entry) => entry.kind === 'refused')).toBe(false);
    expect(status()).toBe('open');
  });

  it('a stalled socket answers nothing: a server message from the panel does not get through a half-open link', async () => {
    const { server, probe, wait } = setup();
    await wait(150);
    act(() => server.act({ stall: true }));
    act(() => server.act({ message: 'through the stall?' }));
    expect(probe.events).not.toContain('message through the stall?');
  });

  it('a `respond` that throws is the fake server’s bug, not a failed send: the app’s send answers "sent" and no error', async () => {
    const { server, probe, wait, flush } = setup({
      respond: () => {
        throw new Error('server bug');
      },
    });
    await wait(150);
    let result: string | undefined;
    act(() => void (result = probe.handle().send('x')));
    await flush();
    expect(result).toBe('sent');
    expect(probe.handle().error).toBeNull();
    expect(server.snapshot().sockets[0]).toMatchObject({ sent: 1 });
  });

  it('a close code that never travels in a close frame (1006) is not shown as a close frame from the server', async () => {
    const { server, wait } = setup();
    await wait(150);
    try {
      act(() => server.act({ close: 1006 }));
    } catch {
      // refusing it is fine too
    }
    const closed = server.snapshot().timeline.filter((entry) => entry.kind === 'closed');
    expect(closed.filter((entry) => entry.kind === 'closed' && entry.code === 1006 && entry.initiator === 'server')).toEqual([]);
  });

  it('an action is used as it was checked: a close that reads 4000 when checked is not sent as 1006', async () => {
    const { server, probe, wait } = setup();
    await wait(150);
    let reads = 0;
    const action = {
      get close() {
        reads += 1;
        return reads === 1 ? 4000 : 1006;
      },
    } as unknown as LifelineAction;
    try {
      act(() => server.act(action));
    } catch {
      // refusing it is fine too
    }
    expect(probe.events).not.toContain('close 1006');
    const closed = server.snapshot().timeline.filter((entry) => entry.kind === 'closed');
    expect(closed.filter((entry) => entry.kind === 'closed' && entry.code === 1006 && entry.initiator === 'server')).toEqual([]);
  });

  it('"Refuse handshakes" during a restart: the toggle shows what the user set (not pressed), and pressing it presses it', () => {
    vi.useFakeTimers();
    const server = createStoryServer({ storyId: 'story' });
    const ui = () => (
      <ThemeProvider theme={convert(themes.light)}>
        <LifelinePanelView snapshot={server.snapshot()} onAction={(action: LifelineAction) => server.act(action)} now={Date.now()} />
      </ThemeProvider>
    );
    const view = render(ui());
    act(() => server.act({ restart: 60_000 }));
    view.rerender(ui());
    const toggle = () => screen.getByRole('button', { name: 'Refuse handshakes' });
    // The restart is said in the status line; the toggle is the user's own setting.
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
    expect(screen.getByText(/restarting: handshakes refused for 60 s more/)).toBeTruthy();
    fireEvent.click(toggle());
    view.rerender(ui());
    expect(toggle().getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(toggle());
    view.rerender(ui());
    expect(toggle().getAttribute('aria-pressed')).toBe('false');
  });
});
