import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useRef, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket } from '../src';
import { sharedSockets } from '../src/plugins/share';
import { ConnectionFacts } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';
import { expectAccessible } from './expectAccessible';
import { Scenario, buttonOf, expectScenarioIdle, runScenario, scenarioDone, stepPassed, textOf, type ScenarioStep } from './Scenario';

const meta = { title: 'Guides/Connection' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** Status, send() and disconnect(), pressed in turn: the buttons of the Echo demo below. */
const echoSteps: ScenarioStep[] = [
  { label: 'Wait for the socket to open.', run: ({ root, until }) => until('status open', () => textOf(root, 'status') === 'open') },
  {
    label: (
      <>
        Press <strong>Send</strong>: <code>send()</code> answers <code>sent</code>, and the echo comes back.
      </>
    ),
    run: async ({ root, press, until }) => {
      const message = root.querySelector<HTMLInputElement>('input[name="message"]')?.value ?? '';
      await press(buttonOf(root, 'Send'), 'Send');
      await until(`the echo of “${message}”`, () => textOf(root, 'echo') === message);
      return `${textOf(root, 'send-answer')}; echo “${textOf(root, 'echo')}”`;
    },
  },
  {
    label: (
      <>
        Press <strong>disconnect()</strong>: the client closes with 1000, and nothing retries.
      </>
    ),
    run: async ({ root, press, until }) => {
      await press(buttonOf(root, 'disconnect()'), 'disconnect()');
      await until('status closed', () => textOf(root, 'status') === 'closed');
      return `last close: ${textOf(root, 'last-close')}`;
    },
  },
  {
    label: (
      <>
        Press <strong>Send</strong> again: the socket is closed, so <code>send()</code> answers <code>rejected</code>.
      </>
    ),
    run: async ({ root, press, until }) => {
      await press(buttonOf(root, 'Send'), 'Send');
      await until('send() to answer rejected', () => textOf(root, 'send-answer').endsWith('rejected'));
    },
  },
  {
    label: (
      <>
        Press <strong>connect()</strong>: open again.
      </>
    ),
    run: async ({ root, press, until }) => {
      await press(buttonOf(root, 'connect()'), 'connect()');
      await until('status open', () => textOf(root, 'status') === 'open');
    },
  },
];


// What share: true shares through (stateless: each provider keeps its own sockets).
const sharing = sharedSockets();

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
          message <input name="message" value={draft} onChange={(event) => setDraft(event.target.value)} />
        </label>
        <button type="submit">Send</button>
        <span data-testid="send-answer">send() answered: {answer ?? '—'}</span>
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
      {/* The demo first, above the fold; the scenario that drives it under it. */}
      <Scenario caption="Sends a message and waits for its echo, disconnects, sends while closed, then connects again." steps={echoSteps} />
    </section>
  );
}

export const Status: Story = {
  name: 'Status, send() and disconnect()',
  render: () => <Echo />,
  // What a viewer sees on opening the story: an open socket, and a scenario that waits for its button.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    expect(canvas.getByText('send() answered: —')).toBeInTheDocument();
    await expectScenarioIdle(canvasElement);
  },
};

