// What a person reads when graphql-ws's own server (the `graphql-ws` package) refuses, times out,
// rejects or restarts: the graphql-ws presets (graphqlWsPolicy, graphqlWsReady,
// graphqlWsMessages) through the public API, useWebSocket, useCloseFeedback and CloseBanner. The
// words are read from the DOM at every change (a MutationObserver sees each commit), so nothing
// shown even for a moment goes unseen; each step also records the status and lastClose.
// PRINT_STEPS=1 prints every test's steps.
import { act, cleanup, fireEvent, render, waitFor, within } from '@testing-library/react';
import type * as GraphQL from 'graphql';
import { useServer as serveGraphqlWs } from 'graphql-ws/use/ws';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import {
  CloseBanner,
  useCloseFeedback,
  useWebSocket,
  WebSocketProvider,
  type CloseInfo,
  type Plugin,
  type ReconnectPolicyOptions,
  type WebSocketHandle,
} from 'react-lifeline';
import { graphqlWsMessages, graphqlWsPolicy } from 'react-lifeline/presets';
import { graphqlWsReady, ready as readiness } from 'react-lifeline/ready';

// graphql through Node's require: the same copy graphql-ws loads (one GraphQLSchema class).
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;
const schema = buildSchema('type Query { hello: String } type Subscription { forever: Int }');

let subscribed = 0;
const roots = {
  query: { hello: () => 'world' },
  // A subscription that stays open until graphql-ws returns it (on close).
  subscription: {
    forever: () => {
      subscribed += 1;
      return never();
    },
  },
};

function never(): AsyncIterableIterator<never> {
  let end = () => {};
  const ended = new Promise<IteratorResult<never>>((resolve) => (end = () => resolve({ done: true, value: undefined })));
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    next: () => ended,
    return: () => {
      end();
      return ended;
    },
  };
}

// --- graphql-ws's server on 127.0.0.1 ------------------------------------------------------------

interface Server {
  wss: WebSocketServer;
  port: number;
  url: string;
  accepted: number;
  /** The token of every connection_init the server got, in order. */
  inits: unknown[];
  /** graphql-ws's own shutdown: closes every client with 1001, then the server. */
  dispose: () => void | Promise<void>;
}

interface ServerOptions {
  port?: number;
  /** graphql-ws's connectionInitWaitTimeout (its default: 3 s). */
  initWaitMs?: number;
  /** onConnect's answer for a token; false makes graphql-ws close with 4403. */
  accept?: (token: unknown) => boolean | Promise<boolean>;
}

const servers: WebSocketServer[] = [];

