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
