import type { Meta, StoryObj } from '@storybook/react-vite';
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { expect, waitFor, within } from 'storybook/test';
import { WebSocketProvider, describeCloseCode, useWebSocket, type WebSocketConstructor } from '../src';
import { crossTab } from '../src/plugins/tabs';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';
import { Scenario, buttonOf, expectScenarioIdle, runScenario, scenarioDone, textOf, type ScenarioStep } from './Scenario';

const meta = { title: 'Guides/Cross-tab sharing' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

/** A frame's window, with its own WebSocket, BroadcastChannel and navigator.locks. */
type FrameWindow = Window & typeof globalThis;

interface TabReport {
  leader: boolean;
  status: string;
}

const clock = () => new Date().toISOString().slice(11, 23);

// A frame is a document of its own: the demo chrome's colours (.storybook/demo.css), light and dark, restated here.
const FRAME_CSS = `
  :root { color-scheme: light dark; --bg: #ffffff; --text: #1f2328; --muted: #59636e; --button-bg: #eef4ff; --button-border: #9db8f2; --button-text: #1d3a78; --focus: #1d3a78; }
  @media (prefers-color-scheme: dark) {
    :root { --bg: #161b26; --text: #e6edf3; --muted: #9ba6b4; --button-bg: #16233f; --button-border: #4d6fb3; --button-text: #c9d8ff; --focus: #9db8f2; }
  }
  body { margin: 0; padding: 0.5rem 0.75rem; font: 14px/1.4 system-ui, sans-serif; color: var(--text); background: var(--bg); }
  h1 { margin: 0 0 0.35rem; font-size: 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0 0 0.5rem; }
  dt { color: var(--muted); }
  dd { margin: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; overflow-wrap: anywhere; }
  button { font: inherit; font-size: 0.9rem; padding: 0.25rem 0.75rem; border: 1px solid var(--button-border); border-radius: 0.375rem; background: var(--button-bg); color: var(--button-text); cursor: pointer; }
  button:focus-visible, [data-scenario-press] { outline: 2px solid var(--focus); outline-offset: 2px; }
  .answer { color: var(--muted); font-size: 0.85rem; margin-left: 0.4rem; }
`;

/**
 * Whether this frame holds the Web Lock of a shared socket, from `navigator.locks.query()`:
 * the frame holds a probe lock of its own to learn its client id, then looks for a
 * `react-lifeline …` lock held by that client. Read from the browser, not from the library.
 */
function useHoldsSocketLock(win: FrameWindow): boolean | null {
  const [holds, setHolds] = useState<boolean | null>(null);
  useEffect(() => {
    const { locks } = win.navigator;
    const probe = `story probe ${win.crypto.randomUUID()}`;
    let release = () => {};
    void locks.request(probe, () => new Promise<void>((resolve) => (release = resolve))).catch(() => {});
    let stopped = false;
    const check = async () => {
      const { held = [] } = await locks.query();
      const self = held.find((lock) => lock.name === probe)?.clientId;
      if (!stopped && self !== undefined) setHolds(held.some((lock) => lock.name?.startsWith('react-lifeline ') && lock.clientId === self));
    };
    const timer = setInterval(() => void check().catch(() => {}), 150);
    return () => {
      stopped = true;
      clearInterval(timer);
      release();
    };
  }, [win]);
  return holds;
}

/** The frame's own WebSocket, counting the sockets this tab opened. */
function useFrameSockets(win: FrameWindow) {
  const [, setVersion] = useState(0);
  const [sockets] = useState(() => {
    const made: WebSocket[] = [];
    const changed = () => setVersion((version) => version + 1);
    class FrameSocket extends win.WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        made.push(this);
        this.addEventListener('open', changed);
        this.addEventListener('close', changed);
        queueMicrotask(changed);
      }
    }
    return { WebSocket: FrameSocket as WebSocketConstructor, made };
  });
  const live = sockets.made.filter((socket) => socket.readyState <= 1);
  const now = live.length === 0 ? 'none' : live.some((socket) => socket.readyState === 1) ? 'open' : 'connecting';
  return { WebSocket: sockets.WebSocket, summary: `${now} (${sockets.made.length} opened by this tab)` };
}

