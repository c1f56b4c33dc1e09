import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, useWebSocket } from '../src';
import { keepalive, type KeepaliveOptions, type KeepaliveState } from '../src/plugins/keepalive';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

const meta = {
  title: 'Failure modes/Background tabs',
  parameters: {
    docs: {
      description: {
        component:
          'keepalive() against the demo server: its clock runs in a Worker (hidden tabs throttle the page, not the Worker), it asks the link at once when the page comes back, and it can hold retries while the page is hidden. The buttons play the page lifecycle on this story\'s page: hide, show, freeze then resume.',
      },
    },
  },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Plays the page lifecycle: the events keepalive listens to, with `document.visibilityState` to match. */
function dispatchLifecycle(step: 'hide' | 'show' | 'freeze-resume'): void {
  if (step === 'freeze-resume') {
    document.dispatchEvent(new Event('freeze'));
    document.dispatchEvent(new Event('resume'));
    return;
  }
  Object.defineProperty(document, 'visibilityState', { value: step === 'hide' ? 'hidden' : 'visible', configurable: true });
  document.dispatchEvent(new Event('visibilitychange'));
}

function BackgroundTabDemo() {
  // /idle answers each ping with a pong and drops a connection silent for 3 s, as a proxy does.
  const [url] = useState(() => demoUrl('/idle?after=3000'));
  const { entries, callbacks } = useTimeline();
  const [pongs, setPongs] = useState(0);
  const [options] = useState<KeepaliveOptions>(() => ({
    message: 'ping',
    intervalMs: 1000,
    timeoutMs: 500,
    quietWhileHidden: true,
    returnJitterMs: 1000,
    isPong: (data) => {
      const pong = data === 'pong';
      if (pong) setPongs((n) => n + 1);
      return pong;
    },
  }));
  const socket = useWebSocket(url, { ...callbacks, plugins: [keepalive(options)], policy: { initialDelayMs: 1000, jitter: 'none' } });
  // The story's own page goes back to visible when it unmounts.
  useEffect(() => () => dispatchLifecycle('show'), []);
  const clock = (socket.plugins.keepalive as KeepaliveState | undefined)?.clock ?? '—';
  return (
    <section className="demo">
      <h2>Background tabs: a Worker clock, a probe on return, quiet retries while hidden</h2>
      <p className="note">
        <code>keepalive({'{'} message: &apos;ping&apos;, intervalMs: 1000, timeoutMs: 500, quietWhileHidden: true {'}'})</code>. Clock:{' '}
        <strong data-testid="clock">{clock}</strong>. Pongs received: <strong data-testid="pongs">{pongs}</strong>.
      </p>
      <div className="row">
        <button type="button" onClick={() => dispatchLifecycle('hide')}>
          Hide the page
        </button>
        <button type="button" onClick={() => dispatchLifecycle('show')}>
          Show the page (probe)
        </button>
        <button type="button" onClick={() => dispatchLifecycle('freeze-resume')}>
          Freeze, then resume (probe)
        </button>
      </div>
      <CloseBanner socket={socket} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

export const KeepaliveInTheBackground: Story = {
  name: 'keepalive: hidden, shown, frozen',
  render: () => <BackgroundTabDemo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status').textContent).toBe('open'), { timeout: 10_000 });
    await waitFor(() => expect(canvas.getByTestId('clock').textContent).toBe('worker'), { timeout: 10_000 });
    const before = Number(canvas.getByTestId('pongs').textContent);
    await userEvent.click(canvas.getByRole('button', { name: 'Freeze, then resume (probe)' }));
    // The resume asks the link at once; its answer counts like any pong, and the connection stays open.
    await waitFor(() => expect(Number(canvas.getByTestId('pongs').textContent)).toBeGreaterThan(before), { timeout: 10_000 });
    expect(canvas.getByTestId('status').textContent).toBe('open');
  },
};
