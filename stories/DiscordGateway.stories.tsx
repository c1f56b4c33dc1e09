import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useRef, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket, type CodeRule, type ReconnectPolicyOptions } from '../src';
import { discordGatewayMessages, discordGatewayPolicy } from '../src/presets';
import { closePath, Replayable, RunAgain } from './closeCodeDemos';
import { ConnectionFacts, type CodeNames } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

/** The Discord gateway's close codes (4006 is no longer used), as its documentation names them. */
const GATEWAY_CODES: CodeNames = {
  4000: 'Unknown error',
  4001: 'Unknown opcode',
  4002: 'Decode error',
  4003: 'Not authenticated',
  4004: 'Authentication failed',
  4005: 'Already authenticated',
  4007: 'Invalid seq',
  4008: 'Rate limited',
  4009: 'Session timed out',
  4010: 'Invalid shard',
  4011: 'Sharding required',
  4012: 'Invalid API version',
  4013: 'Invalid intent(s)',
  4014: 'Disallowed intent(s)',
};
const CODES = Object.keys(GATEWAY_CODES).map(Number);

/** What `discordGatewayPolicy` does with a code, in words. */
function ruleFor(code: number): string {
  const rule: CodeRule | undefined = discordGatewayPolicy.codes?.[code];
  if (rule === 'never') return 'never retried: the app must change something (a new token, another shard, other intents)';
  if (typeof rule === 'object' && typeof rule.delayMs !== 'number') {
    return `retried after a random ${rule.delayMs[0] / 1000}-${rule.delayMs[1] / 1000} s (rate limited: wait longer)`;
  }
  return 'retried with backoff: the client resumes, or identifies again';
}
const retried = (code: number) => discordGatewayPolicy.codes?.[code] !== 'never';

interface GatewayArgs {
  code: number;
  /** The reason in the close frame. */
  reason: string;
  showReason: boolean;
  /** The first wait before a retry, on top of the preset. */
  initialDelayMs: number;
}

function Gateway({ code, reason, showReason, initialDelayMs, runAgain }: GatewayArgs & { runAgain: () => void }) {
  // Only the first connection is closed, so a retry (or a sign-in) finds the gateway answering again.
  const [url] = useState(() => demoUrl(closePath(code, { reason, once: true })));
  const { entries, add, callbacks } = useTimeline({ names: GATEWAY_CODES });
  const connect = useRef<() => void>(() => {});
  const [policy] = useState<ReconnectPolicyOptions>(() => ({ ...discordGatewayPolicy, initialDelayMs, jitter: 'none' }));
  // The app's sign-in: here a pretend one that succeeds at once, then connects again.
  const onSignInRequired = () => {
    add('onSignInRequired(): the app signs in again (simulated), then connect()');
    connect.current();
  };
  return (
    <WebSocketProvider policy={policy} messages={discordGatewayMessages} onSignInRequired={onSignInRequired}>
      <div className="row">
        <RunAgain onClick={runAgain} />
      </div>
      <GatewaySocket url={url} entries={entries} callbacks={callbacks} showReason={showReason} connect={connect} />
    </WebSocketProvider>
  );
}

function GatewaySocket({
  url,
  entries,
  callbacks,
  showReason,
  connect,
}: {
  url: string;
  entries: string[];
  callbacks: ReturnType<typeof useTimeline>['callbacks'];
  showReason: boolean;
  connect: { current: () => void };
}) {
  const socket = useWebSocket(url, callbacks);
  // For the provider's onSignInRequired, which sits above this socket.
  useEffect(() => {
    connect.current = socket.connect;
  }, [connect, socket.connect]);
  return (
    <>
      <CloseBanner socket={socket} showReason={showReason} />
      <ConnectionFacts socket={socket} names={GATEWAY_CODES} />
      <Timeline entries={entries} />
    </>
  );
}

function GatewayDemo(args: GatewayArgs) {
  const { code, initialDelayMs } = args;
  return (
    <Replayable>
      {(runAgain) => (
        <section className="demo">
          <h2>
            {code} · {GATEWAY_CODES[code] ?? 'not a gateway code'}
          </h2>
          <p className="note">
            <code>discordGatewayPolicy</code>: {ruleFor(code)}. The words come from <code>discordGatewayMessages</code>.
          </p>
          <p className="note">
            The demo server plays the gateway: it accepts, then closes the first connection with {code}.{' '}
            {retried(code)
              ? `This story's first wait is ${initialDelayMs / 1000} s (no jitter), past the banner's 1.5 s grace, so the banner shows and counts down; with the preset's default wait the resume lands inside the grace and the user sees nothing.`
              : 'No retry: the banner says what the user can do, and stays.'}
          </p>
          <Gateway {...args} runAgain={runAgain} />
        </section>
      )}
    </Replayable>
  );
}

const meta = {
  title: 'Presets/Discord gateway',
  parameters: {
    docs: {
      description: {
        component:
          '`discordGatewayPolicy` and `discordGatewayMessages` on a `WebSocketProvider`: resumable gateway closes retry, 4004 and 4010-4014 stop and say why.',
      },
    },
  },
} satisfies Meta<GatewayArgs>;
export default meta;
type Story = StoryObj<GatewayArgs>;

