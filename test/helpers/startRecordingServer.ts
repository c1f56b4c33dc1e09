import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket as ServerSocket } from 'ws';

export interface RecordedConnection {
  readonly socket: ServerSocket;
  /** The request path with its query string, e.g. `/a` or `/?token=old`. */
  readonly path: string;
  /** Every message this connection received, in order: text as a string, binary as a copy of its bytes. */
  readonly received: Array<string | Uint8Array>;
  /** The close code the server saw, once the connection closed. */
  readonly closeCode: number | null;
  /**
   * Stops reading from the TCP socket: the client's frames, its close frame included, pile up
   * unread, so a closing handshake the client starts is never answered.
   */
  pause(): void;
  /** Reads again: a close frame that waited is answered now. */
  resume(): void;
}

export interface RecordingServer {
  /** `ws://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  /** Every connection ever accepted, oldest first. */
  readonly connections: readonly RecordedConnection[];
  /** Runs for every new connection, after the bookkeeping. */
  onConnection(handler: ((connection: RecordedConnection) => void) | null): void;
  /** Resolves with the n-th connection (1-based); rejects after `timeoutMs`. */
  connection(n: number, timeoutMs?: number): Promise<RecordedConnection>;
  /** Terminates every connection and stops listening. */
  stop(): Promise<void>;
}

/** A real `ws` server on 127.0.0.1 (ephemeral port) that records each connection's path and messages. */
export async function startRecordingServer(): Promise<RecordingServer> {
  const connections: RecordedConnection[] = [];
  let handler: ((connection: RecordedConnection) => void) | null = null;
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('error', reject);
    wss.once('listening', () => resolve());
  });
  const { port } = wss.address() as AddressInfo;

  wss.on('connection', (socket, request) => {
    const tcp = (socket as unknown as { _socket: Socket })._socket;
    const received: Array<string | Uint8Array> = [];
    let closeCode: number | null = null;
    const connection: RecordedConnection = {
      socket,
      path: request.url ?? '',
      received,
      get closeCode() {
        return closeCode;
      },
      pause: () => void tcp.pause(),
      resume: () => void tcp.resume(),
    };
    socket.on('message', (data, isBinary) => {
      if (!isBinary) received.push(data.toString());
      else received.push(Uint8Array.from(Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer)));
    });
    socket.on('close', (code) => {
      closeCode = code;
    });
    connections.push(connection);
    handler?.(connection);
  });

  return {
    url: `ws://127.0.0.1:${port}`,
    connections,
    onConnection(next) {
      handler = next;
    },
    async connection(n, timeoutMs = 3000) {
      const deadline = Date.now() + timeoutMs;
      while (connections.length < n) {
        if (Date.now() > deadline) throw new Error(`the server saw ${connections.length} connections within ${timeoutMs} ms, not ${n}`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return connections[n - 1]!;
    },
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
