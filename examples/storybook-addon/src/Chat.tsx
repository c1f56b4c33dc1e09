import { CloseBanner, useWebSocket } from 'react-lifeline';
import 'react-lifeline/close-banner.css';

/** An app's component: it knows nothing about Storybook. */
export function Chat({ url }: { url: string }) {
  const socket = useWebSocket(url);
  return (
    <main>
      <p>
        Status: <strong data-testid="status">{socket.status}</strong>
      </p>
      <CloseBanner socket={socket} />
    </main>
  );
}
