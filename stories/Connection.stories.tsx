import type { Meta, StoryObj } from '@storybook/react-vite';
import { useRef, useState } from 'react';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket } from '../src';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';
import { expectAccessible } from './expectAccessible';

const meta = { title: 'Guides/Connection' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

function Echo() {
  const [url] = useState(() => demoUrl('/echo'));
  const socket = useWebSocket<string>(url);
  const [draft, setDraft] = useState('hello');
  const [answer, setAnswer] = useState<string | null>(null);
  return (
    <section className="demo">
      <h2>Connection status</h2>
      <ConnectionFacts socket={socket} />
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          setAnswer(socket.send(draft));
        }}
      >
        <label>
          message <input value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit">Send</button>
        <span>send() answered: {answer ?? '—'}</span>
      </form>
      <p>
        Echo: <output data-testid="echo">{socket.lastMessage ?? '—'}</output>
      </p>
      <div className="row">
        <button type="button" onClick={() => socket.disconnect(1000, 'bye')}>
          disconnect()
        </button>
        <button type="button" onClick={() => socket.connect()}>
          connect()
        </button>
      </div>
    </section>
  );
}

export const Status: Story = {
  name: 'Status, send() and disconnect()',
  render: () => <Echo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    await waitFor(() => expect(canvas.getByTestId('echo')).toHaveTextContent('hello'), { timeout: 8000 });
    expect(canvas.getByText('send() answered: sent')).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'disconnect()' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('closed'), { timeout: 8000 });
    expect(canvas.getByTestId('last-close')).toHaveTextContent('1000 Normal Closure · by client · no retry');
    await userEvent.click(canvas.getByRole('button', { name: 'Send' }));
    expect(canvas.getByText('send() answered: rejected')).toBeInTheDocument();
    await userEvent.click(canvas.getByRole('button', { name: 'connect()' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
  },
};

function Reader({ name, url }: { name: string; url: string }) {
  const { status, lastMessage } = useWebSocket<string>(url, { share: true });
  return (
    <li>
      {name}: <span data-testid={`${name}-status`}>{status}</span>, last message{' '}
      <span data-testid={`${name}-message`}>{lastMessage ?? '—'}</span>
    </li>
  );
}

function Sender({ url }: { url: string }) {
  const { send } = useWebSocket(url, { share: true });
  return (
    <button type="button" onClick={() => send('ping from the sender')}>
      Send through the shared socket
    </button>
  );
}

function Shared() {
  const [url] = useState(() => demoUrl('/echo'));
  return (
    <WebSocketProvider>
      <section className="demo">
        <h2>One socket, four components</h2>
        <p className="note">
          Every component calls <code>useWebSocket(url, {'{ share: true }'})</code>; the provider holds one ref-counted socket.
          The echo of one send reaches them all.
        </p>
        <ul>
          <Reader name="inbox" url={url} />
          <Reader name="badge" url={url} />
          <Reader name="log" url={url} />
        </ul>
        <Sender url={url} />
      </section>
    </WebSocketProvider>
  );
}

export const SharedSocket: Story = {
  name: 'One socket, many components (share: true)',
  render: () => <Shared />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    for (const name of ['inbox', 'badge', 'log']) await waitFor(() => expect(canvas.getByTestId(`${name}-status`)).toHaveTextContent('open'), { timeout: 8000 });
    await userEvent.click(canvas.getByRole('button', { name: /Send through/ }));
    for (const name of ['inbox', 'badge', 'log']) {
      await waitFor(() => expect(canvas.getByTestId(`${name}-message`)).toHaveTextContent('ping from the sender'), { timeout: 8000 });
    }
  },
};

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

function Offline() {
  const [url] = useState(() => demoUrl('/once?code=1006&after=200'));
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, callbacks);
  return (
    <section className="demo">
      <h2>Offline, then back online</h2>
      <p className="note">
        While <code>navigator.onLine</code> is false no attempt is made; the <code>online</code> event retries at once. (The buttons
        simulate the browser's events.)
      </p>
      <div className="row">
        <button type="button" onClick={() => setOnline(false)}>
          Go offline
        </button>
        <button type="button" onClick={() => setOnline(true)}>
          Go online
        </button>
      </div>
      <CloseBanner socket={socket} graceMs={0} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

export const OfflineAndOnline: Story = {
  name: 'Offline, then back online',
  render: () => <Offline />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await userEvent.click(canvas.getByRole('button', { name: 'Go offline' }));
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('1006'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('You are offline'), { timeout: 8000 });
    await expectAccessible(canvasElement);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(canvas.getByTestId('status')).toHaveTextContent('reconnecting');
    await userEvent.click(canvas.getByRole('button', { name: 'Go online' }));
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnected'), { timeout: 8000 });
    await expectAccessible(canvasElement);
  },
};

function Renders() {
  const [url] = useState(() => demoUrl('/flood?rate=200&count=400'));
  const statusRenders = useRef(0);
  return (
    <WebSocketProvider>
      <section className="demo">
        <h2>Renders while 400 messages arrive</h2>
        <p className="note">Two components, each with its own socket to the same flood: only the one that reads lastMessage renders per message.</p>
        <StatusOnly url={url} renders={statusRenders} />
        <Messages url={url} />
      </section>
    </WebSocketProvider>
  );
}

function StatusOnly({ url, renders }: { url: string; renders: React.RefObject<number> }) {
  const { status } = useWebSocket(url);
  renders.current += 1;
  return (
    <p>
      status reader: <span data-testid="status">{status}</span>, renders <span data-testid="status-renders">{renders.current}</span>
    </p>
  );
}

function Messages({ url }: { url: string }) {
  const renders = useRef(0);
  const { lastMessage } = useWebSocket<{ n: number }>(url, { parse: (data) => JSON.parse(String(data)) as { n: number } });
  renders.current += 1;
  return (
    <p>
      lastMessage reader: n = <span data-testid="n">{lastMessage?.n ?? '—'}</span>, renders {renders.current}
    </p>
  );
}

export const RenderOnlyWhatYouRead: Story = {
  name: 'Render only what you read',
  render: () => <Renders />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('n')).toHaveTextContent(/^0$/), { timeout: 15_000 });
    expect(Number(canvas.getByTestId('status-renders').textContent)).toBeLessThanOrEqual(2);
  },
};

function Rejected() {
  const [url] = useState(() => demoUrl('/reject?status=401'));
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, { ...callbacks, policy: { maxAttempts: 2, initialDelayMs: 300 } });
  return (
    <section className="demo">
      <h2>Handshake refused with HTTP 401</h2>
      <p className="note">
        Browsers report any refused handshake as 1006 with no detail, so the policy backs off; <code>maxAttempts: 2</code> then gives
        up and offers Reconnect.
      </p>
      <CloseBanner socket={socket} />
      <ConnectionFacts socket={socket} />
      <Timeline entries={entries} />
    </section>
  );
}

export const HandshakeRejected: Story = {
  name: 'Handshake refused (HTTP 401), then give up',
  render: () => <Rejected />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('failed'), { timeout: 12_000 });
    expect(canvas.getByTestId('last-close')).toHaveTextContent('1006 Abnormal Closure · by network · no retry');
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent(/Connection lost.*Gave up after 2 attempts\./), { timeout: 8000 });
    await expectAccessible(canvasElement);
    expect(canvas.getByRole('button', { name: 'Reconnect' })).toBeInTheDocument();
    expect(canvas.getByLabelText('timeline')).toHaveTextContent('gave up after 1006');
  },
};