const argTypes = {
  code: {
    control: { type: 'select', labels: Object.fromEntries(CODES.map((code) => [code, `${code} · ${GATEWAY_CODES[code]}`])) },
    options: CODES,
    description: 'The gateway close code the demo server sends.',
  },
  reason: { control: 'text', description: 'The reason in the close frame (at most 123 bytes).' },
  showReason: { control: 'boolean', description: "CloseBanner's `showReason`: show the server's reason, sanitised." },
  initialDelayMs: {
    control: { type: 'number', min: 0, max: 30_000, step: 250 },
    description: "The policy's first wait before a retry (no jitter), over the preset. Below the banner's 1.5 s grace: no banner.",
  },
} as const;

/** A fresh connection for every change of a control. */
const render: Story['render'] = (args) => <GatewayDemo key={JSON.stringify(args)} {...args} />;

/** The story's code: closed by the server, with the preset's decision. */
async function expectClosed(canvasElement: HTMLElement, code: number) {
  const canvas = within(canvasElement);
  await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent(new RegExp(`^${code} ${GATEWAY_CODES[code]!.replace(/[()]/g, '\\$&')} · by server · ${retried(code) ? '(will retry|open again)' : 'no retry'}`)), { timeout: 8000 });
  return canvas;
}

/** 4004, up to the banner: what a person opening the story sees, and keeps seeing. */
async function expectSignInFailed(canvasElement: HTMLElement) {
  const canvas = await expectClosed(canvasElement, 4004);
  expect(canvas.getByTestId('status')).toHaveTextContent('closed');
  const banner = canvas.getByRole('status');
  await waitFor(() => expect(banner).toHaveTextContent('Sign-in failed Your sign-in was not accepted. Sign in again.'), { timeout: 8000 });
  expect(banner.closest('[data-lifeline-banner]')).toHaveAttribute('data-severity', 'warning');
  expect(within(banner).getByRole('button', { name: 'Sign in again' })).toBeInTheDocument();
  expect(canvas.getByRole('alert')).toBeEmptyDOMElement();
  expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 4004 \(Authentication failed\) by server, no retry$/);
  await expectAccessible(canvasElement);
  return { canvas, banner };
}

export const AuthenticationFailed: Story = {
  name: '4004 · Authentication failed: no retry',
  args: { code: 4004, reason: 'Authentication failed.', showReason: false, initialDelayMs: 3000 },
  argTypes: { reason: argTypes.reason, showReason: argTypes.showReason },
  render,
  play: async ({ canvasElement }) => {
    await expectSignInFailed(canvasElement);
  },
};

// For the test runner only: presses "Sign in again"; the pretend sign-in connects again, and the gateway accepts.
export const AuthenticationFailedSignIn: Story = {
  ...AuthenticationFailed,
  name: '4004 · Authentication failed: Sign in again, clicked',
  tags: ['!dev'],
  play: async ({ canvasElement }) => {
    const { canvas, banner } = await expectSignInFailed(canvasElement);
    await userEvent.click(within(banner).getByRole('button', { name: 'Sign in again' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    expect(canvas.getByLabelText('timeline')).toHaveTextContent(/onSignInRequired\(\)[\s\S]*open$/);
    await waitFor(() => expect(banner).toHaveTextContent('Reconnected'), { timeout: 8000 });
    await expectAccessible(canvasElement);
  },
};

export const SessionTimedOut: Story = {
  name: '4009 · Session timed out: resume (retry)',
  args: { code: 4009, reason: 'Session timed out.', showReason: false, initialDelayMs: 3000 },
  argTypes: { reason: argTypes.reason, showReason: argTypes.showReason, initialDelayMs: argTypes.initialDelayMs },
  render,
  play: async ({ canvasElement }) => {
    const canvas = await expectClosed(canvasElement, 4009);
    const banner = canvas.getByRole('status');
    await waitFor(() => expect(banner).toHaveTextContent(/The session timed out Reconnecting in \d+ seconds?\./), { timeout: 8000 });
    expect(within(banner).getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
    await expectAccessible(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
    await waitFor(() => expect(banner).toHaveTextContent('Reconnected'), { timeout: 8000 });
    expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 4009 \(Session timed out\) by server, will retry[\s\S]*open$/);
  },
};

export const AnyGatewayCode: Story = {
  name: 'Any gateway close code',
  args: { code: 4014, reason: 'Disallowed intent(s).', showReason: false, initialDelayMs: 3000 },
  argTypes,
  render,
  play: async ({ canvasElement }) => {
    // The default, 4014: the app asked for intents it may not have. An error: an alert, no retry, and Reload as the way forward.
    const canvas = await expectClosed(canvasElement, 4014);
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent('Access not allowed This app asked for access it is not allowed. Reload the page; if this keeps happening, contact support.'), { timeout: 8000 });
    expect(alert.closest('[data-lifeline-banner]')).toHaveAttribute('data-severity', 'error');
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    await expectAccessible(canvasElement);
  },
};
