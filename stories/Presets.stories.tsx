import type { Meta, StoryObj } from '@storybook/react-vite';
import { useEffect, useState } from 'react';
import { expect, waitFor, within } from 'storybook/test';
import { CloseBanner, WebSocketProvider, useWebSocket } from '../src';
import { graphqlWsReady } from '../src/plugins/ready';
import { graphqlWsMessages, graphqlWsPolicy } from '../src/presets';
import { ConnectionFacts, type CodeNames } from './ConnectionFacts';
import { demoUrl } from './demoUrl';
import { Timeline } from './Timeline';
import { useTimeline } from './useTimeline';

const meta = { title: 'Presets/graphql-ws' } satisfies Meta;
export default meta;
type Story = StoryObj<typeof meta>;

const SUBSCRIBE = JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } });
const INIT = JSON.stringify({ type: 'connection_init', payload: { token: 'ok' } });

/** graphql-ws's own close codes, as its protocol names them (the registry calls every 4xxx "Private use"). */
const GRAPHQL_WS_CODES: CodeNames = {
  4400: 'Bad request (graphql-ws)',
  4401: 'Unauthorized (graphql-ws)',
  4403: 'Forbidden (graphql-ws)',
  4406: 'Subprotocol not acceptable (graphql-ws)',
  4408: 'Connection initialisation timeout (graphql-ws)',
  4409: 'Subscriber already exists (graphql-ws)',
  4429: 'Too many initialisation requests (graphql-ws)',
  4500: 'Internal server error (graphql-ws)',
};

/**
 * A graphql-ws style server (the demo's /handshake): connection_init first, the ack 1.5 s later,
 * and anything sent before the ack is refused with 4401. The component subscribes on mount,
 * as apps do, before the socket is even open.
 */
function Handshake({ ready }: { ready: boolean }) {
  const [url] = useState(() => demoUrl('/handshake?ack=1500'));
  const { entries, add, callbacks } = useTimeline({ names: GRAPHQL_WS_CODES });
  const socket = useWebSocket<string>(url, {
    ...callbacks,
    plugins: ready ? [graphqlWsReady({ token: 'ok' })] : [],
    // Without a readiness step the app can only send its init on open, and the queue follows at once.
    onOpen: () => {
      callbacks.onOpen();
      if (!ready) add(`onOpen: send(connection_init) answered ${socket.send(INIT)}`);
    },
    onMessage: (message) => add(`received ${message}`),
  });
  // 'connecting', or 'reconnecting' when the first attempts failed: the demo server is shared, and
  // another story's /restart refuses every handshake for a few seconds.
  const waitingForAck = ready && /connecting/.test(socket.status) && socket.readyState === 1;
  useEffect(() => {
    if (waitingForAck) add('socket open, connection_init sent: still connecting until connection_ack');
  }, [waitingForAck, add]);
  useEffect(() => {
    add(`on mount: send(subscribe) answered ${socket.send(SUBSCRIBE)}`);
    // Once, on mount, like an app's subscription.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <section className="demo">
      <h2>{ready ? 'With a readiness step (ready)' : 'Without a readiness step'}</h2>
      <p className="note">
        {ready
          ? 'ready: graphqlWsReady({ token }) sends connection_init at once and counts the socket as open only on connection_ack: the subscribe queued on mount waits for it, and the server answers it.'
          : 'The socket counts as open when the TCP handshake completes: the queued subscribe goes out right behind the init, before the ack, and the server refuses the connection (4401). The preset (graphqlWsPolicy, graphqlWsMessages) does not retry a 4401 and words it for the user, with Reload.'}
      </p>
      <CloseBanner socket={socket} graceMs={0} />
      <ConnectionFacts socket={socket} names={GRAPHQL_WS_CODES} />
      <Timeline entries={entries} />
    </section>
  );
}

export const WithReadinessStep: Story = {
  name: 'Readiness step (graphqlWsReady): open on connection_ack',
  render: () => (
    <WebSocketProvider policy={graphqlWsPolicy} messages={graphqlWsMessages}>
      <Handshake ready />
    </WebSocketProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByText(/on mount: send\(subscribe\) answered queued/)).toBeInTheDocument(), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText(/still connecting until connection_ack/)).toBeInTheDocument(), { timeout: 15_000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('connecting');
    await waitFor(() => expect(canvas.getByTestId('status')).toHaveTextContent('open'), { timeout: 8000 });
    await waitFor(() => expect(canvas.getByText(new RegExp(`received .*"type":"subscribe"`))).toBeInTheDocument(), { timeout: 8000 });
    // No 4401: nothing went out before the ack. (A 1012 or 1006 may show when another story restarted the shared demo server.)
    expect(canvas.getByTestId('last-close')).not.toHaveTextContent('4401');
    expect(canvas.getByLabelText('timeline')).not.toHaveTextContent('4401');
  },
};

export const WithoutReadinessStep: Story = {
  name: 'Without it: the queued subscribe overtakes the ack (4401)',
  render: () => (
    <WebSocketProvider policy={graphqlWsPolicy} messages={graphqlWsMessages}>
      <Handshake ready={false} />
    </WebSocketProvider>
  ),
  play: async ({ canvasElement }) => {
    const canvas = within(canvasElement);
    await waitFor(() => expect(canvas.getByTestId('last-close')).toHaveTextContent('4401 Unauthorized (graphql-ws) · by server · no retry'), { timeout: 8000 });
    expect(canvas.getByTestId('status')).toHaveTextContent('closed');
    // The preset's words for its code, and the way forward they ask for.
    const alert = canvas.getByRole('alert');
    await waitFor(() => expect(alert).toHaveTextContent(/The connection was not ready.*Reload the page/), { timeout: 8000 });
    expect(within(alert).getByRole('button', { name: 'Reload' })).toBeInTheDocument();
  },
};
