import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { useWebSocket, WebSocketProvider } from '../src';
// The panel itself: Storybook's static build is a production build, where `react-lifeline/devtools` renders nothing.
import { LifelineDevtools, type LifelineDevtoolsProps } from '../src/devtools/production';
import { sharedSockets } from '../src/plugins/share';
import { demoUrl } from './demoUrl';
import { expectAccessible } from './expectAccessible';

/**
 * `<LifelineDevtools />` (`react-lifeline/devtools`) in an app of its own, on the demo server:
 * a ticker shared by two components and a chat whose server restarts it once (1012) two
 * seconds in. Press the **Sockets** button at the bottom left (or Tab to it and press Enter).
 */
function Ticker({ url, label }: { url: string; label: string }) {
  const { status, lastMessage } = useWebSocket(url, { share: true });
  return (
    <p>
      {label}: <strong>{status}</strong> {typeof lastMessage === 'string' ? lastMessage : ''}
    </p>
  );
}

function Chat({ url }: { url: string }) {
  const { status } = useWebSocket(url);
  return (
    <p>
      Chat: <strong data-testid="chat-status">{status}</strong>
    </p>
  );
}

function DevtoolsDemo(props: LifelineDevtoolsProps) {
  // One URL per story render: the demo server's state is the story's own.
  const [ticker] = useState(() => demoUrl('/ticker?every=1000&token=secret-token'));
  const [chat] = useState(() => demoUrl('/once?code=1012&after=2000'));
  return (
    <WebSocketProvider share={sharedSockets()} policy={{ jitter: 'none', codes: { 1012: { delayMs: 4000 } } }}>
      <div className="demo" style={{ minHeight: 560 }}>
        <p className="callout">Two components share the ticker's socket; the chat's server restarts it (1012) two seconds in.</p>
        <Ticker url={ticker} label="Ticker (header)" />
        <Ticker url={ticker} label="Ticker (sidebar)" />
        <Chat url={chat} />
      </div>
      <LifelineDevtools storageKey={null} {...props} />
    </WebSocketProvider>
  );
}

const meta = {
  title: 'Guides/Devtools',
  component: DevtoolsDemo,
  // Its own provider on the demo server: not the addon's fake one.
  parameters: { lifeline: { disable: true }, layout: 'fullscreen' },
} satisfies Meta<typeof DevtoolsDemo>;
export default meta;
type Story = StoryObj<typeof meta>;

/** Closed at first: the floating button, out of the way of the app's toasts. */
export const Default: Story = {
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    const toggle = await page.findByRole('button', { name: /^Sockets/ });
    await userEvent.tab();
    await expect(toggle).toHaveFocus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() => expect(page.getAllByRole('article')).toHaveLength(2), { timeout: 10_000 });
    await expect(toggle).toHaveFocus(); // opening takes no focus
    await waitFor(() => expect(page.getByText('2 (shared)')).toBeTruthy());
    await expectAccessible(canvasElement);
  },
};

/** Open, after the chat's server restarted it: the close, the countdown, the retry and the reopen. */
export const OpenAfterARestart: Story = {
  args: { initialIsOpen: true },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await waitFor(() => expect(page.getByText(/^#1 closed 1012 Service Restart by the server$/)).toBeTruthy(), { timeout: 15_000 });
    await expectAccessible(canvasElement);
  },
};

/** Dark, from the page's colour scheme or the `theme` prop. */
export const Dark: Story = {
  args: { initialIsOpen: true, theme: 'dark' },
  play: async ({ canvasElement }) => {
    const page = within(canvasElement.ownerDocument.body);
    await waitFor(() => expect(page.getAllByRole('article')).toHaveLength(2), { timeout: 10_000 });
    await expectAccessible(canvasElement);
  },
};
