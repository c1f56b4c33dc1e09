import type { Meta, StoryObj } from '@storybook/react-vite';
import { Fragment, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket, type ReconnectPolicyOptions } from '../src';
import { RunAgain } from './closeCodeDemos';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

/** Every control a story in this file may offer; each story lists the ones that matter to it. */
interface PolicyArgs {
  // The playground's policy fields.
  initialDelayMs?: number;
  maxDelayMs?: number;
  factor?: number;
  maxAttempts?: number;
  jitter?: 'full' | 'equal' | 'none';
  stableAfterMs?: number;
  // The playground's server.
  code?: 1006 | 1011 | 4001;
  rule4001?: 'never' | 'backoff';
  openForMs?: number;
  // Per-code rules.
  override?: boolean;
  innerDelayMs?: number;
  // Server restart.
  downS?: number;
  windowMinMs?: number;
  windowMaxMs?: number;
}

const meta = { title: 'Policy' } satisfies Meta<PolicyArgs>;
export default meta;
type Story = StoryObj<PolicyArgs>;

/** A fresh connection for every change of a control: the demo remounts, with a new socket and a new demo-server id. */
const keyOf = (args: PolicyArgs) => JSON.stringify(args);

/** A control's value as the policy accepts it: a number in [min, max] (rounded if `whole`), or the fallback when the field is cleared. */
function bounded(value: number | undefined, min: number, max: number, fallback: number, whole = false): number {
  if (value === undefined || !Number.isFinite(value)) return fallback;
  const clamped = Math.min(max, Math.max(min, value));
  return whole ? Math.round(clamped) : clamped;
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
/** Up to the millisecond: the policy's own numbers, not a rounded wait. */
const exactly = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${Math.round(ms) / 1000} s`);

function Victim({ path, policy }: { path: string; policy?: ReconnectPolicyOptions }) {
  const [url] = useState(() => demoUrl(path));
  const { entries, add, callbacks } = useTimeline();
  const socket = useWebSocket(url, {
    ...callbacks,
    policy,
    onClose: (close) => {
      callbacks.onClose(close);
      if (close.retryAt !== null) add(`  next attempt in ${seconds(close.retryAt - close.at)}`);
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

// ─── Playground ────────────────────────────────────────────────────────────────────────────

const playgroundArgs = {
  initialDelayMs: 250,
  maxDelayMs: 4000,
  factor: 2,
  maxAttempts: 6,
  jitter: 'full',
  stableAfterMs: 5000,
  code: 1006,
  rule4001: 'never',
  openForMs: 150,
} satisfies PolicyArgs;

const playgroundArgTypes = {
  initialDelayMs: {
    control: { type: 'number', min: 0, max: 30_000, step: 50 },
    description: 'The first retry\'s wait before jitter; each later one is `factor` times the one before.',
    table: { category: 'policy', defaultValue: { summary: '1000' } },
  },
  maxDelayMs: {
    control: { type: 'number', min: 0, max: 60_000, step: 250 },
    description: 'The cap on any one wait, before jitter.',
    table: { category: 'policy', defaultValue: { summary: '30000' } },
  },
  factor: {
    control: { type: 'number', min: 1, max: 4, step: 0.5 },
    description: 'How much each wait grows over the one before (at least 1).',
    table: { category: 'policy', defaultValue: { summary: '2' } },
  },
  maxAttempts: {
    control: { type: 'number', min: 0, max: 20, step: 1 },
    description: 'Retries before giving up (status `failed`, the banner says so). The library\'s default is `Infinity`; here at most 20.',
    table: { category: 'policy', defaultValue: { summary: 'Infinity' } },
  },
  jitter: {
    control: 'inline-radio',
    options: ['full', 'equal', 'none'],
    description: "`'full'`: a uniform wait in [0, cap]; `'equal'`: in [cap/2, cap]; `'none'`: exactly the cap, so many clients retry in step.",
    table: { category: 'policy', type: { summary: "'full' | 'equal' | 'none'" }, defaultValue: { summary: "'full'" } },
  },
  stableAfterMs: {
    control: { type: 'number', min: 0, max: 60_000, step: 50 },
    description: 'Open at least this long and the attempt counter resets. Set it below `openForMs` and the client never gives up: every drop is a first one.',
    table: { category: 'policy', defaultValue: { summary: '5000' } },
  },
  code: {
    control: { type: 'select', labels: { 1006: '1006: cut the TCP connection', 1011: '1011: Internal Error', 4001: '4001: an app code' } },
    options: [1006, 1011, 4001],
    description: 'How the demo server ends every connection: 1006 and 1011 back off by default; 4001 follows `rule4001`.',
    table: { category: 'server' },
  },
  rule4001: {
    control: 'inline-radio',
    options: ['never', 'backoff'],
    description: "The provider's `codes: { 4001: … }`: `'never'` stops at the first 4001 (status `closed`); `'backoff'` retries as for a drop.",
    table: { category: 'policy', type: { summary: "'never' | 'backoff'" } },
    if: { arg: 'code', eq: 4001 },
  },
  openForMs: {
    control: { type: 'number', min: 0, max: 20_000, step: 50 },
    description: 'How long the demo server keeps each connection open before it closes it.',
    table: { category: 'server' },
  },
} as const;

/** The policy the playground passes, from its controls; cleared or out-of-range fields fall back to the story's values. */
function playgroundPolicy(args: PolicyArgs) {
  return {
    initialDelayMs: bounded(args.initialDelayMs, 0, 30_000, playgroundArgs.initialDelayMs),
    maxDelayMs: bounded(args.maxDelayMs, 0, 60_000, playgroundArgs.maxDelayMs),
    factor: bounded(args.factor, 1, 4, playgroundArgs.factor),
    maxAttempts: bounded(args.maxAttempts, 0, 20, playgroundArgs.maxAttempts, true),
    jitter: args.jitter ?? playgroundArgs.jitter,
    stableAfterMs: bounded(args.stableAfterMs, 0, 60_000, playgroundArgs.stableAfterMs),
    codes: { 4001: args.rule4001 ?? playgroundArgs.rule4001 },
  } satisfies ReconnectPolicyOptions;
}

/** The caps before jitter: what `jitter: 'none'` waits, and what the others draw below. */
function caps({ initialDelayMs, maxDelayMs, factor, maxAttempts }: ReturnType<typeof playgroundPolicy>): string {
  const shown = Math.min(maxAttempts, 8);
  const list = Array.from({ length: shown }, (_, index) => exactly(Math.min(maxDelayMs, initialDelayMs * factor ** index)));
  return list.length === 0 ? 'none: no retry' : `${list.join(', ')}${maxAttempts > shown ? ', …' : ''}`;
}

function Playground(args: PolicyArgs) {
  const [run, setRun] = useState(0);
  const policy = playgroundPolicy(args);
  const code = args.code ?? playgroundArgs.code;
  const openForMs = bounded(args.openForMs, 0, 20_000, playgroundArgs.openForMs, true);
  const path = code === 1006 ? `/drop?after=${openForMs}` : `/close?code=${code}&reason=demo&after=${openForMs}`;
  return (
    <section className="demo">
      <h2>Policy playground</h2>
      <p className="note">
        The demo server ends every connection {openForMs} ms after it opens ({code === 1006 ? 'it cuts the TCP connection: 1006' : `with ${code}`}). The
        provider's policy decides each wait; the timeline shows every attempt. Change the policy in <strong>Controls</strong>: each change
        starts a new connection.
      </p>
      <dl className="facts" aria-label="policy">
        {Object.entries(policy).map(([field, value]) => (
          <Fragment key={field}>
            <dt>{field}</dt>
            <dd data-testid={`policy-${field}`}>{typeof value === 'object' ? JSON.stringify(value) : String(value)}</dd>
          </Fragment>
        ))}
        <dt>waits before jitter</dt>
        <dd>{caps(policy)}</dd>
      </dl>
      <div className="row">
        <RunAgain onClick={() => setRun((n) => n + 1)} />
      </div>
      <WebSocketProvider policy={policy}>
        <Victim key={run} path={path} />
      </WebSocketProvider>
    </section>
  );
}

export const Playground_: Story = {
  name: 'Playground',
  args: playgroundArgs,
  argTypes: playgroundArgTypes,
  render: (args) => <Playground key={keyOf(args)} {...args} />,
  // Watches only: the viewer's controls keep the values a person opening the story sees.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 1006[\s\S]*next attempt in[\s\S]*open[\s\S]*close 1006/), { timeout: 8000 });
    expect(canvas.getByTestId('policy-maxAttempts')).toHaveTextContent('6');
    expect(canvas.getByTestId('policy-jitter')).toHaveTextContent('full');
  },
};

// For the test runner only: the playground with other args, and the waits it then makes.
export const PlaygroundDriven: Story = {
  name: 'Playground: maxAttempts 3, no jitter',
  tags: ['!dev'],
  args: { ...playgroundArgs, maxAttempts: 3, jitter: 'none' },
  argTypes: playgroundArgTypes,
  render: (args) => <Playground key={keyOf(args)} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByTestId('policy-maxAttempts')).toHaveTextContent('3');
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('failed'), { timeout: 15_000 });
    const timeline = canvas.getByLabelText('timeline').textContent ?? '';
    expect(timeline.match(/open/g)).toHaveLength(4);
    // Without jitter the waits double: 0.25 s, 0.5 s, 1 s.
    expect(timeline).toMatch(/next attempt in 0\.3 s[\s\S]*next attempt in 0\.5 s[\s\S]*next attempt in 1 s/);
    expect(timeline).toMatch(/gave up after 1006/);
  },
};

// For the test runner only: an app code the provider maps to 'never' stops at once.
export const PlaygroundNever4001: Story = {
  name: "Playground: 4001 mapped to 'never'",
  tags: ['!dev'],
  args: { ...playgroundArgs, code: 4001, rule4001: 'never' },
  argTypes: playgroundArgTypes,
  render: (args) => <Playground key={keyOf(args)} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4001 Private use · by server · no retry'), { timeout: 8000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    expect(canvas.getByLabelText('timeline').textContent?.match(/open/g)).toHaveLength(1);
  },
};

// For the test runner only: a connection that stays open past stableAfterMs resets the attempt counter, so maxAttempts is never reached.
export const PlaygroundStable: Story = {
  name: 'Playground: stableAfterMs below openForMs',
  tags: ['!dev'],
  args: { ...playgroundArgs, initialDelayMs: 100, maxAttempts: 2, jitter: 'none', stableAfterMs: 100, openForMs: 400 },
  argTypes: playgroundArgTypes,
  render: (args) => <Playground key={keyOf(args)} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByLabelText('timeline').textContent?.match(/will retry/g)?.length).toBeGreaterThanOrEqual(4), { timeout: 15_000 });
    expect(canvas.getByTestId('status')).not.toHaveTextContent('failed');
    expect(canvas.getByLabelText('timeline')).not.toHaveTextContent('gave up');
  },
};

// ─── Per-code rules ────────────────────────────────────────────────────────────────────────

function PerCode({ override = true, innerDelayMs = 500 }: PolicyArgs) {
  const delayMs = bounded(innerDelayMs, 0, 30_000, 500);
  const inner: ReconnectPolicyOptions = override ? { codes: { 4001: { delayMs } } } : {};
  return (
    <section className="demo">
      <h2>Per-code rules through providers</h2>
      <p className="note">
        The outer provider says 4001 means <code>'never'</code>;{' '}
        {override ? (
          <>
            the inner one overrides it to retry after <code>{delayMs}</code> ms.
          </>
        ) : (
          <>the inner one says nothing about 4001, so the outer rule holds: no retry.</>
        )}{' '}
        The demo server closes the first connection with 4001. Try <code>override</code> and <code>innerDelayMs</code> in Controls.
      </p>
      <WebSocketProvider policy={{ codes: { 4001: 'never', 4002: 'backoff' } }}>
        <WebSocketProvider policy={inner}>
          <Victim path="/once?code=4001&reason=custom&after=200" />
        </WebSocketProvider>
      </WebSocketProvider>
    </section>
  );
}

export const PerCodeRules: Story = {
  name: 'Per-code rules through nested providers',
  args: { override: true, innerDelayMs: 500 },
  argTypes: {
    override: {
      control: 'boolean',
      description: "Whether the inner provider has its own rule for 4001; without it, the outer `'never'` applies.",
    },
    innerDelayMs: {
      control: { type: 'number', min: 0, max: 30_000, step: 250 },
      description: "The inner provider's rule: `codes: { 4001: { delayMs } }`, a fixed wait before the retry.",
      if: { arg: 'override' },
    },
  },
  render: (args) => <PerCode key={keyOf(args)} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByLabelText('timeline')).toHaveTextContent('close 4001 (Private use) by server, will retry'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
    // Open again: the last close reads in the past tense, beside "Reconnected".
    expect(canvas.getByTestId('last-close')).toHaveTextContent('4001 Private use · by server · open again');
    expect(canvas.getByLabelText('timeline')).toHaveTextContent('next attempt in 0.5 s');
  },
};

// For the test runner only: without the inner rule, the outer 'never' holds.
export const PerCodeRulesOuterOnly: Story = {
  ...PerCodeRules,
  name: 'Per-code rules: the outer rule alone',
  tags: ['!dev'],
  args: { override: false, innerDelayMs: 500 },
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4001 Private use · by server · no retry'), { timeout: 8000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
  },
};

// ─── Server restart ────────────────────────────────────────────────────────────────────────

function Restart({ downS = 3, windowMinMs = 5000, windowMaxMs = 30_000 }: PolicyArgs) {
  const down = bounded(downS, 0, 60, 3, true);
  const low = bounded(windowMinMs, 0, 120_000, 5000);
  const high = bounded(windowMaxMs, 0, 120_000, 30_000);
  const range = [Math.min(low, high), Math.max(low, high)] as const;
  const isDefault = range[0] === 5000 && range[1] === 30_000;
  return (
    <section className="demo">
      <h2>Server restart: 1012, then refused for {down} s</h2>
      <p className="note">
        The server closes with 1012 and refuses handshakes for {down} s. The client waits a random time inside the 1012 window,{' '}
        {seconds(range[0])}–{seconds(range[1])} ({isDefault ? 'the default' : <code>{`codes: { 1012: { delayMs: [${range[0]}, ${range[1]}] } }`}</code>}), not
        all at once as a storm would
        {range[0] >= down * 1000 ? ', so it comes back after the server did.' : ': a wait shorter than the down time meets a refused handshake (1006), and backs off from there.'}{' '}
        Every new connection to this demo path restarts the server again, so the cycle repeats. Try <code>downS</code> and the window in
        Controls.
      </p>
      <WebSocketProvider policy={isDefault ? undefined : { codes: { 1012: { delayMs: range } } }}>
        <Victim path={`/restart?down=${down}&after=300`} />
      </WebSocketProvider>
    </section>
  );
}

export const ServerRestart: Story = {
  name: 'Server restart: 1012, then refused',
  args: { downS: 3, windowMinMs: 5000, windowMaxMs: 30_000 },
  argTypes: {
    downS: {
      control: { type: 'number', min: 0, max: 60, step: 1 },
      description: 'How long the demo server refuses handshakes (HTTP 503) after its 1012, in seconds.',
    },
    windowMinMs: {
      control: { type: 'number', min: 0, max: 120_000, step: 500 },
      description: "The 1012 rule's window, low end: `codes: { 1012: { delayMs: [min, max] } }`. The registry's default is 5000-30000 ms.",
      table: { defaultValue: { summary: '5000' } },
    },
    windowMaxMs: {
      control: { type: 'number', min: 0, max: 120_000, step: 500 },
      description: "The 1012 rule's window, high end. Every client draws its own wait in the window, so a restart does not bring them all back in the same second.",
      table: { defaultValue: { summary: '30000' } },
    },
  },
  render: (args) => <Restart key={keyOf(args)} {...args} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('1012 Service Restart · by server · will retry'), { timeout: 12_000 });
    const banner = await canvas.findByRole('status', {}, { timeout: 8000 });
    expect(banner).toHaveTextContent(/The server is restarting.*Reconnecting in \d+ second/);
    expect(Number(canvas.getByTestId('attempt').textContent)).toBe(1);
  },
};
