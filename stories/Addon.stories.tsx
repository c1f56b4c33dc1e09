import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState, type ComponentProps } from 'react';
import { addons } from 'storybook/preview-api';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, useWebSocket, type UseWebSocketOptions } from '../src';
import { heartbeat } from '../src/plugins/heartbeat';
import { describeEntry, EVENTS, type LifelineAction, type LifelineParameters, type LifelineSnapshot } from '../src/storybook';
import { WhatComesWhen } from './closeCodeDemos';
import { expectAccessible } from './expectAccessible';

/**
 * The addon's own stories: a component that knows nothing of Storybook, on the addon's fake
 * server. Open the **Sockets** panel below the canvas to close, drop, restart or stall it.
 */
function Chat({ options, hint, when }: { options?: UseWebSocketOptions<unknown>; hint: string; when?: ComponentProps<typeof WhatComesWhen>['steps'] }) {
  const [lines, setLines] = useState<string[]>([]);
  const socket = useWebSocket('ws://127.0.0.1:4000/chat?token=secret', {
    ...options,
    onMessage: (message) => setLines((before) => [...before.slice(-4), String(message)]),
  });
  return (
    <div className="demo">
      <p className="callout">{hint}</p>
      {when && <WhatComesWhen steps={when} />}
      <p>
        Status: <strong data-testid="status">{socket.status}</strong>
        {!socket.online && (
          <>
            {' '}
            · <strong data-testid="network">offline</strong>: no attempt until the network is back
          </>
        )}
      </p>
      <CloseBanner socket={socket} />
      <div className="row">
        <button type="button" onClick={() => socket.send(`hello ${lines.length + 1}`)}>
          Send “hello”
        </button>
      </div>
      <ul aria-label="Messages from the server">
        {lines.map((line, index) => (
          <li key={index}>{line}</li>
        ))}
      </ul>
      <SocketLog />
    </div>
  );
}

/** The panel's timeline, in the canvas too: the same snapshots, heard on Storybook's channel. */
function SocketLog() {
  const [snapshot, setSnapshot] = useState<LifelineSnapshot | null>(null);
  useEffect(() => {
    const channel = addons.getChannel();
    channel.on(EVENTS.snapshot, setSnapshot);
    channel.emit(EVENTS.request);
    return () => channel.off(EVENTS.snapshot, setSnapshot);
  }, []);
  const lines = snapshot?.timeline.slice(-6) ?? [];
  // Offline now: a retry decided since the page went offline waits for the network.
  const offlineSince = snapshot && !snapshot.online ? Math.max(...snapshot.timeline.filter((entry) => entry.kind === 'action' && 'offline' in entry.action).map((entry) => entry.at)) : Infinity;
  return (
    <section aria-label="Socket timeline" className="facts">
      <h3>Socket timeline: the client&apos;s sockets and the server&apos;s actions (the panel shows all of it)</h3>
      <ol>
        {lines.map((entry, index) => (
          <li key={`${entry.at}-${index}`}>{describeEntry(entry, entry.at, entry.at >= offlineSince)}</li>
        ))}
      </ol>
    </section>
  );
}

const echo: LifelineParameters = { server: 'fake', respond: (data) => `echo: ${String(data)}` };

const meta = {
  title: 'Addon',
  parameters: {
    lifeline: echo,
    docs: {
      description: {
        component:
          "`react-lifeline/storybook` wraps every story in a provider whose sockets go to a server you drive from the **Sockets** panel: close with any code, drop, restart, refuse, go offline, stall, send. Add `'react-lifeline/storybook'` to `addons` in `.storybook/main`; see the README.",
      },
    },
  },
} satisfies Meta;
export default meta;
type Story = StoryObj;

const emit = (action: LifelineAction) => addons.getChannel().emit(EVENTS.action, action);
const log = (canvas: ReturnType<typeof within>) => within(canvas.getByRole('region', { name: 'Socket timeline' }));

/** Nothing happens here by itself: the panel does it. */
export const DriveAnyStory: Story = {
  name: 'Drive any story',
  render: () => <Chat hint="Open the Sockets panel (beside or below the canvas) and press Close with 1008, Drop, or Restart: the banner and this timeline follow." />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'));
    await waitFor(() => expect(log(canvas).getByText('#1 open')).toBeVisible());
  },
};

/** Under the test runner only: what the panel's buttons send, sent through Storybook's channel. */
export const PanelCloses1008: Story = {
  name: 'Panel: close 1008 (test)',
  tags: ['!dev'],
  render: DriveAnyStory.render!,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'));
    emit({ close: 1008, reason: 'bad token' });
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('The server refused the connection'));
    await expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    await waitFor(() => expect(log(canvas).getByText('#1 closed 1008 Policy Violation by the server: “bad token”')).toBeVisible());
    await expect(log(canvas).getByText('1008: no retry')).toBeVisible();
    await expectAccessible(canvasElement);
  },
};

