import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket, type ReconnectPolicyOptions } from '../src';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

const meta = { title: 'Policy' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function Victim({ path, policy }: { path: string; policy?: ReconnectPolicyOptions }) {
  const [url] = useState(() => demoUrl(path));
  const { entries, add, callbacks } = useTimeline();
  const socket = useWebSocket(url, {
    ...callbacks,
    policy,
    onClose: (close) => {
      callbacks.onClose(close);
      if (close.retryAt !== null) add(`  next attempt in ${Math.round((close.retryAt - close.at) / 100) / 10} s`);
    },
  });
  return (
    <>
      <CloseBanner socket={socket} graceMs={0} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </>
  );
}

function Playground() {
  const [initialDelayMs, setInitial] = useState(250);
  const [maxDelayMs, setMax] = useState(4000);
  const [maxAttempts, setMaxAttempts] = useState(6);
  const [jitter, setJitter] = useState<'full' | 'equal' | 'none'>('full');
  const [run, setRun] = useState(0);
  return (
    <section className="demo">
      <h2>Policy playground</h2>
      <p className="note">
        The server drops every connection (1006) a moment after it opens. The provider's policy decides each wait; the timeline shows
        every attempt. 4001 is mapped to <code>'never'</code> through the provider's <code>codes</code>.
      </p>
      <div className="row">
        <label>
          initialDelayMs <input type="number" value={initialDelayMs} onChange={(event) => setInitial(Number(event.target.value))} />
        </label>
        <label>
          maxDelayMs <input type="number" value={maxDelayMs} onChange={(event) => setMax(Number(event.target.value))} />
        </label>
        <label>
          maxAttempts <input type="number" value={maxAttempts} onChange={(event) => setMaxAttempts(Number(event.target.value))} />
        </label>
        <label>
          jitter
          <select value={jitter} onChange={(event) => setJitter(event.target.value as typeof jitter)}>
            <option>full</option>
            <option>equal</option>
            <option>none</option>
          </select>
        </label>
        <button type="button" onClick={() => setRun((n) => n + 1)}>
          Start over
        </button>
      </div>
      <WebSocketProvider policy={{ initialDelayMs, maxDelayMs, maxAttempts, jitter, stableAfterMs: 60_000, codes: { 4001: 'never' } }}>
        <Victim key={run} path="/drop?after=150" />
      </WebSocketProvider>
    </section>
  );
}

export const Playground_: Story = {
  name: 'Playground',
  render: () => <Playground />,
  // Watches only: the inputs keep the values a person opening the story sees.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 1006[\s\S]*next attempt in[\s\S]*open[\s\S]*close 1006/), { timeout: 8000 });
    expect(canvas.getByLabelText('maxAttempts')).toHaveValue(6);
  },
};

// For the test runner only: types into the playground, and checks the waits it then makes.
export const PlaygroundDriven: Story = {
  name: 'Playground: maxAttempts 3, no jitter',
  tags: ['!dev'],
  render: () => <Playground />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await userEvent.clear(canvas.getByLabelText('maxAttempts'));
    await userEvent.type(canvas.getByLabelText('maxAttempts'), '3');
    await userEvent.selectOptions(canvas.getByLabelText('jitter'), 'none');
    await userEvent.click(canvas.getByRole('button', { name: 'Start over' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('failed'), { timeout: 15_000 });
    const timeline = canvas.getByLabelText('timeline').textContent ?? '';
    expect(timeline.match(/open/g)).toHaveLength(4);
    // Without jitter the waits double: 0.25 s, 0.5 s, 1 s.
    expect(timeline).toMatch(/next attempt in 0\.3 s[\s\S]*next attempt in 0\.5 s[\s\S]*next attempt in 1 s/);
    expect(timeline).toMatch(/gave up after 1006/);
  },
};

function PerCode() {
  return (
    <section className="demo">
      <h2>Per-code rules through providers</h2>
      <p className="note">
        The outer provider says 4001 means <code>'never'</code>; the inner one overrides it to retry after 500 ms. The demo server
        closes the first connection with 4001.
      </p>
      <WebSocketProvider policy={{ codes: { 4001: 'never', 4002: 'backoff' } }}>
        <WebSocketProvider policy={{ codes: { 4001: { delayMs: 500 } } }}>
          <Victim path="/once?code=4001&reason=custom&after=200" />
        </WebSocketProvider>
      </WebSocketProvider>
    </section>
  );
}

export const PerCodeRules: Story = {
  name: 'Per-code rules through nested providers',
  render: () => <PerCode />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4001 Private use · by server · will retry'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
    expect(canvas.getByLabelText('timeline')).toHaveTextContent('next attempt in 0.5 s');
  },
};

function Restart() {
  return (
    <section className="demo">
      <h2>Server restart: 1012, then refused for 3 s</h2>
      <p className="note">
        The server closes with 1012 and refuses handshakes for 3 s. The client waits inside the 5-30 s window (not all at once, as a
        storm would), so it comes back after the server did.
      </p>
      <WebSocketProvider>
        <Victim path="/restart?down=3&after=300" />
      </WebSocketProvider>
    </section>
  );
}

export const ServerRestart: Story = {
  name: 'Server restart: 1012, then refused for 3 s',
  render: () => <Restart />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('1012 Service Restart · by server · will retry'), { timeout: 12_000 });
    const banner = await canvas.findByRole('status', {}, { timeout: 8000 });
    expect(banner).toHaveTextContent(/The server is restarting.*Reconnecting in \d+ second/);
    expect(Number(canvas.getByTestId('attempt').textContent)).toBe(1);
  },
};