async function startServer({ port = 0, initWaitMs, accept = (token) => token === 'good' }: ServerOptions = {}): Promise<Server> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port });
  servers.push(wss);
  await new Promise((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const bound = (wss.address() as AddressInfo).port;
  const server: Server = { wss, port: bound, url: `ws://127.0.0.1:${bound}/graphql`, accepted: 0, inits: [], dispose: async () => {} };
  wss.on('connection', () => (server.accepted += 1));
  const graphqlWs = serveGraphqlWs(
    {
      schema,
      roots,
      ...(initWaitMs === undefined ? {} : { connectionInitWaitTimeout: initWaitMs }),
      onConnect: async (ctx) => {
        const token = ctx.connectionParams?.token;
        server.inits.push(token);
        return accept(token);
      },
    },
    wss,
  );
  server.dispose = graphqlWs.dispose;
  return server;
}

// --- the client: what the component renders, step by step ----------------------------------------

interface Step {
  /** ms since mount. */
  t: number;
  status: string;
  /** lastClose as `code initiator action willRetry`, or ''. */
  close: string;
  /** A retry is scheduled (nextRetryAt set). */
  waiting: boolean;
  /** What useCloseFeedback says: `title | description`, or '' for nothing. */
  words: string;
  /** The action button's label, or ''. */
  button: string;
  /** CloseBanner's text for the same socket. */
  banner: string;
}

interface View {
  socket: WebSocketHandle<string>;
  messages: string[];
  /** Every close, as onClose reported it. */
  closes: Pick<CloseInfo, 'code' | 'initiator' | 'action' | 'willRetry'>[];
  steps: Step[];
  container: HTMLElement;
}

const closeOf = ({ code, initiator, action, willRetry }: CloseInfo) => ({ code, initiator, action, willRetry });
const observers: MutationObserver[] = [];
const views: View[] = [];

interface MountOptions {
  url: string;
  ready?: Plugin | undefined;
  /** Layered over graphqlWsPolicy (the provider's), as an app layers its own. */
  policy: ReconnectPolicyOptions;
  onReload?: (() => void) | undefined;
}

function mount({ url, ready, policy, onReload }: MountOptions): View {
  const view = { messages: [], closes: [], steps: [] } as unknown as View;
  function Client() {
    const socket = useWebSocket<string>(url, {
      protocols: 'graphql-transport-ws',
      policy,
      plugins: ready ? [ready] : [],
      onMessage: (message) => void view.messages.push(String(message)),
      onClose: (close) => void view.closes.push(closeOf(close)),
    });
    view.socket = socket;
    const feedback = useCloseFeedback(socket, { graceMs: 0 });
    const close = socket.lastClose;
    return (
      <>
        <output
          data-testid="feedback"
          data-status={socket.status}
          data-close={close ? `${close.code} ${close.initiator} ${close.action} ${close.willRetry}` : ''}
          data-waiting={String(socket.nextRetryAt !== null)}
        >
          <span data-testid="words">{feedback ? `${feedback.title} | ${feedback.description}` : ''}</span>
          {feedback?.action && (
            <button type="button" onClick={feedback.action.onClick}>
              {feedback.action.label}
            </button>
          )}
        </output>
        <div data-testid="banner">
          <CloseBanner socket={socket} graceMs={0} />
        </div>
      </>
    );
  }
  const t0 = Date.now();
  const { container } = render(
    <WebSocketProvider policy={graphqlWsPolicy} messages={graphqlWsMessages} onReload={onReload} onAbnormalClose={() => {}}>
      <Client />
    </WebSocketProvider>,
  );
  view.container = container;
  views.push(view);
  const sample = () => {
    const output = container.querySelector<HTMLElement>('[data-testid="feedback"]');
    if (!output) return;
    const step: Step = {
      t: Date.now() - t0,
      status: output.dataset.status ?? '',
      close: output.dataset.close ?? '',
      waiting: output.dataset.waiting === 'true',
      words: output.querySelector('[data-testid="words"]')?.textContent ?? '',
      button: output.querySelector('button')?.textContent ?? '',
      banner: container.querySelector('[data-testid="banner"]')?.textContent ?? '',
    };
    const last = view.steps.at(-1);
    const key = (s: Step) => [s.status, s.close, s.waiting, s.words, s.button, s.banner].join('\n');
    if (!last || key(last) !== key(step)) view.steps.push(step);
  };
  const observer = new MutationObserver(sample);
  observer.observe(container, { subtree: true, childList: true, characterData: true, attributes: true });
  observers.push(observer);
  sample();
  return view;
}

const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
const now = (view: View) => view.steps.at(-1)!;
/** The statuses the component showed, each run of one status once. */
const statuses = (view: View) => view.steps.map((step) => step.status).filter((status, i, all) => status !== all[i - 1]);
/** What CloseBanner should read for a step: the same title, sentence and button. */
const bannerOf = (step: Step) => (step.words ? `${step.words.replace(' | ', ' ')}${step.button ? ` ${step.button}` : ''}` : '');
/** Each stretch of consecutive steps with a retry scheduled. */
function waits(view: View): Step[][] {
  const runs: Step[][] = [];
  view.steps.forEach((step, i) => {
    if (!step.waiting) return;
    if (!view.steps[i - 1]?.waiting) runs.push([]);
    runs.at(-1)!.push(step);
  });
  return runs;
}
const buttonIn = (view: View, label: string) => within(view.container.querySelector<HTMLElement>('[data-testid="feedback"]')!).getByRole('button', { name: label });

/** The words of every step after the first incident is shown: none is blank again, all under `title`. */
function expectEveryStepSays(view: View, title: string) {
  const first = view.steps.findIndex((step) => step.words !== '');
  expect(first).toBeGreaterThan(-1);
  expect(view.steps.slice(first).filter((step) => !step.words.startsWith(`${title} | `))).toEqual([]);
}

/** While a retry waits: the countdown and Retry now; while it runs: "Reconnecting…" and no button. */
function expectRetriesSay(view: View, title: string, count: number) {
  const runs = waits(view);
  expect(runs).toHaveLength(count);
  for (const run of runs) {
    const shown = run.filter((step) => step.words !== '');
    expect(shown.length).toBeGreaterThan(0);
    for (const step of shown) {
      // The countdown's last tick, at the deadline, can beat the retry's own timer by a few ms:
      // then the retry is due, and the words say "Reconnecting…" (never "in 0 seconds"), with no button.
      if (step.words === `${title} | Reconnecting…`) expect(step.button).toBe('');
      else {
        expect(step.words).toMatch(new RegExp(`^${title} \\| Reconnecting in [1-9]\\d* seconds?\\.$`));
        expect(step.button).toBe('Retry now');
      }
    }
  }
  // A countdown with Retry now was shown (on a busy machine a short wait's first render may
  // already come after its deadline, so not necessarily in every wait).
  expect(runs.flat().some((step) => new RegExp(`^${title} \\| Reconnecting in [1-9]\\d* seconds?\\.$`).test(step.words))).toBe(true);
  const running = view.steps.filter((step) => step.status === 'reconnecting' && !step.waiting);
  expect(running.length).toBeGreaterThan(0);
  for (const step of running) expect([step.words, step.button]).toEqual([`${title} | Reconnecting…`, '']);
}

const showStep = (step: Step) =>
  `${step.t} ms ${step.status}${step.waiting ? ' (waiting)' : ''} [${step.close}] ${step.words || '-'}${step.button ? ` [${step.button}]` : ''}`;

afterEach(async () => {
  for (const view of views.splice(0)) if (process.env.PRINT_STEPS) console.log(view.steps.map(showStep).join('\n'));
  // Unmount first, so no retry runs against a closed port.
  cleanup();
  for (const observer of observers.splice(0)) observer.disconnect();
  await Promise.all(
    servers.splice(0).map((wss) => {
      for (const client of wss.clients) client.terminate();
      return new Promise<void>((resolve) => wss.close(() => resolve()));
    }),
  );
  subscribed = 0;
});

// graphqlWsPolicy's delays, shortened for the test (initialDelayMs 2500 → 50); its jitter ('equal')
// and, where a test does not override it, its maxAttempts (5) stay.
const FAST: ReconnectPolicyOptions = { initialDelayMs: 50 };

// --- retried codes: 4403, 4408 ----------------------------------------------------------------------

describe('graphql-ws refuses the connection_init (4403), retried by graphqlWsPolicy', () => {
  it('says "Access denied" at every step, a countdown with Retry now while a retry waits, never "Reconnected", then gave up with a way forward (Reconnect)', async () => {
    const server = await startServer();
    const view = mount({ url: server.url, ready: graphqlWsReady({ token: 'bad' }), policy: { ...FAST, maxAttempts: 2 } });
    await waitFor(() => expect(view.socket.status).toBe('failed'), { timeout: 5000 });
    await pause(300); // nothing more comes

    expect(server.inits).toEqual(['bad', 'bad', 'bad']);
    expect(server.accepted).toBe(3);
    expect(view.closes).toEqual([
      { code: 4403, initiator: 'server', action: 'backoff', willRetry: true },
      { code: 4403, initiator: 'server', action: 'backoff', willRetry: true },
      { code: 4403, initiator: 'server', action: 'backoff', willRetry: false },
    ]);
    expect(statuses(view)).toEqual(['connecting', 'reconnecting', 'failed']);
    expect(view.steps[0]).toMatchObject({ status: 'connecting', words: '', button: '' });
    expectEveryStepSays(view, 'Access denied');
    expectRetriesSay(view, 'Access denied', 2);
    expect(view.steps.filter((step) => /Reconnected/.test(step.words + step.banner))).toEqual([]);
    expect(now(view)).toMatchObject({
      status: 'failed',
      close: '4403 server backoff false',
      words: 'Access denied | The server did not accept your credentials for this connection. Gave up after 2 attempts.',
      // A stopped connection always offers a way forward.
      button: 'Reconnect',
    });
    expect(view.steps.filter((step) => step.banner !== bannerOf(step))).toEqual([]);
    // Given up on: an error that needs the user, announced as an alert.
    expect(within(view.container).getByRole('alert').textContent).toMatch(/^Access denied /);
  });
});

describe('graphql-ws gets no connection_init in time (4408), retried by graphqlWsPolicy', () => {
  const TITLE = 'The connection took too long to start';
  const GAVE_UP = `${TITLE} | The server did not get the connection set up in time. Gave up after 2 attempts.`;

  it('a readiness step that sends nothing: the init timeout at every step, never open, then gave up', async () => {
    const server = await startServer({ initWaitMs: 150 });
    const view = mount({ url: server.url, ready: readiness({ ...graphqlWsReady().options!, message: undefined }), policy: { ...FAST, maxAttempts: 2 } });
    await waitFor(() => expect(view.socket.status).toBe('failed'), { timeout: 5000 });
    await pause(300);

    expect(server.inits).toEqual([]);
    expect(server.accepted).toBe(3);
    expect(view.closes).toEqual([
      { code: 4408, initiator: 'server', action: 'backoff', willRetry: true },
      { code: 4408, initiator: 'server', action: 'backoff', willRetry: true },
      { code: 4408, initiator: 'server', action: 'backoff', willRetry: false },
    ]);
    expect(statuses(view)).toEqual(['connecting', 'reconnecting', 'failed']);
    expectEveryStepSays(view, TITLE);
    expectRetriesSay(view, TITLE, 2);
    expect(view.steps.filter((step) => /Reconnected/.test(step.words + step.banner))).toEqual([]);
    expect(now(view)).toMatchObject({ status: 'failed', close: '4408 server backoff false', words: GAVE_UP });
    expect(view.steps.filter((step) => step.banner !== bannerOf(step))).toEqual([]);
  });

  it('no readiness step: the socket opens each time, but "Reconnected" never flashes before the 4408', async () => {
    const server = await startServer({ initWaitMs: 150 });
    const view = mount({ url: server.url, policy: { ...FAST, maxAttempts: 2 } });
    await waitFor(() => expect(view.socket.status).toBe('failed'), { timeout: 5000 });
    await pause(300);

    expect(server.accepted).toBe(3);
    expect(view.closes.map((close) => close.code)).toEqual([4408, 4408, 4408]);
    expect(statuses(view)).toEqual(['connecting', 'open', 'reconnecting', 'open', 'reconnecting', 'open', 'failed']);
    expect(view.steps.filter((step) => /Reconnected/.test(step.words + step.banner))).toEqual([]);
    // Open again but not proved alive (no readiness step, no heartbeat): still "Reconnecting".
    const reopened = view.steps.filter((step) => step.status === 'open' && step.close !== '');
    expect(reopened.length).toBeGreaterThan(0);
    for (const step of reopened) expect([step.words, step.button]).toEqual(['Reconnecting | Connecting to the server…', '']);
    expect(now(view)).toMatchObject({ status: 'failed', words: GAVE_UP });
  });

  // README: "**Reconnect** after giving up". 4408 is a transient timeout graphqlWsPolicy retries;
  // once the retries ran out, the person needs a way to try again (unlike 4403, whose catalog
  // entry says `action: null` on purpose).
  it('after giving up, offers Reconnect, and Reconnect connects again', async () => {
    const server = await startServer({ initWaitMs: 150 });
    const view = mount({ url: server.url, ready: readiness({ ...graphqlWsReady().options!, message: undefined }), policy: { ...FAST, maxAttempts: 2 } });
    await waitFor(() => expect(view.socket.status).toBe('failed'), { timeout: 5000 });
    expect(now(view).words).toBe(GAVE_UP);
    expect(now(view).button).toBe('Reconnect');
    fireEvent.click(buttonIn(view, 'Reconnect'));
    await waitFor(() => expect(server.accepted).toBe(4), { timeout: 2000 });
  });
});

// --- codes graphqlWsPolicy never retries: 4400, 4409 --------------------------------------------------

describe('graphql-ws rejects what the app sent: not retried, Reload', () => {
  async function openClient(onReload: () => void) {
    const server = await startServer();
    const view = mount({ url: server.url, ready: graphqlWsReady({ token: 'good' }), policy: FAST, onReload });
    await waitFor(() => expect(view.socket.status).toBe('open'), { timeout: 3000 });
    expect(now(view).words).toBe('');
    return { server, view };
  }

  /** Closed for good with `code`; the words, the Reload button (hook's and banner's) and no retry. */
  async function expectReload(server: Server, view: View, onReload: () => void, code: number, words: string) {
    await waitFor(() => expect(view.socket.status).toBe('closed'), { timeout: 3000 });
    await pause(300); // a retry (25-50 ms under this policy) would have come by now
    expect(server.accepted).toBe(1);
    expect(view.closes).toEqual([{ code, initiator: 'server', action: 'never', willRetry: false }]);
    expect(statuses(view)).toEqual(['connecting', 'open', 'closed']);
    expect(view.steps.map((step) => step.words).filter((text, i, all) => text !== all[i - 1])).toEqual(['', words]);
    expect(now(view)).toMatchObject({ close: `${code} server never false`, words, button: 'Reload' });
    expect(view.steps.filter((step) => step.banner !== bannerOf(step))).toEqual([]);
    // The page is stuck until reloaded: an alert, not a polite status.
    expect(within(view.container).getByRole('alert').textContent).toMatch(new RegExp(`^${words.split(' | ')[0]} `));
    fireEvent.click(buttonIn(view, 'Reload'));
    expect(onReload).toHaveBeenCalledTimes(1);
    fireEvent.click(within(view.container.querySelector<HTMLElement>('[data-testid="banner"]')!).getByRole('button', { name: 'Reload' }));
    expect(onReload).toHaveBeenCalledTimes(2);
    expect(view.socket.status).toBe('closed');
  }

  it('4400: a message of an unknown type after the ack', async () => {
    const onReload = vi.fn();
    const { server, view } = await openClient(onReload);
    act(() => void view.socket.sendJson({ type: 'bogus' }));
    await expectReload(server, view, onReload, 4400, 'The app sent an invalid request | The server could not accept a message from this page. Reload the page.');
  });

  it('4409: a second subscribe with the id of one still running', async () => {
    const onReload = vi.fn();
    const { server, view } = await openClient(onReload);
    const subscribe = { id: 'dup', type: 'subscribe', payload: { query: 'subscription { forever }' } };
    act(() => void view.socket.sendJson(subscribe));
    await waitFor(() => expect(subscribed).toBe(1), { timeout: 2000 });
    act(() => void view.socket.sendJson(subscribe));
    await expectReload(server, view, onReload, 4409, 'A request was sent twice | This page subscribed twice with the same id. Reload the page.');
  });
});

// --- the server restarts ------------------------------------------------------------------------------

describe('the graphql-ws server restarts on the same port', () => {
  it.each([
    { how: 'dispose() (1001)', code: 1001, action: 'backoff', title: 'The server went away' },
    { how: 'close(1012), then dispose()', code: 1012, action: 'delayed', title: 'The server is restarting' },
  ])('$how: reconnects, re-sends connection_init, is open only on the new ack, then "Reconnected", and subscribes', async ({ code, action, title }) => {
    const server = await startServer();
    // Shortened waits, jitter kept: 1001's backoff waits 200-400 ms ('equal' jitter of 400), and
    // 1012's window (5-30 s by default) becomes 200-400 ms. Time for the server to come back
    // first, so the retry meets it.
    const view = mount({ url: server.url, ready: graphqlWsReady({ token: 'good' }), policy: { initialDelayMs: 400, codes: { 1012: { delayMs: [200, 400] } } } });
    await waitFor(() => expect(view.socket.status).toBe('open'), { timeout: 3000 });
    expect(server.inits).toEqual(['good']);

    // The new server holds its connection_ack until released.
    let ack!: () => void;
    const acked = new Promise<boolean>((resolve) => (ack = () => resolve(true)));
    await act(async () => {
      if (code === 1012) for (const client of server.wss.clients) client.close(1012, 'Service restart');
      await server.dispose();
    });
    const restarted = await startServer({ port: server.port, accept: () => acked });
    await waitFor(() => expect(now(view)).toMatchObject({ status: 'reconnecting', waiting: true, button: 'Retry now' }), { timeout: 1000 });
    expect(now(view).words).toMatch(new RegExp(`^${title} \\| Reconnecting in \\d seconds?\\.$`));

    await waitFor(() => expect(restarted.inits).toEqual(['good']), { timeout: 3000 });
    await pause(300); // the ack is held: connected, initialised, not open
    expect(now(view)).toMatchObject({ status: 'reconnecting', waiting: false, words: `${title} | Reconnecting…`, button: '' });
    const beforeAck = view.steps.length;

    act(() => ack());
    // "Reconnected" once the open holds: with a readiness step the ack proves it.
    await waitFor(() => expect(now(view).words).toBe('Reconnected | The connection is back.'), { timeout: 1500 });
    expect(now(view).status).toBe('open');

    expect(view.closes).toEqual([{ code, initiator: 'server', action, willRetry: true }]);
    expect(statuses(view)).toEqual(['connecting', 'open', 'reconnecting', 'open']);
    expect(restarted.accepted).toBe(1);
    expect(view.steps.slice(0, beforeAck).filter((step) => /Reconnected/.test(step.words + step.banner))).toEqual([]);
    expect(view.steps.filter((step) => step.words.startsWith('Reconnected') && step.status !== 'open')).toEqual([]);
    expectRetriesSay(view, title, 1);
    expect(view.steps.filter((step) => step.banner !== bannerOf(step))).toEqual([]);

    // A subscription sent now reaches the new server and answers.
    let sent = '';
    act(() => void (sent = view.socket.sendJson({ id: 'after', type: 'subscribe', payload: { query: '{ hello }' } })));
    expect(sent).toBe('sent');
    await waitFor(
      () => expect(view.messages).toEqual([JSON.stringify({ id: 'after', type: 'next', payload: { data: { hello: 'world' } } }), JSON.stringify({ id: 'after', type: 'complete' })]),
      { timeout: 2000 },
    );
    expect(view.socket.status).toBe('open');
  });
});