export const PanelMessageAndDrop: Story = {
  name: 'Panel: message, then drop (test)',
  tags: ['!dev'],
  render: DriveAnyStory.render!,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'));
    emit({ message: 'hi from the panel' });
    await waitFor(() => expect(canvas.getByRole('list', { name: 'Messages from the server' })).toHaveTextContent('hi from the panel'));
    emit({ drop: true });
    await waitFor(() => expect(log(canvas).getByText('#1 closed 1006 Abnormal Closure by the network')).toBeVisible());
    // The default policy retries a drop within a second, inside the banner's grace: the user sees nothing, the timeline sees it all.
    await waitFor(() => expect(log(canvas).getByText('#2 open')).toBeVisible(), { timeout: 5000 });
    await expect(canvas.getByTestId('status')).toHaveTextContent('open');
  },
};

/** A scenario in the story's parameters: the state shows without a click. */
export const ScenarioRestart: Story = {
  name: 'Scenario: server restart (1012)',
  parameters: { lifeline: { ...echo, scenario: [{ wait: 1500 }, { restart: 8000 }] } satisfies LifelineParameters },
  render: () => (
    <Chat
      hint="parameters.lifeline.scenario: open, wait 1.5 s, restart the server (1012) and stay down 8 s. The banner counts down to the retry; the handshakes during the restart are refused."
      options={{ policy: { codes: { 1012: { delayMs: 3000 } } } }}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(log(canvas).getByText('Scenario: restart the server (1012), accepting again after 8 s')).toBeVisible(), { timeout: 5000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/The server is restarting.*Reconnecting in \d/), { timeout: 5000 });
    await expectAccessible(canvasElement);
  },
};

export const ScenarioStall: Story = {
  name: 'Scenario: heartbeat stall (3008)',
  parameters: {
    lifeline: { server: 'fake', respond: (data) => (data === 'ping' ? 'pong' : undefined), scenario: [{ wait: 1500 }, { stall: true }] } satisfies LifelineParameters,
  },
  render: () => (
    <Chat
      hint="The server answers each ping with pong, then stalls after 1.5 s: no pong within 1 s and the client closes with 3008, then reconnects to a server that answers again."
      options={{ plugins: [heartbeat({ message: 'ping', intervalMs: 1000, timeoutMs: 1000, isPong: (data) => data === 'pong' })] }}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(log(canvas).getByText(/closed 3008 Timeout by the client/)).toBeVisible(), { timeout: 8000 });
    await waitFor(() => expect(log(canvas).getByText('#2 open')).toBeVisible(), { timeout: 8000 });
  },
};

export const ScenarioRefused: Story = {
  name: 'Scenario: refused handshakes, then give up',
  parameters: { lifeline: { ...echo, scenario: [{ wait: 1000 }, { refuse: true }, { drop: true }] } satisfies LifelineParameters },
  render: () => (
    <Chat
      hint="After 1 s the connection drops and every handshake is refused (a 401, a 503, nothing listening): three attempts, then the policy gives up and the banner offers Reconnect."
      options={{ policy: { maxAttempts: 3, initialDelayMs: 500, maxDelayMs: 1000, jitter: 'none' } }}
      when={[
        [1000, 'the connection drops (1006); the first retry comes 0.5 s later and is refused'],
        [2500, 'past the banner’s 1.5 s grace, it counts down to the next retry (retries at about 1.5, 2.5 and 3.5 s, each refused)'],
        [3500, 'the third refusal: the policy gives up, the alert offers Reconnect'],
      ]}
    />
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('failed'), { timeout: 10_000 });
    await expect(log(canvas).getByText('#4 handshake refused')).toBeVisible();
    await expect(within(canvas.getByRole('alert')).getByRole('button', { name: 'Reconnect' })).toBeVisible();
    await expectAccessible(canvasElement);
  },
};

export const ScenarioOffline: Story = {
  name: 'Scenario: offline',
  parameters: { lifeline: { ...echo, scenario: [{ wait: 1000 }, { offline: true }] } satisfies LifelineParameters },
  render: () => <Chat hint="After 1 s the browser goes offline (navigator.onLine and the offline event): no retries until it comes back. Go online from the panel." />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(log(canvas).getByText('Scenario: go offline')).toBeVisible(), { timeout: 5000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('You are offline'), { timeout: 5000 });
    // Beside "You are offline": the status says it waits for the network, and so does the timeline's decision.
    expect(canvas.getByTestId('network')).toHaveTextContent('offline');
    await waitFor(() => expect(log(canvas).getByText(/1006: retry once the network is back/)).toBeVisible(), { timeout: 5000 });
    expect(log(canvas).queryByText(/1006: retry in/)).toBeNull();
    await expectAccessible(canvasElement);
  },
};
