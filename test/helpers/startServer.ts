import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';

export interface TestServer {
  readonly url: string;
  readonly port: number;
  /** Every connection ever accepted, oldest first. */
  readonly connections: ServerSocket[];
  /** Text messages received from clients, in arrival order. */
  readonly received: string[];
  /** Connections open right now. */
  openCount(): number;
  /** Resolves with the n-th connection (1-based), waiting for it if needed. */
  connection(n: number): Promise<ServerSocket>;
  /** Runs for every new connection (after the built-in bookkeeping). */
  onConnection(handler: ((socket: ServerSocket) => void) | null): void;
  /** Kills every connection (TCP drop) and stops listening. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

/** A real `ws` server on 127.0.0.1, ephemeral port. */
export async function startServer(): Promise<TestServer> {
  const connections: ServerSocket[] = [];
  const received: string[] = [];
  const waiters: Array<() => void> = [];
  let handler: ((socket: ServerSocket) => void) | null = null;
  let wss: WebSocketServer;
  let port = 0;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      wss = new WebSocketServer({ host: '127.0.0.1', port });
      wss.once('error', reject);
      wss.once('listening', () => {
        port = (wss.address() as AddressInfo).port;
        resolve();
      });
      wss.on('connection', (socket) => {
        connections.push(socket);
        socket.on('message', (data, isBinary) => {
          if (!isBinary) received.push(data.toString());
        });
        handler?.(socket);
        for (const wake of waiters.splice(0)) wake();
      });
    });
  await listen();

  const server: TestServer = {
    get url() {
      return `ws://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    connections,
    received,
    openCount: () => connections.filter((socket) => socket.readyState === socket.OPEN).length,
    async connection(n) {
      while (connections.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
      return connections[n - 1]!;
    },
    onConnection(next) {
      handler = next;
    },
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
    start: listen,
  };
  return server;
}
