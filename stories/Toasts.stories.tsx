import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { Toaster as HotToaster } from 'react-hot-toast';
import { ToastContainer } from 'react-toastify';
import 'react-toastify/dist/ReactToastify.css';
import { Toaster as SonnerToaster } from 'sonner';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { WebSocketProvider, describeCloseCode, useCloseFeedback, useWebSocket, type ToastAdapter } from '../src';
import { reactHotToastAdapter } from '../src/adapters/reactHotToast';
import { reactToastifyAdapter } from '../src/adapters/reactToastify';
import { sonnerAdapter } from '../src/adapters/sonner';
import { closePath, RunAgain } from './closeCodeDemos';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';

/** Every control a story in this file may offer; each story lists the ones that matter to it. */
interface ToastArgs {
  /** The toast library the provider's `toast` adapter feeds. */
  library?: Library;
  /** The code the demo server closes the first connection with. */
  code?: number;
  /** The close reason the server sends. */
  reason: string;
  /** Whether the toast shows that reason. */
  showReason: boolean;
  /** The provider's `locale`: the countdown's words. */
  locale: string;
  windowMinMs?: number;
  windowMaxMs?: number;
}

const meta = { title: 'Toasts' } satisfies Meta<ToastArgs>;
export default meta;
type Story = StoryObj<ToastArgs>;

type Library = 'sonner' | 'react-hot-toast' | 'react-toastify';

/** Each library: the provider's adapter, its toaster, and where the play finds its toasts. */
const LIBRARIES: Record<Library, { adapter: ToastAdapter; toaster: () => ReactNode; toasts: (root: HTMLElement) => Element[] }> = {
  sonner: {
    adapter: sonnerAdapter,
    toaster: () => <SonnerToaster />,
    toasts: (root) => [...root.querySelectorAll('[data-sonner-toast]:not([data-removed="true"])')],
  },
  'react-hot-toast': { adapter: reactHotToastAdapter, toaster: () => <HotToaster />, toasts: (root) => [...root.querySelectorAll('[data-lifeline-toast]')] },
  'react-toastify': { adapter: reactToastifyAdapter, toaster: () => <ToastContainer />, toasts: (root) => [...root.querySelectorAll('.Toastify__toast')] },
};

/** A fresh connection for every change of a control: the demo remounts, with a new socket and a new demo-server id. */
const keyOf = (args: ToastArgs) => JSON.stringify(args);

const LOCALES = ['en-US', 'en-GB', 'de-DE', 'fr-FR', 'es-ES', 'pl-PL'];

const argTypes = {
  library: {
    control: 'inline-radio',
    options: ['sonner', 'react-hot-toast', 'react-toastify'],
    description: "The toast library: the provider's `toast` is `sonnerAdapter`, `reactHotToastAdapter` or `reactToastifyAdapter` (from `react-lifeline/sonner`, `/react-hot-toast`, `/react-toastify`), beside the library's own toaster.",
  },
  code: {
    control: {
      type: 'select',
      labels: {
        1000: '1000 · Normal Closure (no retry)',
        1001: '1001 · Going Away',
        1006: '1006 · Abnormal Closure (TCP cut)',
        1008: '1008 · Policy Violation (no retry)',
        1011: '1011 · Internal Error',
        1012: '1012 · Service Restart',
        1013: '1013 · Try Again Later',
        1014: '1014 · Bad Gateway',
        3003: '3003 · Forbidden (no retry)',
        4000: '4000 · an app code',
      },
    },
    options: [1000, 1001, 1006, 1008, 1011, 1012, 1013, 1014, 3003, 4000],
    description: 'The code the demo server closes the first connection with; a retry then connects.',
  },
  reason: {
    control: 'text',
    description: 'The reason in the close frame (at most 123 bytes).',
  },
  showReason: {
    control: 'boolean',
    description: "`useCloseFeedback`'s `showReason`: the toast adds the server's reason, sanitised.",
    table: { defaultValue: { summary: 'false' } },
  },
  locale: {
    control: 'select',
    options: LOCALES,
    description: "The provider's `locale`: the countdown's number format. Its units follow the catalog's language (English here: \"4 seconds\" in any locale), so a sentence never mixes languages.",
    table: { defaultValue: { summary: "the browser's" } },
  },
  windowMinMs: {
    control: { type: 'number', min: 0, max: 120_000, step: 500 },
    description: "The wait before the retry, low end: `codes: { [code]: { delayMs: [min, max] } }`, for a code the policy retries. Shortened for the demo (1012's default is 5000-30000 ms).",
  },
  windowMaxMs: {
    control: { type: 'number', min: 0, max: 120_000, step: 500 },
    description: 'The wait before the retry, high end: the toast counts down to a random moment inside the window.',
  },
} as const;

