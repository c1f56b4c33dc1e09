import { act, render, waitFor } from '@testing-library/react';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { SendResult, WebSocketConstructor } from '../../src/core/types';
import { useWebSocket, type WebSocketHandle } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { seededRandom } from '../helpers/seededRandom';
import { heartbeat } from '../../src/plugins/heartbeat';

/*
 * WebSocket has no acknowledgements: a frame handed to a socket that dies in flight can be
 * lost by the transport. This suite separates that from what the library controls:
 *  - every message `send` answered 'queued' is handed to exactly one later socket, in order;
 *  - it arrives, unless that socket died with it in flight (counted as lost in flight);
 *  - nothing the server receives is duplicated or out of order;
 *  - `send` never hands a frame to a socket that is not open ('sent' only when open);
 *  - never more than one socket is open for the hook; the final status is 'open'.
 */

const CYCLES = 200;
const SEED = 20_261_124;
const FAULTS = ['drop', 'close 1001', 'close 1011', 'close 1012', 'close 1013', 'close 1014', 'reject 503', 'stall', 'down', 'offline'] as const;
type Fault = (typeof FAULTS)[number];

interface Handoff {
  n: number;
  socket: number;
}

/** A real ws server on loopback that the test can hurt. */
async function startFaultyServer() {
  const received: number[] = [];
  let wss!: WebSocketServer;
  let port = 0;
  let rejectUntil = 0;
  // A stalled link delivers nothing: ws would still emit frames buffered on a paused socket when it ends.
  const deaf = new WeakSet<ServerSocket>();
  const listen = () =>
    new Promise<void>((resolve) => {
      wss = new WebSocketServer({
        host: '127.0.0.1',
        port,
        verifyClient: (_info, done) => (Date.now() < rejectUntil ? done(false, 503, 'Service Unavailable') : done(true)),
      });
      wss.on('listening', () => {
        port = (wss.address() as AddressInfo).port;
        resolve();
      });
      wss.on('connection', (socket) => {
        socket.on('message', (data) => {
          if (deaf.has(socket)) return;
          const text = data.toString();
          if (text === 'ping') {
            socket.send('pong');
            return;
          }
          received.push(Number(text.slice(2)));
        });
      });
    });
  await listen();
  const current = (): ServerSocket | undefined => [...wss.clients].find((socket) => socket.readyState === socket.OPEN);
  return {
    received,
    get url() {
      return `ws://127.0.0.1:${port}/faults`;
    },
    current,
    rejectFor(ms: number) {
      rejectUntil = Date.now() + ms;
    },
    /** Stop answering pings and reading: a half-open link, until the client gives up on it. */
    stall() {
      const socket = current();
      if (!socket) return;
      deaf.add(socket);
      socket.pause();
      setTimeout(() => socket.terminate(), 2000);
    },
    async down(ms: number) {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      await new Promise((resolve) => setTimeout(resolve, ms));
      await listen();
    },
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}

let server: Awaited<ReturnType<typeof startFaultyServer>>;
beforeAll(async () => {
  server = await startFaultyServer();
});
afterAll(async () => {
  await server.stop();
});

function setOnline(online: boolean) {
  Object.defineProperty(window.navigator, 'onLine', { configurable: true, get: () => online });
  window.dispatchEvent(new Event(online ? 'online' : 'offline'));
}

describe('fault injection against a real ws server', () => {
  it(`keeps every queued message through ${CYCLES} seeded faults`, async () => {
    const random = seededRandom(SEED);
    const pick = <T,>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

    // An instrumented WebSocket: which frames went to which socket, and how many were open at once.
    const sockets: WebSocket[] = [];
    const handoffs: Handoff[] = [];
    const sendWhileNotOpen: number[] = [];
    let maxOpen = 0;
    const Base = globalThis.WebSocket;
    class Instrumented extends Base {
      readonly index = sockets.length;
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
        this.addEventListener('open', () => {
          maxOpen = Math.max(maxOpen, sockets.filter((socket) => socket.readyState === Base.OPEN).length);
        });
      }
      override send(data: string | ArrayBufferLike | Blob | ArrayBufferView) {
        if (typeof data === 'string' && data.startsWith('m:')) {
          if (this.readyState !== Base.OPEN) sendWhileNotOpen.push(Number(data.slice(2)));
          handoffs.push({ n: Number(data.slice(2)), socket: this.index });
        }
        super.send(data);
      }
    }

    const view: { current: WebSocketHandle | null } = { current: null };
    function Client() {
      view.current = useWebSocket(server.url, {
        queue: { max: 100_000 },
        plugins: [heartbeat({ message: 'ping', intervalMs: 60, timeoutMs: 150, isPong: (data) => data === 'pong' })],
      });
      void view.current.status;
      return null;
    }
    const { unmount } = render(
      <WebSocketProvider
        WebSocket={Instrumented as unknown as WebSocketConstructor}
        onAbnormalClose={() => {}}
        policy={{
          initialDelayMs: 10,
          maxDelayMs: 80,
          // The registry's real windows (5-60 s) are tested elsewhere; here they would only slow the suite.
          codes: { 1012: { delayMs: [10, 60] }, 1013: { delayMs: [10, 60] } },
        }}
      >
        <Client />
      </WebSocketProvider>,
    );

    const answers = new Map<number, SendResult>();
    let next = 0;
    const sendSome = (count: number) => {
      for (let i = 0; i < count; i += 1) {
        next += 1;
        answers.set(next, view.current!.send(`m:${next}`));
      }
    };
    const pause = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));
    const counts = new Map<Fault, number>();

    for (let cycle = 0; cycle < CYCLES; cycle += 1) {
      await waitFor(() => expect(view.current?.status).toBe('open'), { timeout: 10_000 });
      sendSome(1 + Math.floor(random() * 4));
      await pause(random() * 15);
      const fault = pick(FAULTS);
      counts.set(fault, (counts.get(fault) ?? 0) + 1);
      const socket = server.current();
      switch (fault) {
        case 'drop':
          socket?.terminate();
          break;
        case 'reject 503':
          server.rejectFor(40 + random() * 80);
          socket?.terminate();
          break;
        case 'stall':
          server.stall();
          break;
        case 'down':
          await act(() => server.down(30 + random() * 100));
          break;
        case 'offline':
          act(() => setOnline(false));
          socket?.terminate();
          break;
        default:
          socket?.close(Number(fault.slice(6)), 'fault');
      }
      // Keep sending through the trouble: these land in the queue.
      for (let burst = 0; burst < 3; burst += 1) {
        sendSome(1 + Math.floor(random() * 3));
        await pause(5 + random() * 20);
      }
      if (fault === 'offline') act(() => setOnline(true));
    }

    // Let the last fault play out (a stall takes a heartbeat timeout to notice), then send on a healthy link.
    await pause(500);
    await waitFor(() => expect(view.current?.status).toBe('open'), { timeout: 10_000 });
    sendSome(5);
    const finalSocket = sockets.length - 1;
    const lastHanded = handoffs.filter((handoff) => handoff.socket === finalSocket);
    await waitFor(() => expect(server.received.at(-1)).toBe(next), { timeout: 10_000 });

    // What the library controls.
    const handedTimes = new Map<number, number>();
    for (const { n } of handoffs) handedTimes.set(n, (handedTimes.get(n) ?? 0) + 1);
    const queued = [...answers].filter(([, answer]) => answer === 'queued').map(([n]) => n);
    const sent = [...answers].filter(([, answer]) => answer === 'sent').map(([n]) => n);
    const rejected = [...answers].filter(([, answer]) => answer === 'rejected');
    const neverHanded = queued.filter((n) => handedTimes.get(n) !== 1);
    const handedOrder = handoffs.map(({ n }) => n);
    const handedOutOfOrder = handedOrder.filter((n, i) => i > 0 && n <= handedOrder[i - 1]!).length;

    // What arrived.
    const seen = new Set<number>();
    let duplicated = 0;
    let reordered = 0;
    server.received.forEach((n, i) => {
      if (seen.has(n)) duplicated += 1;
      seen.add(n);
      if (i > 0 && n <= server.received[i - 1]!) reordered += 1;
    });
    const missing = [...answers.keys()].filter((n) => !seen.has(n));
    const finalSocketMissing = lastHanded.filter(({ n }) => !seen.has(n));

    console.info(
      [
        `fault injection (seed ${SEED}): ${CYCLES} cycles; faults ${[...counts].map(([fault, count]) => `${fault} ×${count}`).join(', ')}`,
        `  accepted ${answers.size}: queued ${queued.length}, sent ${sent.length}, rejected ${rejected.length}`,
        `  received ${server.received.length}, lost in flight ${missing.length}, duplicated ${duplicated}, reordered ${reordered}`,
        `  sockets ${sockets.length}, max sockets open at once ${maxOpen}, frames handed to a socket not open ${sendWhileNotOpen.length}`,
      ].join('\n'),
    );

    expect(rejected).toEqual([]);
    expect(neverHanded).toEqual([]); // every queued message went to exactly one socket
    expect(handedOutOfOrder).toBe(0);
    expect(sendWhileNotOpen).toEqual([]);
    expect(duplicated).toBe(0);
    expect(reordered).toBe(0);
    expect(finalSocketMissing).toEqual([]); // on a socket that stayed up, nothing is lost
    expect(maxOpen).toBe(1);
    expect(view.current!.status).toBe('open');
    // Losses only in flight, on sockets that died: never more than what was handed to them.
    for (const n of missing) {
      const handoff = handoffs.find((entry) => entry.n === n)!;
      expect(handoff.socket).toBeLessThan(finalSocket);
    }
    expect(CYCLES).toBe([...counts.values()].reduce((a, b) => a + b, 0));
    unmount();
  }, 180_000);

  it('reports a message rejected by a full queue to its sender', async () => {
    let handle!: WebSocketHandle;
    function Client() {
      handle = useWebSocket(`${server.url}?full`, { queue: { max: 2 }, enabled: false });
      return null;
    }
    render(<Client />);
    expect(handle.send('m:1')).toBe('queued');
    expect(handle.send('m:2')).toBe('queued');
    expect(handle.send('m:3')).toBe('rejected');
  });
});
