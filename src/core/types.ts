import type { LifelineError } from './LifelineError';

/** What the policy does after a close, by default per code (see CLOSE_CODES.md). */
export type RetryAdvice = 'never' | 'backoff' | 'delayed' | 'reauth';
export type Severity = 'info' | 'success' | 'warning' | 'error';
export type CloseCodeRange = 'invalid' | 'protocol' | 'registered' | 'private';

export interface CloseCodeInfo {
  code: number;
  /** IANA name, or a range name ("Private use") for unlisted codes. */
  name: string;
  range: CloseCodeRange;
  /** May an application pass it to `close()`? (1000 and 3000-4999 only) */
  sendable: boolean;
  /** May it appear in a close frame at all? (false for 1004-1006, 1015) */
  onWire: boolean;
  retry: RetryAdvice;
  severity: Severity;
  /** One developer-facing sentence (not the end-user message). */
  summary: string;
}

/** A per-code rule: an advice, or a retry after a fixed delay or a random one inside a window. */
export type CodeRule =
  | RetryAdvice
  | { delayMs: number | readonly [min: number, max: number] };

export interface ReconnectPolicy {
  /** Retries before giving up (status `failed`). Default `Infinity`. */
  maxAttempts: number;
  /** Default 1000. */
  initialDelayMs: number;
  /** Default 30000. */
  maxDelayMs: number;
  /** Default 2. */
  factor: number;
  /** Default `'full'`: a uniform wait in [0, delay]. */
  jitter: 'full' | 'equal' | 'none';
  /** Open at least this long and the attempt counter resets. Default 5000. */
  stableAfterMs: number;
  /** Per-code rules, merged per code over the registry's defaults. */
  codes: Readonly<Record<number, CodeRule>>;
  /** The final say: `true` retries, `false` stops, `undefined` keeps the table's decision. */
  shouldReconnect?: ((close: CloseInfo, attempt: number) => boolean | undefined) | undefined;
  /** Runs before retrying a `'reauth'` close; a function URL is re-read afterwards. */
  reauthenticate?: (() => void | Promise<void>) | undefined;
  /** Default true: no attempts while `navigator.onLine` is false. */
  pauseWhileOffline: boolean;
  /** Default true: retry at once on the `online` event. */
  reconnectOnOnline: boolean;
}

export type ReconnectPolicyOptions = {
  [K in keyof ReconnectPolicy]?: ReconnectPolicy[K] | undefined;
};

export type ConnectionStatus =
  | 'idle'
  | 'connecting'
  | 'open'
  | 'closing'
  | 'reconnecting'
  | 'closed'
  | 'failed';

export type CloseInitiator = 'client' | 'server' | 'network';

export interface CloseInfo {
  code: number;
  reason: string;
  wasClean: boolean;
  /** Epoch ms. */
  at: number;
  initiator: CloseInitiator;
  meaning: CloseCodeInfo;
  /**
   * The effective decision for this close after the policy's table, presets and
   * `shouldReconnect`: `'never'` for a close the app asked for (`disconnect()` also records
   * one when no socket was open to close). `'reauth'` with `willRetry: false` and status
   * `closed`: the code needs a new sign-in and the policy has no `reauthenticate`, so the
   * user must sign in. Unlike `meaning.retry` (the registry's default), this is what the
   * connection actually does with the code.
   */
  action: RetryAdvice;
  /** True while this close's retry is scheduled or under way; false once it is cancelled or given up. */
  willRetry: boolean;
  /** Epoch ms of the retry this close scheduled, or null (also null inside `shouldReconnect`). */
  retryAt: number | null;
}

export type ReadyState = 0 | 1 | 2 | 3;

/** A snapshot of a connection. A new object whenever a field changes. */
export interface ConnectionState<In = unknown> {
  status: ConnectionStatus;
  readyState: ReadyState;
  lastClose: CloseInfo | null;
  lastMessage: In | undefined;
  /** Retries since the last stable open. */
  attempt: number;
  /** Epoch ms of the scheduled retry, null if none. */
  nextRetryAt: number | null;
  online: boolean;
  /** The last error: bad URL, parse failure, rejected send... While `failed`, the one it failed with. Cleared on open. */
  error: LifelineError | null;
}

export type SendData = string | ArrayBufferLike | Blob | ArrayBufferView;
export type SendResult = 'sent' | 'queued' | 'rejected';

/** A URL, or a function (sync or async) re-read before every attempt. `null` stays idle. */
export type UrlSource = string | URL | (() => string | URL | Promise<string | URL>);

/**
 * What the connection needs of a socket: the browser's `WebSocket`, `ws` in Node, or a fake.
 * Structural, so `import { WebSocket } from 'ws'` type-checks as well as the DOM's.
 */
export interface WebSocketLike {
  readonly readyState: number;
  binaryType: unknown;
  send(data: never): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'open' | 'message' | 'error' | 'close', listener: never): void;
}

export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

export interface QueueOptions {
  /** Default 1000. */
  max?: number | undefined;
  /** Default `'reject'`: a send on a full queue answers `'rejected'`. */
  overflow?: 'reject' | 'drop-oldest' | undefined;
}