const bounded = (value: number | undefined, fallback: number) => (value === undefined || !Number.isFinite(value) ? fallback : Math.min(120_000, Math.max(0, value)));

function Watched({ path, delayMs, code, showReason }: { path: string; delayMs: readonly [number, number]; code: number; showReason: boolean }) {
  const [url] = useState(() => demoUrl(path));
  // Only a code the policy retries gets the window: a rule would turn a 'never' into a retry.
  const retried = !['never', 'reauth'].includes(describeCloseCode(code).retry);
  const socket = useWebSocket(url, { policy: retried ? { codes: { [code]: { delayMs } } } : {} });
  useCloseFeedback(socket, { graceMs: 0, showReason });
  return (
    <p>
      status: <span data-testid="status">{socket.status}</span>
    </p>
  );
}

function ToastDemo({ library, code = 1012, reason, showReason, locale, windowMinMs, windowMaxMs, title, playground = false }: ToastArgs & { title: string; playground?: boolean }) {
  const [run, setRun] = useState(0);
  const { adapter, toaster } = LIBRARIES[library ?? 'sonner'];
  const low = bounded(windowMinMs, 4000);
  const high = bounded(windowMaxMs, 5000);
  const delayMs = [Math.min(low, high), Math.max(low, high)] as const;
  const path = closePath(code, { reason, after: 500, once: true });
  return (
    <WebSocketProvider toast={adapter} locale={locale}>
      <section className="demo">
        <h2>{title}</h2>
        {playground ? (
          <p className="note">
            The demo server closes the first connection with {code} ({describeCloseCode(code).name}); the toast says what happened, counts
            down to the retry if there is one, and turns into “Reconnected” in place. Pick the library, the code, the reason and the locale in
            <strong> Controls</strong>: each change starts a new connection.
          </p>
        ) : (
          <p className="note">
            A 1012 from the demo server: one toast that counts down, then turns into “Reconnected” in place. The window is shortened to
            4-5 s for the demo. <code>reason</code>, <code>showReason</code> and <code>locale</code> are in Controls.
          </p>
        )}
        <RunAgain onClick={() => setRun((n) => n + 1)} />
        <Watched key={run} path={path} delayMs={delayMs} code={code} showReason={showReason} />
      </section>
      {toaster()}
    </WebSocketProvider>
  );
}

/** Every toast story's args start here. */
const toastArgs = { reason: 'deploy', showReason: false, locale: 'en-US' } satisfies ToastArgs;
const toastArgTypes = { reason: argTypes.reason, showReason: argTypes.showReason, locale: argTypes.locale };

