import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket } from '../src';
import { demoUrl } from './demoUrl';
import { germanMessages } from './germanMessages';
import { expectAccessible } from './expectAccessible';

const meta = { title: 'Feedback/Localized catalog' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function Banner({ path }: { path: string }) {
  const [url] = useState(() => demoUrl(path));
  return <CloseBanner socket={useWebSocket(url)} graceMs={0} />;
}

export const German: Story = {
  name: 'German (de-DE): the whole catalog',
  render: () => (
    <WebSocketProvider locale="de-DE" messages={germanMessages}>
      <section className="demo">
        <h2>Deutsch</h2>
        <p className="note">
          <code>messages</code> (a whole German catalog: <code>stories/germanMessages.ts</code>) and <code>locale</code> on the provider; the countdown is formatted by <code>Intl</code> (&ldquo;12 Sekunden&rdquo;).
        </p>
        <Banner path="/once?code=1012&after=300" />
        <Banner path="/close?code=1008&after=300" />
      </section>
    </WebSocketProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // Two banners, each with its live regions from the start: read them all.
    const said = (role: 'status' | 'alert') => canvas.getAllByRole(role).map((region) => region.textContent).join(' | ');
    await waitFor(() => expect(said('status')).toMatch(/Der Server startet neu Neuer Versuch in \d+ Sekunden\./), { timeout: 12_000 });
    await expectAccessible(canvasElement);
    expect(canvas.getByRole('button', { name: 'Jetzt versuchen' })).toBeInTheDocument();
    await waitFor(() => expect(said('alert')).toMatch(/Der Server hat die Verbindung abgelehnt.*Laden Sie die Seite neu/), { timeout: 8000 });
    await expectAccessible(canvasElement);
    expect(canvas.getByRole('button', { name: 'Neu laden' })).toBeInTheDocument();
  },
};
