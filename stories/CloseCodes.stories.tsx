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

/** One code's story; each export below names it statically, so the sidebar index can read the name. */
function story(code: number): Story {
  const info = describeCloseCode(code);
  const retries = info.retry !== 'never';
  return {
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

export const Code1000: Story = { ...story(1000), name: '1000 · Normal Closure' };
export const Code1001: Story = { ...story(1001), name: '1001 · Going Away' };
export const Code1002: Story = { ...story(1002), name: '1002 · Protocol Error' };
export const Code1003: Story = { ...story(1003), name: '1003 · Unsupported Data' };
export const Code1004: Story = { ...story(1004), name: '1004 · Reserved (simulated)' };
export const Code1005: Story = { ...story(1005), name: '1005 · No Status Received' };
export const Code1006: Story = { ...story(1006), name: '1006 · Abnormal Closure' };
export const Code1007: Story = { ...story(1007), name: '1007 · Invalid Payload Data' };
export const Code1008: Story = { ...story(1008), name: '1008 · Policy Violation' };
export const Code1009: Story = { ...story(1009), name: '1009 · Message Too Big' };
export const Code1010: Story = { ...story(1010), name: '1010 · Mandatory Extension' };
export const Code1011: Story = { ...story(1011), name: '1011 · Internal Error' };
export const Code1012: Story = { ...story(1012), name: '1012 · Service Restart' };
export const Code1013: Story = { ...story(1013), name: '1013 · Try Again Later' };
export const Code1015: Story = { ...story(1015), name: '1015 · TLS Handshake (simulated)' };
