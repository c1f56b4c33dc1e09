import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { useWebSocket, type LifelineError } from '../src';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

const meta = { title: 'Guides/Sessions' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/**
 * Messages queued in one session never reach another: the demo's /slow server keeps each
 * handshake waiting 4 s, so what you send waits in the queue; switching rooms or disconnecting
 * ends the session, and the queued messages are discarded and reported, not delivered elsewhere.
 */
function RoomQueue() {
  const [rooms] = useState(() => ({ a: demoUrl('/slow?accept=4000&room=a'), b: demoUrl('/slow?accept=4000&room=b') }));
  const [room, setRoom] = useState<'a' | 'b'>('a');
  const [sent, setSent] = useState(0);
  const { entries, add, callbacks } = useTimeline();
  const socket = useWebSocket<string>(rooms[room], {
    ...callbacks,
    onMessage: (message) => add(`received ${message}`),
    onError: (error: LifelineError) => add(`onError ${error.code}${error.count === undefined ? '' : `, count ${error.count}`}`),
  });
  return (
    <section className="demo">
      <h2>Room {room.toUpperCase()}</h2>
      <p className="note">
        Each handshake takes 4 s. Send a few messages for this room while it connects, then switch rooms: they are discarded and
        reported (<code>queue-discarded</code> with a count), never sent to the other room. After a <code>disconnect()</code>, a{' '}
        <code>connect()</code> never sends what was queued before it.
      </p>
      <div className="row">
        <button
          type="button"
          onClick={() => {
            const text = `message ${sent + 1} for room ${room.toUpperCase()}`;
            setSent(sent + 1);
            add(`send("${text}") answered ${socket.send(text)}`);
          }}
        >
          Send to this room
        </button>
        <button type="button" onClick={() => setRoom(room === 'a' ? 'b' : 'a')}>
          Switch to room {room === 'a' ? 'B' : 'A'}
        </button>
        <button type="button" onClick={() => socket.disconnect()}>
          disconnect()
        </button>
        <button type="button" onClick={() => socket.connect()}>
          connect()
        </button>
      </div>
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

export const SessionQueue: Story = {
  name: 'Session queue: a room switch discards, never redirects',
  render: () => <RoomQueue />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.click(canvas.getByRole('button', { name: 'Send to this room' }));
    await userEvent.click(canvas.getByRole('button', { name: 'Send to this room' }));
    await waitFor(() => expect(canvas.getAllByText(/answered queued/)).toHaveLength(2));
    await userEvent.click(canvas.getByRole('button', { name: 'Switch to room B' }));
    await waitFor(() => expect(canvas.getByText(/onError queue-discarded, count 2/)).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    expect(canvas.queryByText(/received message/)).toBeNull();
  },
};