const play =
  (toasts: (root: HTMLElement) => Element[], { again = false } = {}): NonNullable<Story['play']> =>
  async ({ canvasElement }) => {
    const root = canvasElement.ownerDocument.body;
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(toasts(root).map((toast) => toast.textContent).join()).toMatch(/The server is restarting.*Reconnecting in \d+ second/), { timeout: 12_000 });
    expect(toasts(root)).toHaveLength(1);
    await expectAccessible(canvasElement);
    await waitFor(() => expect(toasts(root).map((toast) => toast.textContent).join()).toMatch(/Reconnected/), { timeout: 15_000 });
    expect(toasts(root)).toHaveLength(1);
    // "Reconnected" stays up long enough to be read, still as the one toast.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(toasts(root).map((toast) => toast.textContent).join()).toMatch(/Reconnected.*The connection is back/);
    expect(toasts(root)).toHaveLength(1);
    await expectAccessible(canvasElement);
    // A person watching keeps "Reconnected" on screen; only the test runner's copy runs it again.
    if (!again) return;
    await userEvent.click(canvas.getByRole('button', { name: 'Run again' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
  };

export const Sonner: Story = {
  name: 'sonner',
  args: toastArgs,
  argTypes: toastArgTypes,
  render: (args) => <ToastDemo key={keyOf(args)} {...args} library="sonner" title="sonner" />,
  play: play(LIBRARIES.sonner.toasts),
};

// For the test runner only: the same, then "Run again" (the server restarts again).
export const SonnerAgain: Story = { ...Sonner, name: 'sonner: restart again', tags: ['!dev'], play: play(LIBRARIES.sonner.toasts, { again: true }) };

export const ReactHotToast: Story = {
  name: 'react-hot-toast',
  args: toastArgs,
  argTypes: toastArgTypes,
  render: (args) => <ToastDemo key={keyOf(args)} {...args} library="react-hot-toast" title="react-hot-toast" />,
  play: play(LIBRARIES['react-hot-toast'].toasts),
};

export const ReactToastify: Story = {
  name: 'react-toastify',
  args: toastArgs,
  argTypes: toastArgTypes,
  render: (args) => <ToastDemo key={keyOf(args)} {...args} library="react-toastify" title="react-toastify" />,
  play: play(LIBRARIES['react-toastify'].toasts),
};

const playgroundArgs = { library: 'sonner', code: 1012, ...toastArgs, windowMinMs: 4000, windowMaxMs: 5000 } satisfies ToastArgs;

/** The playground's play: whatever the args, one toast that says what happened, then "Reconnected" if the policy retries; it only watches. */
const playgroundPlay: NonNullable<Story['play']> = async ({ canvasElement, args }) => {
  const root = canvasElement.ownerDocument.body;
  const canvas = within(canvasElement);
  const { toasts } = LIBRARIES[args.library ?? 'sonner'];
  const code = args.code ?? 1012;
  const said = () => toasts(root).map((toast) => toast.textContent).join();
  await waitFor(() => expect(toasts(root)).toHaveLength(1), { timeout: 12_000 });
  if (args.showReason) await waitFor(() => expect(said()).toContain(`The server said: “${args.reason.replace(/[.!?]+$/, '')}”.`), { timeout: 8000 });
  await expectAccessible(canvasElement);
  if (['never', 'reauth'].includes(describeCloseCode(code).retry)) {
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    // No retry: the toast stays, as the one toast.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(toasts(root)).toHaveLength(1);
    return;
  }
  await waitFor(() => expect(said()).toMatch(/Reconnecting in/), { timeout: 8000 });
  await waitFor(() => expect(said()).toMatch(/Reconnected.*The connection is back/), { timeout: 15_000 });
  expect(toasts(root)).toHaveLength(1);
  await expectAccessible(canvasElement);
};

export const Playground: Story = {
  name: 'Playground: any library, code and locale',
  args: playgroundArgs,
  argTypes,
  render: (args) => <ToastDemo key={keyOf(args)} {...args} title={`Toast playground: ${args.library ?? 'sonner'}`} playground />,
  play: playgroundPlay,
};

// For the test runner only: a code the policy never retries, its reason shown, in react-hot-toast.
export const PlaygroundPolicyViolation: Story = {
  ...Playground,
  name: 'Playground: 1008 with its reason, react-hot-toast',
  tags: ['!dev'],
  args: { ...playgroundArgs, library: 'react-hot-toast', code: 1008, reason: 'Too many subscriptions', showReason: true },
  play: async (context) => {
    await playgroundPlay(context);
    const toast = context.canvasElement.ownerDocument.body.querySelector('[data-lifeline-toast]') as HTMLElement;
    expect(toast).toHaveTextContent(/The server refused the connection.*The server said: “Too many subscriptions”\./);
    expect(within(toast).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  },
};

// For the test runner only: the provider's locale de-DE with the built-in English words, in
// react-toastify: the countdown's units follow the catalog (English), never "in 4 Sekunden".
export const PlaygroundGermanCountdown: Story = {
  ...Playground,
  name: 'Playground: 1013 in de-DE with the English catalog, react-toastify',
  tags: ['!dev'],
  args: { ...playgroundArgs, library: 'react-toastify', code: 1013, locale: 'de-DE' },
  play: async (context) => {
    const root = context.canvasElement.ownerDocument.body;
    await waitFor(() => expect(LIBRARIES['react-toastify'].toasts(root).map((toast) => toast.textContent).join()).toMatch(/The server is busy.*Reconnecting in \d seconds?\./), { timeout: 12_000 });
    await playgroundPlay(context);
  },
};
