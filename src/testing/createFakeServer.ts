import type { SendData } from '../core';

function closeEvent(code: number, reason: string, wasClean: boolean): CloseEvent {
  return Object.assign(new Event('close'), { code, reason, wasClean }) as CloseEvent;
}

function messageEvent(data: unknown): MessageEvent {
  return typeof MessageEvent === 'function'
    ? new MessageEvent('message', { data })
    : (Object.assign(new Event('message'), { data }) as MessageEvent);
}

/**
 * A WebSocket that a test drives from the server's side: `accept()`, `message()`,
 * `serverClose()`, `drop()`, `refuse()`. It records what the client sent and how it closed.
 * Events fire synchronously when the test calls these, so fake timers need no help; a
 * client `close()` completes on a microtask, as in browsers.
 */
export class FakeWebSocket extends EventTarget implements WebSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  readonly CONNECTING = 0;
  readonly OPEN = 1;
  readonly CLOSING = 2;
  readonly CLOSED = 3;

  readonly url: string;
  readonly protocols: string[];
  readyState: 0 | 1 | 2 | 3 = 0;
  binaryType: BinaryType = 'blob';
  bufferedAmount = 0;
  extensions = '';
  protocol = '';
  onopen: WebSocket['onopen'] = null;
  onmessage: WebSocket['onmessage'] = null;
  onerror: WebSocket['onerror'] = null;
  onclose: WebSocket['onclose'] = null;
  /** Everything the client sent, in order. */
  readonly sent: SendData[] = [];
  /** The client's `close(code, reason)`, if it called it. */
  closedByClient: { code: number | undefined; reason: string | undefined } | null = null;
  /** A stalled socket stays open but answers nothing: a half-open link. */
  stalled = false;
  /** Answers the server gives by itself (see `FakeServer.respond`). */
  responder: ((data: SendData) => unknown) | null = null;

  constructor(url: string | URL, protocols?: string | string[]) {
    super();
    this.url = String(url);
    this.protocols = protocols === undefined ? [] : Array.isArray(protocols) ? protocols : [protocols];
  }

  send(data: SendData): void {
    if (this.readyState === 0) throw new DOMException('Still in CONNECTING state.', 'InvalidStateError');
    if (this.readyState !== 1) return;
    this.sent.push(data);
    const reply = this.stalled ? undefined : this.responder?.(data);
    // Answers arrive later, as over a network; fake timers do not hold them up.
    if (reply !== undefined) queueMicrotask(() => this.readyState === 1 && !this.stalled && this.message(reply));
  }

  /** Server side: stop answering anything, without closing (heartbeats will notice). */
  stall(): this {
    this.stalled = true;
    return this;
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= 2) return;
    this.closedByClient = { code, reason };
    const wasOpen = this.readyState === 1;
    this.readyState = 2;
    queueMicrotask(() => this.#finish(wasOpen ? (code ?? 1005) : 1006, wasOpen ? (reason ?? '') : '', wasOpen));
  }

  /** Server side: complete the handshake. */
  accept(protocol = ''): this {
    if (this.readyState !== 0) throw new Error(`FakeWebSocket.accept(): the socket is ${this.readyState}, not CONNECTING.`);
    this.protocol = protocol;
    this.readyState = 1;
    this.#fire(new Event('open'));
    return this;
  }

  /** Server side: send a message to the client. */
  message(data: unknown): this {
    if (this.readyState !== 1) throw new Error('FakeWebSocket.message(): the socket is not open.');
    this.#fire(messageEvent(data));
    return this;
  }

  /** Server side: a clean close frame with this code and reason. */
  serverClose(code = 1000, reason = ''): this {
    if (this.readyState === 3) return this;
    this.#finish(code, reason, true);
    return this;
  }

  /** The connection dies without a close frame: `error`, then 1006. */
  drop(): this {
    if (this.readyState === 3) return this;
    this.#fire(new Event('error'));
    this.#finish(1006, '', false);
    return this;
  }

  /** The handshake fails (refused, 401, 503...): browsers show `error`, then 1006. */
  refuse(): this {
    if (this.readyState !== 0) throw new Error('FakeWebSocket.refuse(): the socket is not CONNECTING.');
    return this.drop();
  }

  #finish(code: number, reason: string, wasClean: boolean): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#fire(closeEvent(code, reason, wasClean));
  }

  #fire(event: Event): void {
    const handler = this[`on${event.type}` as 'onopen'] as ((event: Event) => void) | null;
    handler?.call(this, event);
    this.dispatchEvent(event);
  }
}

export interface FakeServer {
  /**
   * Makes every socket answer what the client sends, e.g. `(data) => (data === 'ping' ? 'pong' : undefined)`
   * for heartbeats, or `(data) => data` to echo. `undefined` answers nothing; a stalled socket answers nothing.
   */
  respond(responder: ((data: SendData) => unknown) | null): void;
  /** Pass this as `WebSocket` to the provider or to `createConnection`. */
  readonly WebSocket: new (url: string | URL, protocols?: string | string[]) => FakeWebSocket;
  /** Every socket the client created, oldest first. */
  readonly sockets: readonly FakeWebSocket[];
  /** The newest socket; throws if there is none. */
  last(): FakeWebSocket;
  /** Sockets not yet closed (CONNECTING, OPEN or CLOSING). */
  live(): FakeWebSocket[];
}

/**
 * A fake server for your tests: every `new WebSocket()` made with its `WebSocket` lands in
 * `sockets`, for the test to accept, message, close or drop.
 *
 * @example
 * const server = createFakeServer();
 * render(<WebSocketProvider WebSocket={server.WebSocket}><Chat /></WebSocketProvider>);
 * act(() => server.last().accept().message('hello'));
 */
export function createFakeServer(): FakeServer {
  const sockets: FakeWebSocket[] = [];
  let responder: ((data: SendData) => unknown) | null = null;
  class ServerBoundWebSocket extends FakeWebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.responder = (data) => responder?.(data);
      sockets.push(this);
    }
  }
  return {
    WebSocket: ServerBoundWebSocket,
    sockets,
    respond(next) {
      responder = next;
    },
    last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('createFakeServer().last(): no socket was created yet.');
      return socket;
    },
    live: () => sockets.filter((socket) => socket.readyState !== 3),
  };
}
