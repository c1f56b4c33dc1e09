import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useId, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, useWebSocket } from '../src';
import { heartbeat as heartbeatPlugin, type HeartbeatOptions } from '../src/plugins/heartbeat';
import { Replayable, RunAgain, WhatComesWhen } from './closeCodeDemos';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

/** What a viewer can try on the proxy idle cut. */
interface IdleArgs {
  idleMs: number;
  intervalMs: number;
  initialDelayMs: number;
}

const meta = {
  title: 'Failure modes',
  parameters: {
    docs: {
      description: {
        component: 'What goes wrong between the browser and the server in production, shown against the demo server, and what the library does about it.',
      },
    },
  },
} satisfies Meta<IdleArgs>;
export default meta;
type Story = StoryObj<IdleArgs>;

/** Two columns that fall back to one on a narrow screen. */
const columns = { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(15rem, 1fr))', gap: '0.75rem', alignItems: 'start' } as const;

function IdleConnection({ heartbeat, idleMs, intervalMs, initialDelayMs }: IdleArgs & { heartbeat: boolean }) {
  const headingId = useId();
  const [url] = useState(() => demoUrl(`/idle?after=${idleMs}`));
  const { entries, callbacks } = useTimeline();
  const [pongs, setPongs] = useState(0);
  // How long the current connection has been open: the heartbeat's keeps counting past the idle timeout.
  const [openSince, setOpenSince] = useState<number | null>(null);
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(timer);
  }, []);
  const [ping] = useState<HeartbeatOptions>(() => ({
    message: 'ping',
    intervalMs,
    timeoutMs: 1000,
    isPong: (data) => {
      const pong = data === 'pong';
      if (pong) setPongs((n) => n + 1);
      return pong;
    },
  }));
  const socket = useWebSocket(url, {
    ...callbacks,
    onOpen: () => {
      callbacks.onOpen();
      setOpenSince(Date.now());
    },
    onClose: (close) => {
      callbacks.onClose(close);
      setOpenSince(null);
    },
    plugins: heartbeat ? [heartbeatPlugin(ping)] : [],
    policy: { initialDelayMs, jitter: 'none' },
  });
  return (
    <section aria-labelledby={headingId} className="stack">
      <h3 id={headingId}>{heartbeat ? 'With a heartbeat' : 'Without a heartbeat'}</h3>
      <p style={{ margin: 0 }}>
        Open for: <strong data-testid="open-for">{openSince === null ? '—' : `${Math.max(0, Math.floor((now - openSince) / 1000))} s`}</strong>
      </p>
      <p className="note">
        {heartbeat ? (
          <>
            <code>heartbeat: {`{ message: 'ping', intervalMs: ${intervalMs}, timeoutMs: 1000, isPong }`}</code>: a ping every{' '}
            {intervalMs / 1000} s is traffic, so the proxy's idle timer never runs out. Pongs received:{' '}
            <strong data-testid="pongs">{pongs}</strong>
          </>
        ) : (
          <>Nothing is sent, so {idleMs / 1000} s after each open the proxy cuts the connection: 1006, then a reconnect, again and again.</>
        )}
      </p>
      <CloseBanner socket={socket} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

function IdleCutDemo(args: IdleArgs) {
  const { idleMs, intervalMs, initialDelayMs } = args;
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <h2>Proxy idle cut: 1006 every {idleMs / 1000} s, unless something is sent</h2>
          <p className="note">
            A proxy in front of the server (nginx's <code>proxy_read_timeout</code>, 60 s by default; an AWS load balancer's idle
            timeout, also 60 s) closes a WebSocket that carries no traffic for that long. It cuts the TCP connection without a close
            frame, so the browser reports 1006 and the policy reconnects: the app loses whatever was in flight, and the user sees a
            banner whenever the reconnect takes longer than the banner's 1.5 s grace (here the first wait is{' '}
            {initialDelayMs / 1000} s, no jitter). The demo server's <code>/idle?after={idleMs}</code> plays the proxy with a short
            timeout. A <code>heartbeat</code> keeps the connection busy, and detects a dead link too (3008).
          </p>
          <WhatComesWhen
            steps={[
              [idleMs, 'the proxy cuts the connection without a heartbeat (1006); the one with a heartbeat stays open'],
              [idleMs + 1500, "past the banner's grace, the cut one's banner counts down to its retry"],
              [idleMs + initialDelayMs, `it reconnects, to be cut again ${idleMs / 1000} s later; the heartbeat's keeps counting its pongs`],
            ]}
          />
          <div className="row">
            <RunAgain onClick={runAgain} />
          </div>
          <div style={columns}>
            <IdleConnection heartbeat={false} {...args} />
            <IdleConnection heartbeat {...args} />
          </div>
          {intervalMs >= idleMs && (
            <p className="callout">
              <strong>The ping interval ({intervalMs / 1000} s) is not shorter than the idle timeout ({idleMs / 1000} s):</strong> the
              proxy cuts the heartbeat's connection too. Ping well inside the proxy's timeout.
            </p>
          )}
        </section>
      )}
    </Replayable>
  );
}

