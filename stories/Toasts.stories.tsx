import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState, type ReactNode } from 'react';
import { Toaster as HotToaster } from 'react-hot-toast';
import { ToastContainer } from 'react-toastify';
import 'react-toastify/dist/ReactToastify.css';
import { Toaster as SonnerToaster } from 'sonner';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { WebSocketProvider, useCloseFeedback, useWebSocket, type ToastAdapter } from '../src';
import { reactHotToastAdapter } from '../src/adapters/reactHotToast';
import { reactToastifyAdapter } from '../src/adapters/reactToastify';
import { sonnerAdapter } from '../src/adapters/sonner';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';

const meta = { title: 'Toasts' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function Watched({ path }: { path: string }) {
  const [url] = useState(() => demoUrl(path));
  const socket = useWebSocket(url, { policy: { codes: { 1012: { delayMs: [4000, 5000] } } } });
  useCloseFeedback(socket, { graceMs: 0 });
  return (
    <p>
      status: <span data-testid="status">{socket.status}</span>
    </p>
  );
}

function ToastDemo({ adapter, toaster, library }: { adapter: ToastAdapter; toaster: ReactNode; library: string }) {
  const [run, setRun] = useState(0);
  return (
    <WebSocketProvider toast={adapter}>
      <section className="demo">
        <h2>{library}</h2>
        <p className="note">
          A 1012 from the demo server: one toast that counts down, then turns into “Reconnected” in place. The window is shortened to
          4-5 s for the demo.
        </p>
        <button type="button" onClick={() => setRun((n) => n + 1)}>
          Restart the server again
        </button>
        <Watched key={run} path="/once?code=1012&reason=deploy&after=500" />
      </section>
      {toaster}
    </WebSocketProvider>
  );
}

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
    await userEvent.click(canvas.getByRole('button', { name: 'Restart the server again' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
  };

const sonnerToasts = (root: HTMLElement) => [...root.querySelectorAll('[data-sonner-toast]:not([data-removed="true"])')];

export const Sonner: Story = {
  name: 'sonner',
  render: () => <ToastDemo library="sonner" adapter={sonnerAdapter} toaster={<SonnerToaster />} />,
  play: play(sonnerToasts),
};

// For the test runner only: the same, then "Restart the server again".
export const SonnerAgain: Story = { ...Sonner, name: 'sonner: restart again', tags: ['!dev'], play: play(sonnerToasts, { again: true }) };

export const ReactHotToast: Story = {
  name: 'react-hot-toast',
  render: () => <ToastDemo library="react-hot-toast" adapter={reactHotToastAdapter} toaster={<HotToaster />} />,
  play: play((root) => [...root.querySelectorAll('[data-lifeline-toast]')]),
};

export const ReactToastify: Story = {
  name: 'react-toastify',
  render: () => <ToastDemo library="react-toastify" adapter={reactToastifyAdapter} toaster={<ToastContainer />} />,
  play: play((root) => [...root.querySelectorAll('.Toastify__toast')]),
};
