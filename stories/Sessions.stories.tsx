import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { useWebSocket, type LifelineError } from '../src';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';
import { Scenario, buttonOf, expectScenarioIdle, runScenario, scenarioDone, textOf, type ScenarioStep } from './Scenario';

const meta = { title: 'Guides/Sessions' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Each handshake on the demo's /slow server takes this long, so what is sent meanwhile waits in the queue. */
const HANDSHAKE_MS = 6000;

const timelineText = (root: ParentNode) => root.querySelector('[aria-label="timeline"]')?.textContent ?? '';
const queuedCount = (root: ParentNode) => timelineText(root).match(/answered queued/g)?.length ?? 0;

function roomSteps(restart: (run: number) => void): ScenarioStep[] {
  const send = (number: number): ScenarioStep => ({
    label: (
      <>
        Press <strong>Send to this room</strong>{number === 2 ? ' again' : ''}: room A is still connecting, so <code>send()</code> answers{' '}
        <code>queued</code>.
      </>
    ),
    run: async ({ root, press, until }) => {
      await press(buttonOf(root, 'Send to this room'), 'Send to this room');
      await until(`${number} queued`, () => queuedCount(root) === number);
      return `${number} queued, status ${textOf(root, 'status')}`;
    },
  });
  return [
    {
      label: `Start over in room A: a fresh socket, whose handshake takes ${HANDSHAKE_MS / 1000} s.`,
      run: async ({ root, run, until }) => {
        restart(run);
        await until('room A connecting', () => root.querySelector(`[data-run="${run}"]`) !== null && textOf(root, 'status') === 'connecting');
      },
    },
    send(1),
    send(2),
    {
      label: (
        <>
          Press <strong>Switch to room B</strong>: room A's session ends, and its 2 queued messages are discarded and reported (
          <code>queue-discarded</code>, count 2).
        </>
      ),
      run: async ({ root, press, until }) => {
        await press(buttonOf(root, 'Switch to room B'), 'Switch to room B');
        await until('the discard to be reported', () => /onError queue-discarded, count 2/.test(timelineText(root)));
        return 'onError queue-discarded, count 2';
      },
    },
    {
      label: "Room B opens, and nothing sent for room A arrives there.",
      run: async ({ root, until }) => {
        await until('room B open', () => textOf(root, 'status') === 'open', HANDSHAKE_MS + 6000);
        if (/received message/.test(timelineText(root))) throw new Error('a message for room A arrived in room B');
        return 'room B open, nothing received';
      },
    },
  ];
}

/**
 * Messages queued in one session never reach another: the demo's /slow server keeps each
 * handshake waiting, so what you send waits in the queue; switching rooms or disconnecting
 * ends the session, and the queued messages are discarded and reported, not delivered elsewhere.
 */
function RoomQueueStory() {
  // A fresh pair of rooms (new demo-server ids) on every run of the scenario.
  const [run, setRun] = useState(0);
  const [steps] = useState(() => roomSteps(setRun));
  return (
    <section className="demo">
      <h2>Session queue</h2>
      <p className="note">
        Each handshake takes {HANDSHAKE_MS / 1000} s. Send a few messages for this room while it connects, then switch rooms: they are
        discarded and reported (<code>queue-discarded</code> with a count), never sent to the other room. After a{' '}
        <code>disconnect()</code>, a <code>connect()</code> never sends what was queued before it.
      </p>
      <Scenario caption="Queues two messages while room A connects, then switches to room B: they are discarded, not redirected." steps={steps} />
      <RoomQueue key={run} run={run} />
    </section>
  );
}

function RoomQueue({ run }: { run: number }) {
  const [rooms] = useState(() => ({ a: demoUrl(`/slow?accept=${HANDSHAKE_MS}&room=a`), b: demoUrl(`/slow?accept=${HANDSHAKE_MS}&room=b`) }));
  const [room, setRoom] = useState<'a' | 'b'>('a');
  const [sent, setSent] = useState(0);
  const { entries, add, callbacks } = useTimeline();
  const socket = useWebSocket<string>(rooms[room], {
    ...callbacks,
    onMessage: (message) => add(`received ${message}`),
    onError: (error: LifelineError) => add(`onError ${error.code}${error.count === undefined ? '' : `, count ${error.count}`}`),
  });
  return (
    <div className="stack" data-run={run}>
      <h3>Room {room.toUpperCase()}</h3>
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
    </div>
  );
}

export const SessionQueue: Story = {
  name: 'Session queue: a room switch discards, never redirects',
  render: () => <RoomQueueStory />,
  // What a viewer sees on opening the story: room A connecting, nothing sent, and a scenario that waits for its button.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('heading', { name: 'Room A' })).toBeInTheDocument();
    expect(canvas.queryByText(/answered/)).toBeNull();
    await expectScenarioIdle(canvasElement);
  },
};

// For the test runner only (a play also runs in the viewer): presses Run scenario, and checks each step's effect.
export const SessionQueueScenarioRun: Story = {
  name: 'Session queue: scenario run',
  tags: ['!dev'],
  render: () => <RoomQueueStory />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await runScenario(canvasElement);
    await waitFor(() => expect(canvas.getAllByText(/answered queued/)).toHaveLength(2), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText(/onError queue-discarded, count 2/)).toBeInTheDocument(), { timeout: 8000 });
    expect(canvas.getByRole('heading', { name: 'Room B' })).toBeInTheDocument();
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: HANDSHAKE_MS + 6000 });
    expect(canvas.queryByText(/received message/)).toBeNull();
    await scenarioDone(canvasElement);
  },
};