/** What runs in one tab: `useWebSocket(url, { share: 'tabs' })` under a provider given `crossTab()`, all on the frame's own browser objects. */
interface TabProps {
  name: string;
  url: string;
  onReport: (name: string, report: TabReport) => void;
  onLog: (entry: string) => void;
}

function TabApp({ win, ...props }: TabProps & { win: FrameWindow }) {
  const [tabs] = useState(() => crossTab({ locks: win.navigator.locks, BroadcastChannel: win.BroadcastChannel }));
  const sockets = useFrameSockets(win);
  return (
    <WebSocketProvider WebSocket={sockets.WebSocket} share={tabs}>
      <TabView {...props} win={win} ownSocket={sockets.summary} />
    </WebSocketProvider>
  );
}

function TabView({ name, url, win, ownSocket, onReport, onLog }: TabProps & { win: FrameWindow; ownSocket: string }) {
  const [received, setReceived] = useState<{ count: number; last: string | null }>({ count: 0, last: null });
  const [answer, setAnswer] = useState<string | null>(null);
  const socket = useWebSocket<string>(url, {
    share: 'tabs',
    onMessage: (message) => setReceived((previous) => ({ count: previous.count + 1, last: String(message) })),
  });
  const holds = useHoldsSocketLock(win);
  const { status, lastClose } = socket;
  useEffect(() => onReport(name, { leader: holds === true, status }), [name, holds, status, onReport]);
  return (
    <main>
      <h1>{name}</h1>
      <dl aria-label={`${name}: connection state`}>
        <dt>status</dt>
        <dd data-testid="status">{status}</dd>
        <dt>leader</dt>
        <dd data-testid="leader">{holds === null ? '…' : holds ? 'yes, holds the Web Lock' : 'no, follows the leader'}</dd>
        <dt>own socket</dt>
        <dd data-testid="own-socket">{ownSocket}</dd>
        <dt>last close</dt>
        <dd data-testid="last-close">{lastClose ? `${lastClose.code} ${describeCloseCode(lastClose.code).name} · by ${lastClose.initiator}` : '—'}</dd>
        <dt>received</dt>
        <dd data-testid="received">
          {received.count} · last {received.last ?? '—'}
        </dd>
      </dl>
      <button
        type="button"
        onClick={() => {
          const result = socket.send(`hello from ${name}`);
          setAnswer(result);
          onLog(`${name} (${holds ? 'the leader' : 'a follower'}) sent "hello from ${name}": ${result}`);
        }}
      >
        Send from {name}
      </button>
      {answer && <span className="answer">send() answered {answer}</span>}
    </main>
  );
}

/** A frame that is a tab as far as the browser goes: its own Web Locks client, BroadcastChannel and WebSocket; React renders into it from here. */

function TabFrame({ leader, ...props }: TabProps & { leader: boolean }) {
  const { name } = props;
  const [target, setTarget] = useState<{ win: FrameWindow; body: HTMLElement } | null>(null);
  // The frame's initial about:blank document is there as soon as the frame is in the page.
  const attach = useCallback(
    (frame: HTMLIFrameElement | null) => {
      const doc = frame?.contentDocument;
      const win = frame?.contentWindow as FrameWindow | null | undefined;
      if (!doc || !win || doc.getElementById('tab-style')) return;
      doc.title = name;
      doc.documentElement.lang = 'en';
      const style = doc.createElement('style');
      style.id = 'tab-style';
      style.textContent = FRAME_CSS;
      doc.head.append(style);
      setTarget({ win, body: doc.body });
    },
    [name],
  );
  return (
    <figure className="tab">
      <iframe ref={attach} title={`${name} (a tab)`} className="tab-frame" data-leader={leader || undefined} />
      <figcaption>
        {name}: {leader ? 'the leader, owns the socket' : 'a follower'}
      </figcaption>
      {target && createPortal(<TabApp {...props} win={target.win} />, target.body)}
    </figure>
  );
}

