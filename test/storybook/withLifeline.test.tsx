import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, useContext } from 'react';
import { describe, expect, it, vi } from 'vitest';
import { CloseBanner } from '../../src/react/CloseBanner';
import { LifelineContext } from '../../src/react/LifelineContext';
import { useWebSocket } from '../../src/react/useWebSocket';
import { EVENTS, type LifelineParameters } from '../../src/storybook/protocol';
import { withLifeline } from '../../src/storybook/withLifeline';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { channel, installPreviewChannel, snapshots } from './addonHarness';

installPreviewChannel();

function Chat() {
  const socket = useWebSocket('ws://127.0.0.1:1/chat');
  return (
    <>
      <p data-testid="status">{socket.status}</p>
      <CloseBanner socket={socket} />
    </>
  );
}

const renderStory = (parameters?: LifelineParameters, id = 'chat--default') => {
  vi.useFakeTimers();
  return render(<StrictMode>{withLifeline(Chat, { id, parameters: parameters === undefined ? {} : { lifeline: parameters } })}</StrictMode>);
};
const flush = () => act(async () => {});
const latest = () => snapshots.at(-1)!;

describe('withLifeline: the decorator the panel talks to', () => {
  it('wraps the story in a provider on a fake server, and sends the snapshot over the channel (StrictMode: one socket, one server)', async () => {
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    expect(screen.getByTestId('status').textContent).toBe('open');
    expect(latest()).toMatchObject({ storyId: 'chat--default', mode: 'fake', sockets: [{ id: 1, phase: 'open' }] });
  });

  it("the panel's close 1008 over the channel shows the alert, and the timeline says so", async () => {
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    act(() => channel.emit(EVENTS.action, { close: 1008, reason: 'bad token' }));
    await flush();
    expect(screen.getByRole('alert')).toBeTruthy();
    expect(latest().timeline.map((entry) => entry.kind)).toEqual(['connecting', 'open', 'action', 'closed', 'decision']);
  });

  it('a malformed action from the channel is reported on the console and changes nothing', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    const before = latest();
    act(() => channel.emit(EVENTS.action, { close: 99 }));
    await flush();
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ name: 'RangeError' }));
    expect(latest()).toEqual(before);
    expect(screen.getByTestId('status').textContent).toBe('open');
  });

  it('answers a request with the snapshot at once (a panel opened late)', async () => {
    renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    const count = snapshots.length;
    act(() => channel.emit(EVENTS.request));
    expect(snapshots.length).toBe(count + 1);
  });

  it('plays the story parameters: a scenario, without a click', async () => {
    renderStory({ scenario: [{ wait: 1000 }, { close: 1012 }] });
    await act(() => vi.advanceTimersByTimeAsync(150 + 1000));
    expect(screen.getByTestId('status').textContent).toBe('reconnecting');
    expect(latest().timeline.find((entry) => entry.kind === 'action')).toMatchObject({ from: 'scenario' });
  });

  it('stops listening when the story unmounts, and closes what is left', async () => {
    const { unmount } = renderStory();
    await act(() => vi.advanceTimersByTimeAsync(150));
    unmount();
    await flush();
    const count = snapshots.length;
    act(() => channel.emit(EVENTS.action, { drop: true }));
    act(() => channel.emit(EVENTS.request));
    await flush();
    expect(snapshots.length).toBe(count);
    expect(channel.listeners(EVENTS.action) ?? []).toHaveLength(0);
  });

  it("server: 'real' passes the story's socket through to its own server (a real ws server on 127.0.0.1)", async () => {
    const real = await startRecordingServer();
    function Real() {
      const socket = useWebSocket(`${real.url}/story`);
      return <p data-testid="status">{socket.status}</p>;
    }
    const { unmount } = render(withLifeline(Real, { id: 'real--default', parameters: { lifeline: { server: 'real' } } }));
    try {
      const connection = await real.connection(1);
      expect(connection.path).toBe('/story');
      await waitFor(() => expect(screen.getByTestId('status').textContent).toBe('open'));
      expect(latest()).toMatchObject({ mode: 'real', sockets: [{ id: 1, phase: 'open' }] });
    } finally {
      unmount();
      await real.stop();
    }
  });

  it('lifeline.disable renders the story as it is, with no provider', () => {
    let config: unknown = 'unread';
    function Probe() {
      config = useContext(LifelineContext);
      return null;
    }
    render(withLifeline(Probe, { id: 'x', parameters: { lifeline: { disable: true } } }));
    expect(config).toBeNull();
  });
});