/** An open, and next in the timeline a 1006 from the network: an open connection cut (a refused handshake has no open before it). */
const CUT = /open\d\d:\d\d:\d\d\.\d{3}\s+close 1006 \(Abnormal Closure\) by network/;
const seconds = (element: HTMLElement) => Number.parseInt(element.textContent ?? '', 10) || 0;

const region = (canvasElement: HTMLElement, name: string) => within(within(canvasElement).getByRole('region', { name }));

export const ProxyIdleCut: Story = {
  name: 'Proxy idle cut (1006) and a heartbeat',
  args: { idleMs: 3000, intervalMs: 1000, initialDelayMs: 3000 },
  argTypes: {
    idleMs: {
      control: { type: 'number', min: 500, max: 60_000, step: 500 },
      description: "The proxy's idle timeout: the demo server drops a connection that has received nothing for this long.",
    },
    intervalMs: {
      control: { type: 'number', min: 100, max: 60_000, step: 100 },
      description: '`heartbeat.intervalMs` on the right: how often to ping. Below the idle timeout, the connection stays open.',
    },
    initialDelayMs: {
      control: { type: 'number', min: 0, max: 30_000, step: 250 },
      description: "The policy's first wait before a retry (no jitter). Below the banner's 1.5 s grace, the cut goes unseen.",
    },
  },
  // A fresh pair of connections for every change of a control.
  render: (args) => <IdleCutDemo key={JSON.stringify(args)} {...args} />,
  play: async ({ canvasElement, args }) => {
    const bare = region(canvasElement, 'Without a heartbeat');
    const kept = region(canvasElement, 'With a heartbeat');
    // Without a heartbeat, an open connection is cut after `idleMs` of silence: an open, then at once a 1006 from the network.
    // (Waits are generous: the demo server is shared, and another story's restart may refuse handshakes for a few seconds.)
    await waitFor(() => expect(bare.getByLabelText('timeline')).toHaveTextContent(CUT), { timeout: 15_000 });
    // Past the banner's grace it says so and counts down to the retry.
    await waitFor(() => expect(bare.getByRole('status')).toHaveTextContent(/Connection lost Reconnecting in \d+ seconds?\./), { timeout: 8000 });
    await expectAccessible(canvasElement);
    // With a heartbeat, the connection outlives the idle timeout by 2 s and more, and none of its opens was cut.
    await waitFor(() => expect(seconds(kept.getByTestId('open-for'))).toBeGreaterThanOrEqual(args.idleMs / 1000 + 2), { timeout: 12_000 });
    expect(kept.getByTestId('status')).toHaveTextContent('open');
    expect(Number(kept.getByTestId('pongs').textContent)).toBeGreaterThanOrEqual(3);
    expect(kept.getByLabelText('timeline')).not.toHaveTextContent(CUT);
    // And the cut connection comes back.
    await waitFor(() => expect(bare.getByLabelText('timeline')).toHaveTextContent(/close 1006 \(Abnormal Closure\) by network, will retry[\s\S]*open$/), { timeout: 8000 });
    expect(kept.getByLabelText('timeline')).not.toHaveTextContent(CUT);
  },
};
