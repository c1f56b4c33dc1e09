import type { Meta, StoryObj } from '@storybook/react-vite';
import { useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket, type ReconnectPolicyOptions } from '../src';
import { demoUrl } from './demoUrl';
import { germanMessages } from './germanMessages';
import { expectAccessible } from './expectAccessible';

/** Every control a story in this file may offer; each story lists the ones that matter to it. */
interface LocalizedArgs {
  /** The provider's `locale`: the countdown's words. */
  locale: string;
  /** The provider's `messages`: the sentences. */
  messages?: 'english' | 'german';
  /** The 1012 rule's fixed wait, in seconds. */
  delayS?: number;
}

const meta = { title: 'Feedback/Localized catalog' } satisfies Meta<LocalizedArgs>;
export default meta;
type Story = StoryObj<LocalizedArgs>;

/** A fresh connection for every change of a control: the demo remounts, with a new socket and a new demo-server id. */
const keyOf = (args: LocalizedArgs) => JSON.stringify(args);

const LOCALES = ['en-US', 'en-GB', 'de-DE', 'de-CH', 'fr-FR', 'es-ES', 'it-IT', 'pl-PL'];

const localeArgType = {
  control: 'select',
  options: LOCALES,
  description: "The provider's `locale`: `Intl` formats the countdown's numbers in it. The units follow the catalog's language (`messages.locale`: English for the built-in catalog, German for `germanMessages`), so a sentence never mixes languages.",
  table: { defaultValue: { summary: "the browser's" } },
} as const;

function Banner({ path, policy }: { path: string; policy?: ReconnectPolicyOptions }) {
  const [url] = useState(() => demoUrl(path));
  return <CloseBanner socket={useWebSocket(url, { policy })} graceMs={0} />;
}

export const German: Story = {
  name: 'German (de-DE): the whole catalog',
  args: { locale: 'de-DE' },
  argTypes: { locale: localeArgType },
  render: ({ locale }) => (
    <WebSocketProvider key={locale} locale={locale} messages={germanMessages}>
      <section className="demo">
        <h2>Deutsch</h2>
        <p className="note">
          <code>messages</code> (a whole German catalog: <code>stories/germanMessages.ts</code>) and <code>locale=&quot;{locale}&quot;</code> on the
          provider; the countdown is formatted by <code>Intl</code> (&ldquo;12 Sekunden&rdquo;). The catalog says its language
          (<code>locale: &apos;de&apos;</code>), so the countdown&apos;s units stay German whatever <code>locale</code> you pick in Controls; a German
          locale (de-CH) keeps its regional form.
        </p>
        <p className="note">Two sockets, each with its own banner: a server restart (1012, retried) and a refused connection (1008, not retried).</p>
        <section className="socket" aria-label="Socket 1: server restart (1012)">
          <h3>Socket 1: server restart (1012)</h3>
          <Banner path="/once?code=1012&after=300" />
        </section>
        <section className="socket" aria-label="Socket 2: refused (1008)">
          <h3>Socket 2: refused (1008)</h3>
          <Banner path="/close?code=1008&after=300" />
        </section>
      </section>
    </WebSocketProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // Two banners, each with its live regions from the start: read them all.
    const said = (role: 'status' | 'alert') => canvas.getAllByRole(role).map((region) => region.textContent).join(' | ');
    await waitFor(() => expect(said('status')).toMatch(/Der Server startet neu Neuer Versuch in \d+ Sekunden\./), { timeout: 12_000 });
    await expectAccessible(canvasElement);
    // Each button in its own banner (the demo server is shared: another story's restart may briefly refuse this one's handshakes too).
    // Each banner under its socket's label: the restart in the first, the refusal in the second.
    const restartSocket = within(canvas.getByRole('region', { name: 'Socket 1: server restart (1012)' }));
    await waitFor(() => expect(restartSocket.getByRole('status')).toHaveTextContent('Der Server startet neu'), { timeout: 12_000 });
    const restarting = restartSocket.getByRole('status');
    expect(within(restarting!).getByRole('button', { name: 'Jetzt versuchen' })).toBeInTheDocument();
    await waitFor(() => expect(said('alert')).toMatch(/Der Server hat die Verbindung abgelehnt.*Laden Sie die Seite neu/), { timeout: 12_000 });
    await expectAccessible(canvasElement);
    const refused = within(canvas.getByRole('region', { name: 'Socket 2: refused (1008)' })).getByRole('alert');
    await waitFor(() => expect(refused).toHaveTextContent('abgelehnt'), { timeout: 12_000 });
    expect(within(refused!).getByRole('button', { name: 'Neu laden' })).toBeInTheDocument();
  },
};

function CountdownLocale({ locale, messages = 'english', delayS = 75 }: LocalizedArgs) {
  const delayMs = Math.round(Math.min(600, Math.max(0, Number.isFinite(delayS) ? delayS : 75)) * 1000);
  return (
    <WebSocketProvider locale={locale} messages={messages === 'german' ? germanMessages : undefined}>
      <section className="demo">
        <h2>
          The countdown with locale {locale} and the {messages === 'german' ? 'German' : 'English'} catalog
        </h2>
        <p className="note">
          A 1012 from the demo server, with the policy&apos;s <code>{`codes: { 1012: { delayMs: ${delayMs} } }`}</code>: the banner counts down
          from {delayMs / 1000} s. The sentence is the {messages === 'german' ? 'German catalog' : 'built-in English catalog'}, and the countdown&apos;s
          units follow its language ({messages === 'german' ? 'German' : 'English'}), whatever <code>locale=&quot;{locale}&quot;</code> says: a
          locale in the catalog&apos;s own language sets their regional form (<code>Intl.NumberFormat</code>, long unit names). Try <code>locale</code>,{' '}
          <code>messages</code> and <code>delayS</code> in Controls.
        </p>
        <Banner path="/once?code=1012&after=300" policy={{ codes: { 1012: { delayMs } } }} />
      </section>
    </WebSocketProvider>
  );
}

export const CountdownInAnyLocale: Story = {
  name: 'locale: the countdown in any language',
  args: { locale: 'fr-FR', messages: 'english', delayS: 75 },
  argTypes: {
    locale: localeArgType,
    messages: {
      control: { type: 'inline-radio', labels: { english: 'English (built in)', german: 'German (germanMessages)' } },
      options: ['english', 'german'],
      description: "The provider's `messages`: the catalog of sentences. Without one, the built-in English.",
    },
    delayS: {
      control: { type: 'number', min: 0, max: 600, step: 5 },
      description: 'The wait before the retry after 1012, in seconds; over a minute, the countdown reads in minutes and seconds.',
    },
  },
  render: (args) => <CountdownLocale key={keyOf(args)} {...args} />,
  // Watches only: the countdown runs to its end for a person watching.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    // fr-FR with the English catalog: English units, never "1 minute 12 secondes".
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent(/The server is restarting Reconnecting in 1 minute \d+ seconds?\./), { timeout: 12_000 });
    await expectAccessible(canvasElement);
    expect(canvas.getByRole('button', { name: 'Retry now' })).toBeInTheDocument();
  },
};
