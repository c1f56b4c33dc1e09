// The page test/browser/crossTab.chromium.test.ts opens in three tabs of one Chromium profile:
// one `useWebSocket(ws, { share: 'tabs' })` under `<WebSocketProvider share={crossTab()}>`,
// bundled by esbuild, React and all. The socket's URL is the page's `?ws=` parameter; what
// the test reads and does goes through `window.lifeline`.
import { useLayoutEffect } from 'react';
import { createRoot } from 'react-dom/client';
import { useWebSocket, WebSocketProvider, type ConnectionStatus, type SendResult, type WebSocketHandle } from '../../src/index';
import { crossTab } from '../../src/plugins/tabs/index';

export interface CrossTabPageApi {
  /** The hook's status, as last rendered. */
  status: ConnectionStatus | 'unmounted';
  /** Every status this tab rendered, with when (epoch ms, comparable with the test's Date.now()). */
  statuses: Array<{ status: string; at: number }>;
  /** Every message onMessage saw, in order. */
  received: string[];
  /** Every error code onError saw. */
  errors: string[];
  /** The hook's send. */
  send(text: string): SendResult;
  /** `send(prefix + n)` for n in [from, to), in one task; the results in order. */
  sendMany(prefix: string, from: number, to: number): SendResult[];
  /** Whether this tab holds the Web Lock of the shared socket (from navigator.locks.query(), not from the library). */
  isLeader(): Promise<boolean>;
}

declare global {
  interface Window {
    lifeline: CrossTabPageApi;
  }
}

const wsUrl = new URLSearchParams(location.search).get('ws');
if (!wsUrl) throw new Error('crossTabPage: no ?ws= in the URL');

const tabs = crossTab();
let handle: WebSocketHandle<string> | null = null;

// This tab's Web Locks client id: hold a lock of our own and find it in the query.
const ownClientId = (async () => {
  const probe = `crossTabPage probe ${crypto.randomUUID()}`;
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await new Promise<void>((granted) => void navigator.locks.request(probe, () => (granted(), held)));
  const snapshot = await navigator.locks.query();
  release();
  return snapshot.held?.find((lock) => lock.name === probe)?.clientId;
})();

const api: CrossTabPageApi = {
  status: 'unmounted',
  statuses: [],
  received: [],
  errors: [],
  send(text) {
    if (!handle) throw new Error('crossTabPage: not rendered yet');
    return handle.send(text);
  },
  sendMany(prefix, from, to) {
    const results: SendResult[] = [];
    for (let n = from; n < to; n += 1) results.push(api.send(`${prefix}${n}`));
    return results;
  },
  async isLeader() {
    const [mine, snapshot] = await Promise.all([ownClientId, navigator.locks.query()]);
    const holder = snapshot.held?.find((lock) => lock.name?.startsWith('react-lifeline '));
    return !!holder && holder.clientId === mine;
  },
};
window.lifeline = api;

function Client() {
  const current = useWebSocket<string>(wsUrl!, {
    share: 'tabs',
    onMessage: (message) => void api.received.push(String(message)),
    onError: (error) => void api.errors.push(error.code),
  });
  const { status } = current;
  useLayoutEffect(() => {
    handle = current;
  });
  // At commit: what the tab shows, and when.
  useLayoutEffect(() => {
    api.status = status;
    api.statuses.push({ status, at: Date.now() });
  }, [status]);
  return <p id="status">{status}</p>;
}

createRoot(document.getElementById('root')!).render(
  <WebSocketProvider share={tabs}>
    <Client />
  </WebSocketProvider>,
);
