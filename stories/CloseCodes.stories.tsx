import type { Meta, StoryObj } from '@storybook/react-vite';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { describeCloseCode } from '../src';
import { CloseCodeDemo, CustomCloseDemo, HeartbeatDemo, LocalOnlyDemo, ReauthenticateDemo, SignInAgainDemo } from './closeCodeDemos';
import { expectAccessible } from './expectAccessible';

/** Codes the server may send on the wire; 1005 and 1006 are produced by a bare close and a TCP drop. */
const LOCAL_ONLY = new Set([1004, 1015]);

/** Every control a story in this file may offer; each story lists the ones that matter to it. */
interface CloseCodeArgs {
  /** The close reason the server sends. */
  reason: string;
  /** Whether the banner shows that reason. */
  showReason: boolean;
  code?: number;
  after?: number;
  once?: boolean;
  initialDelayMs?: number;
  graceMs?: number;
  signInMs?: number;
  intervalMs?: number;
  timeoutMs?: number;
}

/** Every close-code story's args start here (in the story, not the meta, so each story's controls keep their own order). */
const reasonArgs = { reason: 'Closed by the demo server', showReason: false };

const reasonArgTypes = {
  reason: {
    control: 'text',
    description: 'The reason in the close frame (at most 123 bytes).',
  },
  showReason: {
    control: 'boolean',
    description: "CloseBanner's `showReason`: show the server's reason, sanitised.",
    table: { defaultValue: { summary: 'false' } },
  },
} as const;

const meta = {
  title: 'Close codes',
  parameters: { docs: { description: { component: 'One story per close code: what the user sees, and what the policy does.' } } },
} satisfies Meta<CloseCodeArgs>;
export default meta;
type Story = StoryObj<CloseCodeArgs>;

/** A fresh connection for every change of a control: the demo remounts, with a new socket and a new demo-server id. */
const keyOf = (args: CloseCodeArgs) => JSON.stringify(args);

const graceArgTypes = {
  initialDelayMs: {
    control: { type: 'number', min: 0, max: 30_000, step: 250 },
    description: "The policy's first wait before a retry (no jitter here). Below `graceMs`: no banner at all.",
  },
  graceMs: {
    control: { type: 'number', min: 0, max: 10_000, step: 250 },
    description: "CloseBanner's `graceMs`: how long a drop stays unseen.",
    table: { defaultValue: { summary: '1500' } },
  },
} as const;

/** Why a retried code's story waits 4 s before its retry: the banner's grace. */
function GraceNote({ code, initialDelayMs, graceMs }: { code: number; initialDelayMs: number; graceMs: number }) {
  return (
    <p className="callout">
      {code === 1006 && (
        <>
          1006 never travels in a close frame: the browser reports it when a connection ends without one (here the demo server cuts
          the TCP connection).{' '}
        </>
      )}
      <strong>Why the wait:</strong> the banner stays empty for <code>graceMs</code> ({graceMs / 1000} s) after a drop, so a blip
      that reconnects within that time shows nothing at all. With the default policy the first retry comes after 0–1 s, inside the
      grace: the user would see nothing. This story's policy waits <code>initialDelayMs</code> ({initialDelayMs / 1000} s, no
      jitter), so {initialDelayMs > graceMs ? 'the banner appears after the grace and counts down to the retry' : 'the reconnect lands inside the grace and the banner stays empty'}
      . Try other values in Controls.
    </p>
  );
}

interface Expected {
  /** The banner's words for this code (title and description), checked as they appear. */
  text?: string;
  /** The banner's one button, or null for none. */
  button?: string | null;
}

