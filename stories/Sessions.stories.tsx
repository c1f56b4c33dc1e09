import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, graphqlWsReady, useWebSocket, type LifelineError } from '../src';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

const meta = { title: 'Sessions and readiness' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const SUBSCRIBE = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } });
const INIT = JSON.stringify({ type: 'connection_init', payload: { token: 'ok' } });

/**
 * A graphql-ws style server (the demo's /handshake): connection_init first, the ack 1.5 s later,
 * and anything sent before the ack is refused with 4401. The component subscribes on mount,
 * as apps do, before the socket is even open.
 */
function Handshake({ ready }: { ready: boolean }) {
  const [url] = useState(() => demoUrl('/handshake?ack=1500'));
  const { entries, add, callbacks } = useTimeline();
  const socket = useWebSocket<string>(url, {
    ...callbacks,
    ready: ready ? graphqlWsReady({ token: 'ok' }) : undefined,
    // Without a readiness step the app can only send its init on open, and the queue follows at once.
    onOpen: () => {
      callbacks.onOpen();
      if (!ready) add(`onOpen: send(connection_init) answered ${socket.send(INIT)}`);
    },
    onMessage: (message) => add(`received ${message}`),
  });
  const waitingForAck = ready && socket.status === 'connecting' && socket.readyState === 1;
  useEffect(() => {
    if (waitingForAck) add('socket open, connection_init sent: still connecting until connection_ack');
  }, [waitingForAck, add]);
  useEffect(() => {
    add(`on mount: send(subscribe) answered ${socket.send(SUBSCRIBE)}`);
    // Once, on mount, like an app's subscription.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section className="demo">
      <h2>{ready ? 'With a readiness step (ready)' : 'Without a readiness step'}</h2>
      <p className="note">
        {ready
          ? 'ready: graphqlWsReady({ token }) sends connection_init at once and counts the socket as open only on connection_ack: the subscribe queued on mount waits for it, and the server answers it.'
          : 'The socket counts as open when the TCP handshake completes: the queued subscribe goes out right behind the init, before the ack, and the server refuses the connection (4401).'}
      </p>
      <CloseBanner socket={socket} graceMs={0} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

export const WithReadinessStep: Story = {
  name: 'Readiness step: open only on connection_ack',
  render: () => <Handshake ready />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText(/on mount: send\(subscribe\) answered queued/)).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText(/still connecting until connection_ack/)).toBeInTheDocument(), { timeout: 8000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('connecting');
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText(new RegExp(`received .*"type":"subscribe"`))).toBeInTheDocument(), { timeout: 8000 });
    expect(canvas.getByTestId('last-close')).toHaveTextContent('—');
  },
};

export const WithoutReadinessStep: Story = {
  name: 'Without it: the queued subscribe overtakes the ack (4401)',
  render: () => <Handshake ready={false} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4401'), { timeout: 8000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
  },
};

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
