import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket, type FeedbackMessages } from '../src';
import { demoUrl } from './demoUrl';

const meta = { title: 'Localized catalog' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const german: Partial<FeedbackMessages> = {
  serverRestarting: 'Der Server startet neu',
  retryingIn: ({ retryIn }) => `Neuer Versuch in ${retryIn}.`,
  retrying: 'Verbinde neu…',
  retryNow: 'Jetzt versuchen',
  restored: 'Wieder verbunden',
  restoredDetail: 'Die Verbindung steht wieder.',
  policyViolation: 'Der Server hat die Verbindung abgelehnt',
  policyViolationDetail: 'Sie verstößt gegen seine Regeln. Laden Sie die Seite neu.',
};

function Banner({ path }: { path: string }) {
  const [url] = useState(() => demoUrl(path));
  return <CloseBanner socket={useWebSocket(url)} graceMs={0} />;
}

export const German: Story = {
  render: () => (
    <WebSocketProvider locale="de-DE" messages={german}>
      <section className="demo">
        <h2>Deutsch</h2>
        <p className="note">
          <code>messages</code> and <code>locale</code> on the provider; the countdown is formatted by <code>Intl</code>.
        </p>
        <Banner path="/once?code=1012&after=300" />
        <Banner path="/close?code=1008&after=300" />
      </section>
    </WebSocketProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/Der Server startet neu Neuer Versuch in \d+ Sek\./), { timeout: 12_000 });
    expect(canvas.getByRole('button', { name: 'Jetzt versuchen' })).toBeInTheDocument();
    await waitFor(() => expect(canvas.getByRole('alert')).toHaveTextContent('Der Server hat die Verbindung abgelehnt'), { timeout: 8000 });
  },
};