/** One code's story; each export below names it statically, so the sidebar index can read the name. */
function story(code: number, expected: Expected = {}, { retryNow = false } = {}): Story {
  const info = describeCloseCode(code);
  const retries = info.retry !== 'never';
  const backoff = info.retry === 'backoff' && !LOCAL_ONLY.has(code);
  return {
    args: { ...reasonArgs, ...(backoff && { initialDelayMs: 4000, graceMs: 1500 }) },
    argTypes: { ...reasonArgTypes, ...(backoff && graceArgTypes) },
    render: (args) => {
      if (LOCAL_ONLY.has(code)) return <LocalOnlyDemo key={keyOf(args)} code={code} reason={args.reason} showReason={args.showReason} />;
      if (!backoff) return <CloseCodeDemo key={keyOf(args)} code={code} reason={args.reason} showReason={args.showReason} />;
      const { initialDelayMs = 4000, graceMs = 1500 } = args;
      return (
        <CloseCodeDemo key={keyOf(args)} code={code} reason={args.reason} showReason={args.showReason} policy={{ initialDelayMs, jitter: 'none' }} graceMs={graceMs}>
          <GraceNote code={code} initialDelayMs={initialDelayMs} graceMs={graceMs} />
        </CloseCodeDemo>
      );
    },
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent(new RegExp(`^${code} `)), { timeout: 12_000 });
      expect(canvas.getByTestId('last-close')).toHaveTextContent(retries ? 'will retry' : 'no retry');
      if (!retries) {
        // The live regions are there from the start; the message lands in the one that fits.
        const region = canvas.getByRole(info.severity === 'error' ? 'alert' : 'status');
        await waitFor(() => expect(region).not.toBeEmptyDOMElement(), { timeout: 12_000 });
        expect(region.closest('[data-lifeline-banner]')).toHaveAttribute('data-severity', info.severity);
        if (expected.text) expect(region).toHaveTextContent(expected.text);
        if (expected.button === null) expect(within(region).queryByRole('button')).toBeNull();
        else if (expected.button) expect(within(region).getByRole('button', { name: expected.button })).toBeInTheDocument();
        expect(canvas.getByTestId('status')).toHaveTextContent('closed');
        await expectAccessible(canvasElement);
        return;
      }
      const banner = canvas.getByRole('status');
      if (backoff) {
        // The policy's first wait (4 s) outlasts the grace (1.5 s): the banner counts down to the retry.
        await waitFor(() => expect(banner).toHaveTextContent(/Reconnecting in \d+ seconds?\./), { timeout: 8000 });
        if (expected.text) expect(banner).toHaveTextContent(expected.text);
        expect(within(banner).getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
        await expectAccessible(canvasElement);
        await waitFor(() => expect(banner).toHaveTextContent('Reconnected'), { timeout: 12_000 });
      }
      if (info.retry === 'delayed') {
        // 1012/1013 wait a random 5-30 s / 10-60 s: watch the countdown tick.
        await waitFor(() => expect(banner).toHaveTextContent(/Reconnecting in \d+ seconds/), { timeout: 12_000 });
        if (expected.text) expect(banner).toHaveTextContent(expected.text);
        await expectAccessible(canvasElement);
        // Two ticks down: the countdown is live.
        const first = Number(/in (\d+) seconds/.exec(banner.textContent ?? '')![1]);
        await waitFor(() => expect(Number(/in (\d+) second/.exec(banner.textContent ?? '')?.[1])).toBeLessThanOrEqual(first - 2), { timeout: 12_000 });
        // A person watching sees the countdown run to its end; only the test runner's copy skips it.
        if (!retryNow) return;
        await userEvent.click(canvas.getByRole('button', { name: 'Retry now' }));
        await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnected'), { timeout: 12_000 });
        await expectAccessible(canvasElement);
      }
      await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
      await waitFor(() => expect(canvas.getByLabelText('timeline')).toHaveTextContent(/will retry[\s\S]*open$/), { timeout: 8000 });
    },
  };
}

export const Code1000: Story = { ...story(1000), name: '1000 · Normal Closure' };
export const Code1001: Story = { ...story(1001), name: '1001 · Going Away' };
export const Code1002: Story = { ...story(1002), name: '1002 · Protocol error' };
export const Code1003: Story = { ...story(1003), name: '1003 · Unsupported Data' };
export const Code1004: Story = { ...story(1004), name: '1004 · Reserved (simulated)' };
export const Code1005: Story = { ...story(1005), name: '1005 · No Status Rcvd' };
export const Code1006: Story = { ...story(1006, { text: 'Connection lost Reconnecting in' }), name: '1006 · Abnormal Closure' };
export const Code1007: Story = { ...story(1007), name: '1007 · Invalid frame payload data' };
export const Code1008: Story = { ...story(1008), name: '1008 · Policy Violation' };
export const Code1009: Story = { ...story(1009), name: '1009 · Message Too Big' };
export const Code1010: Story = { ...story(1010), name: '1010 · Mandatory Ext.' };
export const Code1011: Story = { ...story(1011), name: '1011 · Internal Error' };
export const Code1012: Story = { ...story(1012, { text: 'The server is restarting' }), name: '1012 · Service Restart' };
export const Code1013: Story = { ...story(1013, { text: 'The server is busy' }), name: '1013 · Try Again Later' };
export const Code1014: Story = { ...story(1014, { text: 'The connection was interrupted Reconnecting in' }), name: '1014 · Bad Gateway' };
export const Code1015: Story = { ...story(1015), name: '1015 · TLS handshake (simulated)' };

