import type { Meta, StoryObj } from '@storybook/react-vite';
import { useCallback, useEffect, useState } from 'react';
import { createPortal } from 'react-dom';
import { expect, userEvent, waitFor, within } from 'storybook/test';
import { WebSocketProvider, useWebSocket, type WebSocketConstructor } from '../src';
import { crossTab } from '../src/tabs';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

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

const FRAME_CSS = `
  body { margin: 0; padding: 0.5rem 0.75rem; font: 14px/1.4 system-ui, sans-serif; color: #1f2328; background: #fff; }
  h1 { margin: 0 0 0.35rem; font-size: 1rem; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.1rem 0.75rem; margin: 0 0 0.5rem; }
  dt { color: #59636e; }
  dd { margin: 0; font-family: ui-monospace, monospace; font-size: 0.85rem; overflow-wrap: anywhere; }
  button { font: inherit; padding: 0.2rem 0.7rem; }
  .answer { color: #59636e; font-size: 0.85rem; margin-left: 0.4rem; }
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
    <WebSocketProvider WebSocket={sockets.WebSocket} tabs={tabs}>
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
        <dd data-testid="last-close">{lastClose ? `${lastClose.code} ${lastClose.meaning.name} · by ${lastClose.initiator}` : '—'}</dd>
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
const FRAME_BOX = { width: '100%', height: '13.5rem', boxSizing: 'border-box', borderRadius: '0.4rem', margin: 0 } as const;
const CAPTION = { fontSize: '0.85rem', color: '#59636e' } as const;

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
    <figure style={{ margin: 0, display: 'grid', gap: '0.25rem' }}>
      <iframe
        ref={attach}
        title={`${name} (a tab)`}
        style={{ ...FRAME_BOX, border: `2px solid ${leader ? '#1a7f37' : '#d1d9e0'}` }}
      />
      <figcaption style={CAPTION}>
        {name}: {leader ? 'the leader, owns the socket' : 'a follower'}
      </figcaption>
      {target && createPortal(<TabApp {...props} win={target.win} />, target.body)}
    </figure>
  );
}

/**
 * Two tabs of one browser profile share one socket: each frame below runs
 * `useWebSocket(url, { share: 'tabs' })` under `<WebSocketProvider tabs={crossTab()}>`, on the
 * frame's own `navigator.locks`, `BroadcastChannel` and `WebSocket`. The demo's /tabs/count
 * reports how many sockets the server holds for them.
 */
function TwoTabs() {
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
    <section className="demo" data-tabs-url={url}>
      <h2>One socket for two tabs</h2>
      <p className="note">
        Each frame is a tab as the browser sees it, with its own Web Locks client, BroadcastChannel and WebSocket; both run{' '}
        <code>useWebSocket(url, {"{ share: 'tabs' }"})</code> under <code>{'<WebSocketProvider tabs={crossTab()}>'}</code>. The tab
        holding the lock owns the socket, the other follows over the channel, and a send from either goes out once. Removing the
        leader's frame is what closing its tab does: the browser drops its lock, its channel and its socket, and the other tab takes
        over.
      </p>
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
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '0.75rem' }}>
        {tabs.map((tab) =>
          tab.closed ? (
            <figure key={tab.name} data-testid={`closed-${tab.name}`} style={{ margin: 0, display: 'grid', gap: '0.25rem' }}>
              <div style={{ ...FRAME_BOX, display: 'grid', placeItems: 'center', border: '2px dashed #d1d9e0', color: '#59636e' }}>{tab.name} closed</div>
              <figcaption style={CAPTION}>
                {tab.name}: closed at {tab.closed}
              </figcaption>
            </figure>
          ) : (
            <TabFrame key={tab.name} name={tab.name} url={url} leader={leader === tab.name} onReport={onReport} onLog={add} />
          ),
        )}
      </div>
      <Timeline entries={entries} />
    </section>
  );
}

/** The demo server's count of live /tabs sockets for this story, over HTTP. */
const countOver = async (url: string) => {
  const response = await fetch(url.replace(/^ws/, 'http').replace('/tabs?', '/tabs/count?'));
  return ((await response.json()) as { live: number }).live;
};

export const TwoTabsOneSocket: Story = {
  name: 'Two tabs, one socket: the leader closes, the other takes over',
  render: () => <TwoTabs />,
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

    // The follower's send goes out through the leader's socket; the server's answer reaches both tabs.
    await userEvent.click(tab(follower).getByRole('button', { name: `Send from ${follower}` }));
    await waitFor(() => {
      for (const name of names) expect(tab(name).getByTestId('received')).toHaveTextContent(`last hello from ${follower}`);
    });

    // Close the leader: the other tab takes the lock, opens the one socket, and shows it open.
    await userEvent.click(canvas.getByRole('button', { name: 'Close the leader' }));
    await waitFor(() => expect(canvas.getByTestId(`closed-${leader}`)).toBeInTheDocument());
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
  },
};