/** The body of the tab called `name` (its frame's document), or null once it is closed. */
const tabBody = (root: ParentNode, name: string) => root.querySelector<HTMLIFrameElement>(`iframe[title="${name} (a tab)"]`)?.contentDocument?.body ?? null;
const tabText = (root: ParentNode, name: string, id: string) => {
  const body = tabBody(root, name);
  return body ? textOf(body, id) : '';
};
const openTabs = (root: ParentNode) => Array.from(root.querySelectorAll('iframe[title$=" (a tab)"]'), (frame) => frame.getAttribute('title')!.replace(' (a tab)', ''));

function takeoverSteps(restart: (run: number) => void): ScenarioStep[] {
  // Who leads is found in the first step, for the steps after it.
  const roles = { leader: '', follower: '' };
  return [
    {
      label: 'Two tabs open: one holds the Web Lock (the leader), the other follows, and the server counts one socket.',
      run: async ({ root, run, until }) => {
        if (run > 1) {
          restart(run);
          await until('two fresh tabs', () => root.querySelector(`[data-run="${run}"]`) !== null);
        }
        await until(
          'both tabs open, one leader, one socket on the server',
          () => {
            const names = openTabs(root);
            return (
              names.length === 2 &&
              names.every((name) => tabText(root, name, 'status') === 'open') &&
              names.filter((name) => tabText(root, name, 'leader').startsWith('yes')).length === 1 &&
              textOf(root, 'server-count') === '1'
            );
          },
          15_000,
        );
        const names = openTabs(root);
        roles.leader = names.find((name) => tabText(root, name, 'leader').startsWith('yes'))!;
        roles.follower = names.find((name) => name !== roles.leader)!;
        return `${roles.leader} leads, ${roles.follower} follows; the server holds 1 socket`;
      },
    },
    {
      label: "Press the follower's Send: it goes out through the leader's socket, and the server's echo reaches both tabs.",
      run: async ({ root, press, until }) => {
        const { leader, follower } = roles;
        await press(buttonOf(tabBody(root, follower) ?? root, `Send from ${follower}`), `Send from ${follower}`);
        await until('the echo in both tabs', () => [leader, follower].every((name) => tabText(root, name, 'received').includes(`last hello from ${follower}`)));
        return `both tabs received “hello from ${follower}”`;
      },
    },
    {
      label: (
        <>
          Press <strong>Close the leader</strong>: its frame is removed, as closing its tab would.
        </>
      ),
      run: async ({ root, press, until }) => {
        await press(buttonOf(root, 'Close the leader'), 'Close the leader');
        await until(`${roles.leader} closed`, () => root.querySelector(`[data-testid="closed-${roles.leader}"]`) !== null);
      },
    },
    {
      label: 'The other tab takes the lock and opens the one socket; the server counts one again.',
      run: async ({ root, until }) => {
        const { follower } = roles;
        await until(
          `${follower} to take over`,
          () =>
            tabText(root, follower, 'leader').startsWith('yes') &&
            tabText(root, follower, 'status') === 'open' &&
            /^open \(1 opened/.test(tabText(root, follower, 'own-socket')) &&
            textOf(root, 'server-count') === '1' &&
            textOf(root, 'leader-name') === follower,
          15_000,
        );
        return `${follower} leads, with its own socket; the server holds 1`;
      },
    },
  ];
}

/**
 * Two tabs of one browser profile share one socket: each frame below runs
 * `useWebSocket(url, { share: 'tabs' })` under `<WebSocketProvider share={crossTab()}>`, on the
 * frame's own `navigator.locks`, `BroadcastChannel` and `WebSocket`. The demo's /tabs/count
 * reports how many sockets the server holds for them.
 */
function TwoTabsStory() {
  // Each press of "Run scenario" starts over with two fresh tabs (a new demo-server group).
  const [run, setRun] = useState(1);
  const [steps] = useState(() => takeoverSteps(setRun));
  return (
    <section className="demo">
      <h2>One socket for two tabs</h2>
      <p className="note">
        Each frame is a tab as the browser sees it, with its own Web Locks client, BroadcastChannel and WebSocket; both run{' '}
        <code>useWebSocket(url, {"{ share: 'tabs' }"})</code> under <code>{'<WebSocketProvider share={crossTab()}>'}</code>. The tab
        holding the lock owns the socket, the other follows over the channel, and a send from either goes out once. Removing the
        leader's frame is what closing its tab does: the browser drops its lock, its channel and its socket, and the other tab takes
        over.
      </p>
      {/* The tabs first, above the fold; the scenario that drives them under them. */}
      <TwoTabs key={run} run={run} />
      <Scenario caption="Sends from the follower, then closes the leader's tab: the other tab takes over the one socket." steps={steps} />
    </section>
  );
}

function TwoTabs({ run }: { run: number }) {
  const [url] = useState(() => demoUrl('/tabs'));
  const [countUrl] = useState(() => url.replace('/tabs?', '/tabs/count?'));
  const count = useWebSocket<{ live: number }>(countUrl, { parse: (data) => JSON.parse(String(data)) as { live: number } });
  const live = count.lastMessage?.live ?? null;
  const [tabs, setTabs] = useState<Array<{ name: string; closed: string | null }>>([
    { name: 'Tab A', closed: null },
    { name: 'Tab B', closed: null },
  ]);
  const [reports, setReports] = useState<Record<string, TabReport>>({});
  const { entries, add } = useTimeline();
  const onReport = useCallback(
    (name: string, report: TabReport) =>
      setReports((previous) => (previous[name]?.leader === report.leader && previous[name]?.status === report.status ? previous : { ...previous, [name]: report })),
    [],
  );
  const open = tabs.filter((tab) => !tab.closed);
  const leader = open.find((tab) => reports[tab.name]?.leader)?.name ?? null;
  useEffect(() => {
    if (live !== null) add(`server: ${live} live socket${live === 1 ? '' : 's'} on /tabs`);
  }, [live, add]);
  useEffect(() => {
    if (leader) add(`${leader} holds the lock: it is the leader`);
  }, [leader, add]);
  const closeLeader = () => {
    if (!leader) return;
    add(`closed ${leader}, the leader (its frame removed, as a tab closes)`);
    setTabs((previous) => previous.map((tab) => (tab.name === leader ? { ...tab, closed: clock() } : tab)));
    setReports(({ [leader]: _gone, ...rest }) => rest);
  };
  const openTab = () => setTabs((previous) => [...previous, { name: `Tab ${String.fromCharCode(65 + previous.length)}`, closed: null }]);
  return (
    <div className="stack" data-run={run} data-tabs-url={url}>
      <dl className="facts" aria-label="server">
        <dt>server: live sockets on /tabs</dt>
        <dd data-testid="server-count">{live ?? '…'}</dd>
        <dt>tabs open</dt>
        <dd data-testid="tabs-open">{open.length}</dd>
        <dt>leader</dt>
        <dd data-testid="leader-name">{leader ?? '—'}</dd>
      </dl>
      <div className="row">
        <button type="button" onClick={closeLeader} disabled={!leader}>
          Close the leader
        </button>
        <button type="button" onClick={openTab}>
          Open another tab
        </button>
      </div>
      <div className="tabs">
        {tabs.map((tab) =>
          tab.closed ? (
            <figure key={tab.name} className="tab" data-testid={`closed-${tab.name}`}>
              <div className="tab-closed">{tab.name} closed</div>
              <figcaption>
                {tab.name}: closed at {tab.closed}
              </figcaption>
            </figure>
          ) : (
            <TabFrame key={tab.name} name={tab.name} url={url} leader={leader === tab.name} onReport={onReport} onLog={add} />
          ),
        )}
      </div>
      <Timeline entries={entries} />
    </div>
  );
}

/** The demo server's count of live /tabs sockets for this story, over HTTP. */
const countOver = async (url: string) => {
  const response = await fetch(url.replace(/^ws/, 'http').replace('/tabs?', '/tabs/count?'));
  return ((await response.json()) as { live: number }).live;
};

export const TwoTabsOneSocket: Story = {
  name: 'Two tabs, one socket: the leader closes, the other takes over',
  render: () => <TwoTabsStory />,
  // What a viewer sees on opening the story: two tabs, one leader, one socket, and a scenario that waits for its button.
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const tab = (name: string) => within((canvas.getByTitle(`${name} (a tab)`) as HTMLIFrameElement).contentDocument!.body);
    await waitFor(
      () => {
        for (const name of ['Tab A', 'Tab B']) expect(tab(name).getByTestId('status')).toHaveTextContent('open');
        expect(canvas.getByTestId('server-count')).toHaveTextContent(/^1$/);
      },
      { timeout: 10_000 },
    );
    expect(canvas.getByTestId('tabs-open')).toHaveTextContent('2');
    await expectScenarioIdle(canvasElement);
  },
};