// The same countdowns, for the test runner only: it skips the 5-60 s wait with "Retry now".
// `tags: ['!dev']` hides a story from the sidebar and keeps its `test` tag, so vitest still runs it: a
// person opening the story above sees its countdown run to its end. (Tags must be an inline array: the
// indexer reads them statically.)
export const Code1012RetryNow: Story = { ...story(1012, {}, { retryNow: true }), name: '1012 · Service Restart: Retry now', tags: ['!dev'] };
export const Code1013RetryNow: Story = { ...story(1013, {}, { retryNow: true }), name: '1013 · Try Again Later: Retry now', tags: ['!dev'] };

const signInArgTypes = {
  signInMs: {
    control: { type: 'number', min: 0, max: 20_000, step: 250 },
    description: 'How long the pretend `reauthenticate` takes; a quick one shows no banner (1.5 s grace).',
  },
} as const;

export const Code3000Reauthenticate: Story = {
  name: '3000 · Unauthorized: reauthenticate',
  args: { reason: 'Session expired', showReason: false, signInMs: 3000 },
  argTypes: { ...reasonArgTypes, ...signInArgTypes },
  render: (args) => <ReauthenticateDemo key={keyOf(args)} reason={args.reason} showReason={args.showReason} signInMs={args.signInMs ?? 3000} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('3000 Unauthorized · by server · will retry'), { timeout: 8000 });
    const banner = canvas.getByRole('status');
    await waitFor(() => expect(banner).toHaveTextContent('Your session has expired Signing you in again…'), { timeout: 8000 });
    // Nothing for the user to do: no button.
    expect(within(banner).queryByRole('button')).toBeNull();
    expect(canvas.getByRole('alert')).toBeEmptyDOMElement();
    await expectAccessible(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
    await waitFor(() => expect(banner).toHaveTextContent('Reconnected'), { timeout: 8000 });
    expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 3000[\s\S]*reauthenticate\(\) started[\s\S]*reauthenticate\(\) done[\s\S]*open$/);
  },
};

/** 3000 without `reauthenticate`, up to the banner: what a person opening the story sees, and keeps seeing. */
async function expectSignInAgain(canvasElement: HTMLElement) {
  const canvas = within(canvasElement);
  await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('3000 Unauthorized · by server · no retry'), { timeout: 8000 });
  expect(canvas.getByTestId('status')).toHaveTextContent('closed');
  const banner = canvas.getByRole('status');
  await waitFor(() => expect(banner).toHaveTextContent('Your session has expired Sign in again to continue.'), { timeout: 8000 });
  expect(banner.closest('[data-lifeline-banner]')).toHaveAttribute('data-severity', 'warning');
  expect(within(banner).getByRole('button', { name: 'Sign in again' })).toBeInTheDocument();
  expect(canvas.getByTestId('sign-in-calls')).toHaveTextContent('0');
  await expectAccessible(canvasElement);
  return { canvas, banner };
}

export const Code3000SignInAgain: Story = {
  name: '3000 · Unauthorized: Sign in again',
  args: { reason: 'Session expired', showReason: false },
  argTypes: reasonArgTypes,
  render: (args) => <SignInAgainDemo key={keyOf(args)} reason={args.reason} showReason={args.showReason} />,
  play: async ({ canvasElement }) => {
    await expectSignInAgain(canvasElement);
  },
};

