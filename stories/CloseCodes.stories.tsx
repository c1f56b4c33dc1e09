import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, closeCodeSummary, describeCloseCode, useWebSocket, type WebSocketConstructor } from '../src';
import { createFakeServer } from '../src/testing';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';
import { expectAccessible } from './expectAccessible';

/** Codes the server may send on the wire; 1005 and 1006 are produced by a bare close and a TCP drop. */
const LOCAL_ONLY = new Set([1004, 1015]);

function Demo({ code }: { code: number }) {
  const info = describeCloseCode(code);
  // Retried codes close only the first connection, so the reconnect can succeed.
  const [url] = useState(() => demoUrl(info.retry === 'never' ? `/close?code=${code}&reason=demo&after=400` : `/once?code=${code}&reason=demo&after=400`));
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, callbacks);
  return (
    <section className="demo">
      <h2>
        {code} {info.name}
      </h2>
      <p className="note">
        {closeCodeSummary(code)} Default action: <strong>{info.retry}</strong>, severity <strong>{info.severity}</strong>.
      </p>
      <CloseBanner socket={socket} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

/** 1004 and 1015 never travel in a close frame: a fake socket reports them locally. */
function LocalOnlyDemo({ code }: { code: number }) {
  const [server] = useState(createFakeServer);
  useEffect(() => {
    const timer = setTimeout(() => {
      const socket = server.last();
      if (socket.readyState === 0) socket.accept();
      setTimeout(() => socket.serverClose(code, ''), 400);
    }, 100);
    return () => clearTimeout(timer);
  }, [server, code]);
  return (
    <WebSocketProvider WebSocket={server.WebSocket as unknown as WebSocketConstructor}>
      <Demo code={code} />
      <p className="note">
        {code} never appears in a close frame: {code === 1015 ? 'browsers report a TLS failure as 1006' : 'it is reserved'}. This story
        feeds it to the library through <code>createFakeServer</code> to show what the policy does if a runtime reports it.
      </p>
    </WebSocketProvider>
  );
}

const meta = {
  title: 'Close codes',
  parameters: { docs: { description: { component: 'One story per close code: what the user sees, and what the policy does.' } } },
} satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function story(code: number): Story {
  const info = describeCloseCode(code);
  const retries = info.retry !== 'never';
  return {
    name: `${code} ${info.name}`,
    render: () => (LOCAL_ONLY.has(code) ? <LocalOnlyDemo code={code} /> : <Demo code={code} />),
    play: async ({ canvasElement }) => {
      const canvas = within(canvasElement);
      await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent(new RegExp(`^${code} `)), { timeout: 12_000 });
      expect(canvas.getByTestId('last-close')).toHaveTextContent(retries ? 'will retry' : 'no retry');
      if (!retries) {
        // The live regions are there from the start; the message lands in the one that fits.
        const region = canvas.getByRole(info.severity === 'error' ? 'alert' : 'status');
        await waitFor(() => expect(region).not.toBeEmptyDOMElement(), { timeout: 12_000 });
        expect(region.closest('[data-lifeline-banner]')).toHaveAttribute('data-severity', info.severity);
        expect(canvas.getByTestId('status')).toHaveTextContent('closed');
        await expectAccessible(canvasElement);
        return;
      }
      if (info.retry === 'delayed') {
        // 1012/1013 wait a random 5-30 s / 10-60 s: watch the countdown, then skip it.
        const banner = canvas.getByRole('status');
        await waitFor(() => expect(banner).toHaveTextContent(/Reconnecting in \d+ seconds/), { timeout: 12_000 });
        await expectAccessible(canvasElement);
        // Two ticks down: the countdown is live, and stays on screen a good second before the skip.
        const first = Number(/in (\d+) seconds/.exec(banner.textContent ?? '')![1]);
        await waitFor(() => expect(Number(/in (\d+) second/.exec(banner.textContent ?? '')?.[1])).toBeLessThanOrEqual(first - 2), { timeout: 12_000 });
        await userEvent.click(canvas.getByRole('button', { name: 'Retry now' }));
        await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnected'), { timeout: 12_000 });
        await expectAccessible(canvasElement);
      }
      await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 12_000 });
      await waitFor(() => expect(canvas.getByLabelText('timeline')).toHaveTextContent(/will retry[\s\S]*open$/), { timeout: 8000 });
    },
  };
}

export const Code1000 = story(1000);
export const Code1001 = story(1001);
export const Code1002 = story(1002);
export const Code1003 = story(1003);
export const Code1004 = story(1004);
export const Code1005 = story(1005);
export const Code1006 = story(1006);
export const Code1007 = story(1007);
export const Code1008 = story(1008);
export const Code1009 = story(1009);
export const Code1010 = story(1010);
export const Code1011 = story(1011);
export const Code1012 = story(1012);
export const Code1013 = story(1013);
export const Code1015 = story(1015);
