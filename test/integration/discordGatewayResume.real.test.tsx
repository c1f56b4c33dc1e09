import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createConnection } from '../../src/core/createConnection';
import type { WebSocketConstructor } from '../../src/core/types';
import type { ResumeGap } from '../../src/plugins/resume';
import { discordGatewayPolicy, discordGatewayResume } from '../../src/presets';
import { fakeDiscordGateway } from '../helpers/fakeDiscordGateway';
import { startServer } from '../helpers/startServer';
import { until } from '../helpers/until';

let cleanup: Array<() => unknown> = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('discordGatewayResume against a gateway on a real ws server on 127.0.0.1', () => {
  it('RESUMEs after a drop (the replay fills the outage), and identifies again after an invalid session', async () => {
    const server = await startServer();
    const gateway = fakeDiscordGateway({ buffer: 20 });
    const sent: Array<{ op: number }> = [];
    server.onConnection((socket) => {
      socket.send(gateway.hello());
      socket.on('message', (data) => {
        sent.push(JSON.parse(String(data)) as { op: number });
        for (const frame of gateway.answer(String(data))) socket.send(frame);
      });
    });
    const seen: string[] = [];
    const gaps: ResumeGap[] = [];
    const connection = createConnection(server.url, {
      WebSocket: WebSocket as unknown as WebSocketConstructor,
      policy: { ...discordGatewayPolicy, initialDelayMs: 10, maxDelayMs: 10, jitter: 'none' },
      parse: (data) => JSON.parse(String(data)) as unknown,
      plugins: [discordGatewayResume({ identify: () => ({ token: 'Bot t0ken', intents: 513 }), onGap: (gap) => gaps.push(gap) })],
      onMessage: (payload) => {
        const { op, t, s } = payload as { op: number; t: string | null; s: number | null };
        if (op === 0) seen.push(`${t} ${s}`);
      },
    });
    cleanup.push(() => connection.dispose(), () => server.stop());
    const live = () => server.connections.at(-1)!;
    const events = (count: number) => {
      for (let n = 0; n < count; n += 1) {
        const frame = gateway.event({ n })!;
        if (live().readyState === live().OPEN) live().send(frame);
      }
    };

    connection.connect();
    await until(connection, (state) => state.status === 'open', 'READY');
    events(3); // s 2-4
    await until(connection, () => seen.length === 4, 'the first events');
    live().terminate();
    await until(connection, (state) => state.status === 'reconnecting', 'the drop');
    events(4); // s 5-8, while away
    await until(connection, (state) => state.status === 'open', 'RESUMED');
    expect(sent.map((payload) => payload.op)).toEqual([2, 6]);
    expect(sent[1]).toEqual({ op: 6, d: { token: 'Bot t0ken', session_id: 'session-1', seq: 4 } });
    expect(seen).toEqual(['READY 1', ...[2, 3, 4, 5, 6, 7, 8].map((s) => `MESSAGE_CREATE ${s}`), 'RESUMED 9']);

    live().terminate();
    gateway.forget(); // a deploy: the session is gone
    await until(connection, (state) => state.status === 'reconnecting', 'the second drop');
    await until(connection, (state) => state.status === 'open', 'READY of a new session');
    expect(sent.map((payload) => payload.op)).toEqual([2, 6, 6, 2]);
    expect(gaps).toEqual([{ kind: 'refused', after: { seq: 9, epoch: 'session-1' }, next: null, missed: undefined }]);
    expect(seen.at(-1)).toBe('READY 1');
  });
});