// For the test runner only: clicks "Sign in again", and finishes the pretend sign-in.
export const Code3000SignInAgainClicked: Story = {
  ...Code3000SignInAgain,
  name: '3000 · Unauthorized: Sign in again, clicked',
  tags: ['!dev'],
  play: async ({ canvasElement }) => {
    const { canvas, banner } = await expectSignInAgain(canvasElement);
    await userEvent.click(within(banner).getByRole('button', { name: 'Sign in again' }));
    expect(canvas.getByTestId('sign-in-calls')).toHaveTextContent('1');
    expect(canvas.getByLabelText('timeline')).toHaveTextContent('onSignInRequired() called');
    const page = canvas.getByRole('group', { name: 'Sign-in page (simulated)' });
    // Signing in is the app's business: the connection waits, and the banner still says why.
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    expect(banner).toHaveTextContent('Your session has expired');
    await expectAccessible(canvasElement);
    await userEvent.click(within(page).getByRole('button', { name: 'Finish signing in' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(banner).toHaveTextContent('Reconnected'), { timeout: 8000 });
    expect(canvas.getByTestId('sign-in-calls')).toHaveTextContent('1');
  },
};

export const Code3003: Story = {
  ...story(3003, { text: 'Access denied Your account is not allowed to use this connection.', button: 'Reconnect' }),
  name: '3003 · Forbidden',
  args: { reason: 'Not a member of this room', showReason: false },
};

export const Code3008: Story = {
  name: '3008 · Timeout (heartbeat)',
  args: { intervalMs: 500, timeoutMs: 400 },
  argTypes: {
    intervalMs: { control: { type: 'number', min: 100, max: 30_000, step: 100 }, description: '`heartbeat.intervalMs`: how often to ping while open.' },
    timeoutMs: { control: { type: 'number', min: 100, max: 30_000, step: 100 }, description: '`heartbeat.timeoutMs`: how long a ping may go unanswered before the client closes with 3008.' },
  },
  render: (args) => <HeartbeatDemo key={keyOf(args)} intervalMs={args.intervalMs ?? 500} timeoutMs={args.timeoutMs ?? 400} />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent(/^3008 Timeout · by client · (will retry|open again)/), { timeout: 8000 });
    const banner = canvas.getByRole('status');
    await waitFor(() => expect(banner).toHaveTextContent(/The connection timed out Reconnecting in \d+ seconds?\./), { timeout: 8000 });
    expect(within(banner).getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
    await expectAccessible(canvasElement);
    // The retry finds the server stalled again; maxAttempts: 1 gives up, and the alert stays.
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent('The connection timed out The server stopped answering in time. Gave up after 1 attempt.'), { timeout: 15_000 });
    expect(within(alert).getByRole('button', { name: 'Reconnect' })).toBeInTheDocument();
    expect(canvas.getByTestId('status')).toHaveTextContent('failed');
    expect(canvas.getByLabelText('timeline')).toHaveTextContent(/close 3008 \(Timeout\) by client, will retry[\s\S]*open[\s\S]*gave up after 3008/);
    await expectAccessible(canvasElement);
  },
};

const customArgTypes = {
  code: {
    control: { type: 'number', min: 1000, max: 4999, step: 1 },
    description: 'The close code: 1000-1003, 1007-1014, 3000-4999; 1005 (no code) and 1006 (TCP drop) simulated.',
  },
  reason: reasonArgTypes.reason,
  after: { control: { type: 'number', min: 0, max: 60_000, step: 100 }, description: 'ms from the handshake to the close.' },
  once: {
    control: 'boolean',
    description: 'Close only the first connection (`/once`), so a retry succeeds; off: every one (`/close`).',
  },
  showReason: reasonArgTypes.showReason,
  graceMs: graceArgTypes.graceMs,
} as const;

const customRender: Story['render'] = (args) => (
  <CustomCloseDemo
    key={keyOf(args)}
    code={args.code ?? 1008}
    reason={args.reason}
    showReason={args.showReason}
    after={args.after ?? 400}
    once={args.once ?? false}
    graceMs={args.graceMs ?? 1500}
  />
);

export const CustomClose: Story = {
  name: 'Custom close: any code, reason and delay',
  args: { code: 1008, reason: 'Token revoked', after: 400, once: false, showReason: true, graceMs: 1500 },
  argTypes: customArgTypes,
  render: customRender,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('1008 Policy Violation · by server · no retry'), { timeout: 8000 });
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent('The server refused the connection'), { timeout: 8000 });
    expect(alert).toHaveTextContent('The server said: “Token revoked”.');
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
    await expectAccessible(canvasElement);
  },
};

// For the test runner only: the controls reach the server (a private code, its reason, a retry that succeeds) ...
export const CustomClosePrivateCode: Story = {
  name: 'Custom close: 4000 once',
  tags: ['!dev'],
  args: { code: 4000, reason: 'Room closed', after: 200, once: true, showReason: true, graceMs: 0 },
  argTypes: customArgTypes,
  render: customRender,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4000 Private use · by server · no retry'), { timeout: 8000 });
    const banner = canvas.getByRole('status');
    await waitFor(() => expect(banner).toHaveTextContent('Connection closed The connection closed with code 4000. The server said: “Room closed”.'), { timeout: 8000 });
    expect(canvas.getByText(/\/once\?code=4000&reason=Room\+closed&after=200/)).toBeInTheDocument();
    await expectAccessible(canvasElement);
  },
};

// ... and a code no close frame carries is explained, not sent.
export const CustomCloseUnsendable: Story = {
  name: 'Custom close: a code the server cannot send',
  tags: ['!dev'],
  args: { code: 2000, reason: 'x', after: 200, once: false, showReason: false, graceMs: 1500 },
  argTypes: customArgTypes,
  render: customRender,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    expect(canvas.getByRole('heading', { name: '2000: the demo server cannot send this' })).toBeInTheDocument();
    expect(canvas.queryByTestId('status')).toBeNull();
    await expectAccessible(canvasElement);
  },
};
