import { act, render, waitFor } from '@testing-library/react';
import type * as GraphQL from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { graphqlWsPolicy } from '../../src/presets';
import type { ConnectionStatus, Plugin, ReconnectPolicyOptions } from '../../src/core/types';
import { graphqlWsReady } from '../../src/plugins/ready';
import { useWebSocket, type WebSocketHandle } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';

// graphql-ws's own server (the `graphql-ws` package), on 127.0.0.1 with an ephemeral port.
// graphql through Node's require: the same copy graphql-ws loads (one GraphQLSchema class).
const { buildSchema } = createRequire(import.meta.url)('graphql') as typeof GraphQL;
const schema = buildSchema('type Query { hello: String }');
const roots = { query: { hello: () => 'world' } };

let wss: WebSocketServer;
let url: string;
let accepted: number;
let ackDelayMs: number;

beforeEach(async () => {
  accepted = 0;
  ackDelayMs = 0;
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}/graphql`;
  wss.on('connection', () => (accepted += 1));
  useServer(
    {
      schema,
      roots,
      // The ack comes only for the right token, and only after ackDelayMs.
      onConnect: async (ctx) => {
        await new Promise((resolve) => setTimeout(resolve, ackDelayMs));
        return ctx.connectionParams?.token === 'good';
      },
    },
    wss,
  );
});
afterEach(async () => {
  for (const client of wss.clients) client.terminate();
  await new Promise((resolve) => wss.close(resolve));
});

function mount(token: string, policy: ReconnectPolicyOptions, ready: Plugin = graphqlWsReady({ token })) {
  const view = { current: null as unknown as WebSocketHandle<string>, statuses: [] as ConnectionStatus[], messages: [] as string[], closes: [] as Array<NonNullable<WebSocketHandle['lastClose']>> };
  function Probe() {
    const handle = useWebSocket<string>(url, {
      protocols: 'graphql-transport-ws',
      plugins: [ready],
      onMessage: (message) => view.messages.push(String(message)),
    });
    view.current = handle;
    if (view.statuses.at(-1) !== handle.status) view.statuses.push(handle.status);
    // Every close record rendered: a quick retry may open again before a poll would read it.
    if (handle.lastClose && view.closes.at(-1) !== handle.lastClose) view.closes.push(handle.lastClose);
    void [handle.lastClose, handle.error, handle.attempt];
    return null;
  }
  const result = render(
    <WebSocketProvider policy={policy} onAbnormalClose={() => {}}>
      <Probe />
    </WebSocketProvider>,
  );
  return { view, ...result };
}

describe('graphql-ws server: the readiness step', () => {
  it('counts as open only on connection_ack, so a subscribe queued before it is not refused (4401)', async () => {
    ackDelayMs = 150;
    const { view, unmount } = mount('good', graphqlWsPolicy);
    // Queued while the handshake runs: graphql-ws closes with 4401 if this arrives before the ack.
    act(() => void view.current.sendJson({ id: '1', type: 'subscribe', payload: { query: '{ hello }' } }));
    await waitFor(() => expect(view.current.status).toBe('open'));
    await waitFor(() => expect(view.messages).toEqual([JSON.stringify({ id: '1', type: 'next', payload: { data: { hello: 'world' } } }), JSON.stringify({ id: '1', type: 'complete' })]));
    expect(view.statuses).toEqual(['connecting', 'open']);
    expect(view.current.lastClose).toBeNull();
    expect(accepted).toBe(1);
    unmount();
  });

  it('retries 4403 under graphqlWsPolicy without ever showing open, and fails after maxAttempts', async () => {
    const { view, unmount } = mount('bad', { ...graphqlWsPolicy, maxAttempts: 2, initialDelayMs: 20, jitter: 'none' });
    await waitFor(() => expect(view.current.status).toBe('failed'), { timeout: 5000 });
    expect(accepted).toBe(3);
    expect(view.statuses).not.toContain('open');
    expect(view.current.lastClose).toMatchObject({ code: 4403, initiator: 'server', action: 'backoff', willRetry: false });
    unmount();
  });

  it('closes with 3008 when the ack does not come within ready.timeoutMs, then retries and gets in', async () => {
    ackDelayMs = 600;
    const { view, unmount } = mount('good', { ...graphqlWsPolicy, initialDelayMs: 20, jitter: 'none' }, graphqlWsReady({ token: 'good' }, 300));
    await waitFor(() => expect(view.closes.map((close) => close.code)).toContain(3008), { timeout: 3000 });
    expect(view.closes.filter((close) => close.code === 3008)).toContainEqual(expect.objectContaining({ initiator: 'client', willRetry: true }));
    ackDelayMs = 0;
    await waitFor(() => expect(view.current.status).toBe('open'), { timeout: 3000 });
    expect(view.current.attempt).toBe(0);
    unmount();
  });
});
