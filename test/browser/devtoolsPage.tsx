// The page test/browser/devtools.chromium.test.ts opens: two connections under one provider
// (the feed shared by two hooks, the chat its own) and <LifelineDevtools /> from the package's
// development entry (its panel loaded lazily), bundled by esbuild. The sockets go to the
// page's own server (`/ws/feed`, `/ws/chat`), with a token in the query that must never show.
import { createRoot } from 'react-dom/client';
import { LifelineDevtools } from '../../src/devtools/index';
import { useWebSocket, WebSocketProvider } from '../../src/index';
import { sharedSockets } from '../../src/plugins/share/index';

const base = `ws://devtools:secret-password@${location.host}/ws`;

function Feed({ label }: { label: string }) {
  const { status } = useWebSocket(`${base}/feed?token=secret-token`, { share: true });
  return (
    <p>
      {label}: <span data-testid={label}>{status}</span>
    </p>
  );
}

function Chat() {
  const { status } = useWebSocket(`${base}/chat?token=secret-token`);
  return (
    <p>
      chat: <span data-testid="chat">{status}</span>
    </p>
  );
}

function App() {
  return (
    // 1012 retries after 4 s (a countdown to watch), 4001 after a minute ("Retry now" skips it).
    <WebSocketProvider share={sharedSockets()} policy={{ jitter: 'none', codes: { 1012: { delayMs: 4000 }, 4001: { delayMs: 60_000 } } }}>
      <main>
        <h1>An app with two connections</h1>
        <Feed label="feed-a" />
        <Feed label="feed-b" />
        <Chat />
      </main>
      <LifelineDevtools />
    </WebSocketProvider>
  );
}

createRoot(document.getElementById('root')!).render(<App />);
