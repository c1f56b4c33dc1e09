import { renderToString } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';

function Chat({ share = false }: { share?: boolean }) {
  const socket = useWebSocket('wss://chat.invalid/room', { share });
  return (
    <p>
      {socket.status}/{socket.readyState}/{String(socket.lastClose)}/{socket.online ? 'online' : 'offline'}
    </p>
  );
}

describe('server rendering without a WebSocket global', () => {
  it('has no WebSocket here (Node 20), like a server', () => {
    expect(typeof (globalThis as { WebSocket?: unknown }).WebSocket).toBe('undefined');
    expect(typeof window).toBe('undefined');
  });

  it('renders status idle and opens nothing, with and without a provider, shared or not', () => {
    const html = renderToString(
      <WebSocketProvider policy={{ maxAttempts: 3 }}>
        <Chat />
        <Chat share />
      </WebSocketProvider>,
    );
    expect(html).toBe('<p>idle<!-- -->/<!-- -->3<!-- -->/<!-- -->null<!-- -->/<!-- -->online</p>'.repeat(2));
    expect(renderToString(<Chat />)).toContain('idle');
  });
});

describe('streaming server rendering', () => {
  it('renderToReadableStream renders idle, with the provider, and opens nothing', async () => {
    // The web-streams build: React 18 has it only here, React 19 in both (edge runtimes use it too).
    const { renderToReadableStream } = await import('react-dom/server.browser');
    const stream = await renderToReadableStream(
      <WebSocketProvider>
        <Chat />
      </WebSocketProvider>,
    );
    const html = await new Response(stream).text();
    expect(html).toContain('idle');
    expect(html).not.toContain('connecting');
  });

  it('importing every entry touches no window', async () => {
    for (const entry of ['../../src/index', '../../src/core/index', '../../src/testing/index']) {
      await expect(import(entry)).resolves.toBeDefined();
    }
    expect(typeof window).toBe('undefined');
  });
});