export interface HeartbeatOptions {
  /** What to send as a ping. */
  message: string | (() => string);
  /** How often to ping while open. */
  intervalMs: number;
  /** How long a ping may go unanswered before the client closes with 3008 (Timeout). */
  timeoutMs: number;
  /** Which messages count as a pong; default: any message. */
  isPong?: ((data: unknown) => boolean) | undefined;
}

/**
 * A readiness step for protocols that acknowledge a connection (graphql-ws `connection_ack`,
 * a Phoenix join, an app's own hello): the socket counts as open only once `isReady` accepts
 * a server message.
 */
export interface ReadyOptions {
  /** Sent as soon as the socket opens, straight out (not queued). */
  message?: string | (() => string) | undefined;
  /** Does this server message say the server accepted the connection? It is not delivered. */
  isReady: (data: unknown) => boolean;
  /** No accepted message within this many ms: the client closes with 3008. Default 10000. */
  timeoutMs?: number | undefined;
}

export interface ConnectionHandlers<In = unknown> {
  onOpen?: ((event: Event) => void) | undefined;
  /** Every message, in order, exactly once. */
  onMessage?: ((message: In, event: MessageEvent) => void) | undefined;
  /** `url`: the URL the closed socket used (a URL function's answer); undefined when no socket was open (`disconnect()`), and in a tab that follows another tab's socket (`share: 'tabs'`). */
  onClose?: ((close: CloseInfo, url?: string) => void) | undefined;
  onError?: ((error: LifelineError) => void) | undefined;
  onGiveUp?: ((close: CloseInfo) => void) | undefined;
}

/** Timers and clock, injectable for tests. */
export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/** Where `online`/`offline` come from; in browsers, `navigator.onLine` and window events. */
export interface NetworkSource {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void): () => void;
  /** A page restored from the back/forward cache (`pageshow` with `persisted`). */
  subscribePageRestore?(listener: () => void): () => void;
}

export interface ConnectionOptions<In = unknown> extends ConnectionHandlers<In> {
  protocols?: string | string[] | undefined;
  /** Merged over the built-in defaults. Changing it never reconnects an open socket. */
  policy?: ReconnectPolicyOptions | undefined;
  /** E.g. `JSON.parse`. A throw sets `error`; the socket stays open. */
  parse?: ((data: unknown) => In) | undefined;
  binaryType?: BinaryType | undefined;
  /** Messages sent while not open wait here, for this session only. Default `{ max: 1000, overflow: 'reject' }`. */
  queue?: false | QueueOptions | undefined;
  /** Ping while open; no pong within `timeoutMs` and the client closes with 3008, retried per the policy. */
  heartbeat?: HeartbeatOptions | undefined;
  /** Count as open only once the server accepts the connection (e.g. graphql-ws `connection_ack`). */
  ready?: ReadyOptions | undefined;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor | undefined;
  timers?: Timers | undefined;
  /** Default `Math.random`; seed it in tests. */
  random?: (() => number) | undefined;
  network?: NetworkSource | undefined;
  /** @internal Report `connecting` (and queue sends) before `connect()`, for a hook that connects in its first effect. */
  startPending?: boolean | undefined;
  /** @internal Default true. False: `lastMessage` stays undefined (a hook keeps its own, parsed its own way), which spares a state change per message. */
  keepLastMessage?: boolean | undefined;
}

export interface Connection<In = unknown> {
  getState(): ConnectionState<In>;
  /** The idle state, for server rendering and hydration. */
  getServerState(): ConnectionState<In>;
  /** Called after every state change. Returns the unsubscribe function. */
  subscribe(listener: (state: ConnectionState<In>) => void): () => void;
  /** Called for every message, in order, exactly once. */
  onMessage(listener: (message: In, event: MessageEvent) => void): () => void;
  /** Adds a set of callbacks (several hooks may share one connection). */
  addHandlers(handlers: ConnectionHandlers<In>): () => void;
  send(data: SendData): SendResult;
  sendJson(value: unknown): SendResult;
  /** (Re)starts from `idle`, `closed` or `failed`; while `closing`, right after the close. */
  connect(): void;
  /** Closes as the client and discards the queue; nothing reconnects until `connect()`. Throws a RangeError for a bad code or reason. */
  disconnect(code?: number, reason?: string): void;
  /** Skips the wait of a scheduled retry (a due re-authentication still runs first). */
  retryNow(): void;
  /** Runs `policy.reauthenticate` (if any), then reconnects: the "Sign in again" button. */
  reauthenticate(): void;
  /**
   * @internal Starts from `idle`, `closed` or `failed` as retry number `attempt`, after the
   * policy's `reauthenticate` if `reauth`: a tab carrying on another tab's retries.
   */
  resume?(attempt: number, reauth: boolean): void;
  /** Updates options. A URL that points elsewhere, or other protocols, moves the session once. */
  setOptions(options: ConnectionOptions<In> & { url?: UrlSource | null | undefined }): void;
  /**
   * Holds the connection (and starts it from idle, unless `start` is false). The last release
   * stops it after a microtask (so a StrictMode remount, or a `connect()`, keeps it); `notify`
   * hears what that stop discards, e.g. the releasing hook's `onError`.
   */
  retain(start?: boolean): (notify?: (error: LifelineError) => void) => void;
  /** Stops and forgets every listener. */
  dispose(): void;
}