// For the test runner only (a play also runs in the viewer): presses Run scenario, and checks each step's effect.
export const StatusScenarioRun: Story = {
  name: 'Status, send() and disconnect(): scenario run',
  tags: ['!dev'],
  render: () => <Echo />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await runScenario(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('echo')).toHaveTextContent('hello'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText('send() answered: sent')).toBeInTheDocument());
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('closed'), { timeout: 8000 });
    expect(canvas.getByTestId('last-close')).toHaveTextContent('1000 Normal Closure · by client · no retry');
    await waitFor(() => expect(canvas.getByText('send() answered: rejected')).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await scenarioDone(canvasElement);
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

const READERS = ['inbox', 'badge', 'log'];

const sharedSteps: ScenarioStep[] = [
  {
    label: 'Wait for the three readers to see the one socket open.',
    run: ({ root, until }) => until('three readers open', () => READERS.every((name) => textOf(root, `${name}-status`) === 'open')),
  },
  {
    label: (
      <>
        Press <strong>Send through the shared socket</strong>: the one echo reaches all three readers.
      </>
    ),
    run: async ({ root, press, until }) => {
      await press(buttonOf(root, /^Send through/), 'Send through the shared socket');
      await until('the echo in every reader', () => READERS.every((name) => textOf(root, `${name}-message`) === 'ping from the sender'));
      return 'inbox, badge and log: “ping from the sender”';
    },
  },
];

function Shared() {
  const [url] = useState(() => demoUrl('/echo'));
  return (
    <WebSocketProvider share={sharing}>
      <section className="demo">
        <h2>One socket, four components: three readers and a sender</h2>
        <p className="note">
          Every component (the three readers and the sender) calls <code>useWebSocket(url, {'{ share: true }'})</code> under{' '}
          <code>{'<WebSocketProvider share={sharedSockets()}>'}</code>; the provider holds one ref-counted socket.
          The echo of one send reaches all three readers.
        </p>
        <Scenario caption="Sends one message through the shared socket and waits for its echo in all three readers." steps={sharedSteps} />
        <ul>
          {READERS.map((name) => (
            <Reader key={name} name={name} url={url} />
          ))}
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
    for (const name of READERS) await waitFor(() => expect(canvas.getByTestId(`${name}-status`)).toHaveTextContent('open'), { timeout: 8000 });
    for (const name of READERS) expect(canvas.getByTestId(`${name}-message`)).toHaveTextContent('—');
    // The heading counts what is on screen: three readers and one sender.
    expect(canvas.getByRole('heading', { level: 2 })).toHaveTextContent('four components: three readers and a sender');
    expect(canvas.getAllByText(/^(inbox|badge|log):/)).toHaveLength(READERS.length);
    await expectScenarioIdle(canvasElement);
  },
};

// For the test runner only: presses Run scenario.
export const SharedSocketScenarioRun: Story = {
  name: 'One socket, many components: scenario run',
  tags: ['!dev'],
  render: () => <Shared />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    for (const name of READERS) await waitFor(() => expect(canvas.getByTestId(`${name}-status`)).toHaveTextContent('open'), { timeout: 8000 });
    await runScenario(canvasElement);
    for (const name of READERS) {
      await waitFor(() => expect(canvas.getByTestId(`${name}-message`)).toHaveTextContent('ping from the sender'), { timeout: 8000 });
    }
    await scenarioDone(canvasElement);
  },
};

/** Stands in for the browser's network: `navigator.onLine` and the window's event. */
function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

/** Gives `navigator.onLine` back to the browser (the story's stand-in must not outlive it). */
function restoreOnline() {
  const wasOffline = !window.navigator.onLine;
  Reflect.deleteProperty(window.navigator, 'onLine');
  if (wasOffline && window.navigator.onLine) window.dispatchEvent(new Event('online'));
}

/** The server cuts each run's socket this long after its handshake: time to go offline first. */
const CUT_AFTER_MS = 2500;

const bannerText = (root: ParentNode) => root.querySelector('[data-lifeline-banner]')?.textContent ?? '';