// For the test runner only (a play also runs in the viewer): presses Run scenario, and checks each step's effect.
export const TwoTabsOneSocketScenarioRun: Story = {
  name: 'Two tabs, one socket: scenario run',
  tags: ['!dev'],
  render: () => <TwoTabsStory />,
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    const frameOf = (name: string) => canvas.getByTitle(`${name} (a tab)`) as HTMLIFrameElement;
    const tab = (name: string) => within(frameOf(name).contentDocument!.body);
    const isLeader = (name: string) => /^yes/.test(tab(name).getByTestId('leader').textContent ?? '');
    const names = ['Tab A', 'Tab B'];

    // Two tabs open, one socket on the server, one leader.
    await waitFor(
      () => {
        for (const name of names) expect(tab(name).getByTestId('status')).toHaveTextContent('open');
        expect(names.filter(isLeader)).toHaveLength(1);
        expect(canvas.getByTestId('server-count')).toHaveTextContent(/^1$/);
      },
      { timeout: 10_000 },
    );
    const leader = names.find(isLeader)!;
    const follower = names.find((name) => name !== leader)!;
    expect(tab(follower).getByTestId('own-socket')).toHaveTextContent(/^none \(0 opened/);
    const socketUrl = canvasElement.querySelector('[data-tabs-url]')!.getAttribute('data-tabs-url')!;
    expect(await countOver(socketUrl)).toBe(1);

    // The scenario presses the follower's Send: it goes out through the leader's socket; the server's answer reaches both tabs.
    await runScenario(canvasElement);
    await waitFor(
      () => {
        for (const name of names) expect(tab(name).getByTestId('received')).toHaveTextContent(`last hello from ${follower}`);
      },
      { timeout: 8000 },
    );

    // Then Close the leader: the other tab takes the lock, opens the one socket, and shows it open.
    await waitFor(() => expect(canvas.getByTestId(`closed-${leader}`)).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(
      () => {
        expect(tab(follower).getByTestId('leader')).toHaveTextContent(/^yes/);
        expect(tab(follower).getByTestId('status')).toHaveTextContent('open');
        expect(tab(follower).getByTestId('own-socket')).toHaveTextContent(/^open \(1 opened/);
        expect(tab(follower).getByTestId('received')).toHaveTextContent('last {"welcome":2}'); // the server's second connection
        expect(canvas.getByTestId('server-count')).toHaveTextContent(/^1$/);
        expect(canvas.getByTestId('leader-name')).toHaveTextContent(follower);
      },
      { timeout: 15_000 },
    );
    // The server agrees: the closed tab's socket is gone, the new leader's is the only one.
    await waitFor(async () => expect(await countOver(socketUrl)).toBe(1));
    expect(canvas.getByTestId('tabs-open')).toHaveTextContent('1');
    await scenarioDone(canvasElement);
  },
};