function offlineSteps(restart: (run: number) => void): ScenarioStep[] {
  return [
    {
      label: `Open a fresh socket, which the demo server will cut ${CUT_AFTER_MS / 1000} s after its handshake.`,
      run: async ({ root, run, until }) => {
        if (!window.navigator.onLine) setOnline(true);
        restart(run);
        await until('the fresh socket to open', () => root.querySelector(`[data-run="${run}"]`) !== null && textOf(root, 'status') === 'open');
      },
    },
    {
      label: (
        <>
          Press <strong>Go offline</strong> (the browser's <code>offline</code> event); the socket is still open.
        </>
      ),
      run: async ({ root, press }) => {
        await press(buttonOf(root, 'Go offline'), 'Go offline');
        return `navigator.onLine ${window.navigator.onLine}, status ${textOf(root, 'status')}`;
      },
    },
    {
      label: (
        <>
          The server cuts the connection (1006). Offline, nothing is tried: the banner says <em>You are offline</em>.
        </>
      ),
      run: async ({ root, until }) => {
        await until('the 1006', () => textOf(root, 'last-close').startsWith('1006'));
        await until('“You are offline”', () => bannerText(root).includes('You are offline'));
        return `last close: ${textOf(root, 'last-close')}`;
      },
    },
    {
      label: 'Wait 1.5 s: still reconnecting, and not one attempt.',
      run: async ({ root, sleep }) => {
        const attempt = textOf(root, 'attempt');
        await sleep(1500);
        const now = { status: textOf(root, 'status'), attempt: textOf(root, 'attempt') };
        if (now.status !== 'reconnecting' || now.attempt !== attempt) throw new Error(`status ${now.status}, attempt ${attempt} → ${now.attempt}`);
        return `status ${now.status}, attempt still ${now.attempt}`;
      },
    },
    {
      label: (
        <>
          Press <strong>Go online</strong>: the <code>online</code> event retries at once; open, then <em>Reconnected</em>.
        </>
      ),
      run: async ({ root, press, until }) => {
        await press(buttonOf(root, 'Go online'), 'Go online');
        await until('status open', () => textOf(root, 'status') === 'open');
        await until('“Reconnected”', () => bannerText(root).includes('Reconnected'));
      },
    },
  ];
}

function Offline() {
  // Until the scenario runs: a quiet echo socket. Each run: a fresh socket (a new demo-server id) that the server cuts.
  const [session, setSession] = useState(() => ({ run: 0, url: demoUrl('/echo') }));
  const [steps] = useState(() => offlineSteps((run) => setSession({ run, url: demoUrl(`/once?code=1006&after=${CUT_AFTER_MS}`) })));
  useEffect(() => restoreOnline, []);
  return (
    <section className="demo">
      <h2>Offline, then back online</h2>
      <p className="note">
        While <code>navigator.onLine</code> is false no attempt is made; the <code>online</code> event retries at once. (The buttons
        simulate the browser's events.)
      </p>
      <Scenario caption="Goes offline, lets the server cut the connection, waits, then comes back online." steps={steps} />
      <OfflineDemo key={session.run} run={session.run} url={session.url} />
    </section>
  );
}

function OfflineDemo({ run, url }: { run: number; url: string }) {
  const { entries, callbacks } = useTimeline();
  const socket = useWebSocket(url, callbacks);
  return (
    <div className="stack" data-run={run}>
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
    </div>
  );
}

export const OfflineAndOnline: Story = {
  name: 'Offline, then back online',
  render: () => <Offline />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    expect(canvas.getByTestId('last-close')).toHaveTextContent('—');
    await expectScenarioIdle(canvasElement);
  },
};

// For the test runner only: presses Run scenario, and checks each step's effect.
export const OfflineAndOnlineScenarioRun: Story = {
  name: 'Offline, then back online: scenario run',
  tags: ['!dev'],
  render: () => <Offline />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await runScenario(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('1006'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('You are offline'), { timeout: 8000 });
    const attempt = canvas.getByTestId('attempt').textContent;
    await expectAccessible(canvasElement);
    // The scenario waits 1.5 s offline before it goes online: no attempt in that time.
    await stepPassed(canvasElement, 4);
    expect(canvas.getByTestId('status')).toHaveTextContent('reconnecting');
    expect(canvas.getByTestId('attempt').textContent).toBe(attempt);
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByRole('status')).toHaveTextContent('Reconnected'), { timeout: 8000 });
    await expectAccessible(canvasElement);
    await scenarioDone(canvasElement);
  },
};

function Renders() {
  const [url] = useState(() => demoUrl('/flood?rate=200&count=400'));
  const statusRenders = useRef(0);
  return (
    <WebSocketProvider>
      <section className="demo">
        <h2>Renders while 400 messages arrive</h2>
        <p className="note">
          Two components, each with its own socket to the same flood of 400 messages (200 a second, done in about 2 s): only the one that
          reads lastMessage renders per message.
        </p>
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
      lastMessage reader: messages still to come <span data-testid="n">{lastMessage?.n ?? '—'}</span> of 400 (each message says how many
      follow: the server counts down to 0), renders <span data-testid="message-renders">{renders.current}</span>
    </p>
  );
}

export const RenderOnlyWhatYouRead: Story = {
  name: 'Render only what you read',
  render: () => <Renders />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('n')).toHaveTextContent(/^0$/), { timeout: 15_000 });
    // 0 still to come beside the renders of all 400 messages: the words say the flood is over, not that none came.
    expect(canvas.getByTestId('n').parentElement).toHaveTextContent(/messages still to come 0 of 400/);
    expect(Number(canvas.getByTestId('message-renders').textContent)).toBeGreaterThan(2);
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
