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
  /**
   * The effective decision for this close after the policy's table, presets and
   * `shouldReconnect`: `'never'` for a close the app asked for (`disconnect()` also records
   * one when no socket was open to close). `'reauth'` with `willRetry: false` and status
   * `closed`: the code needs a new sign-in and the policy has no `reauthenticate`, so the
   * user must sign in. Unlike `describeCloseCode(code).retry` (the registry's default), this
   * is what the connection actually does with the code.
   */
  action: RetryAdvice;
  /**
   * True exactly while this close's retry is scheduled or under way; false once the socket is
   * open again, or the retry is cancelled or given up.
   */
  willRetry: boolean;
  /** Epoch ms of the retry this close scheduled, while `willRetry`; otherwise null (also inside `shouldReconnect`). */
  retryAt: number | null;
}

export type ReadyState = 0 | 1 | 2 | 3;

/** A snapshot of a connection. A new object whenever a field changes. */
export interface ConnectionState<In = unknown> {
  status: ConnectionStatus;
  readyState: ReadyState;
  lastClose: CloseInfo | null;
  lastMessage: In | undefined;
  /**
   * How many messages were delivered: it changes with every message, also when two in a row
   * are equal (and `lastMessage` stays the same). Depend on it to see each one, e.g.
   * `useEffect(() => append(lastMessage), [messageCount])`.
   */
  messageCount: number;
  /** Retries since the last stable open. */
  attempt: number;
  /** Epoch ms of the scheduled retry, null if none. */
  nextRetryAt: number | null;
  online: boolean;
  /** The last error: bad URL, parse failure, rejected send... While `failed`, the one it failed with. Cleared on open. */
  error: LifelineError | null;
  /** What plug-ins add to the state (`api.annotate`), by plug-in name. */
  plugins: Readonly<Record<string, unknown>>;
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
  /**
   * `purpose` `'retry'`: the connection's wait before a retry (the only timer it marks), which
   * a clock may hold back, e.g. while the page is hidden (`keepalive({ quietWhileHidden })`).
   */
  setTimeout(callback: () => void, ms: number, purpose?: 'retry'): unknown;
  clearTimeout(handle: unknown): void;
  now(): number;
}

/**
 * Where `online`/`offline` come from; in browsers, `navigator.onLine` and window events; in
 * React Native, NetInfo and AppState (`nativeNetwork()` from `react-lifeline/native`).
 */
/**
 * Online/offline (and, on a phone, foreground/background) for a connection. Each `subscribe*`
 * may be given `report`: where a source that calls app code (`nativeNetwork`'s NetInfo and
 * AppState) reports a throw, as a `LifelineError`, instead of letting it escape; the connection
 * and its plug-ins pass theirs.
 */
export interface NetworkSource {
  isOnline(): boolean;
  subscribe(listener: (online: boolean) => void, report?: (error: LifelineError) => void): () => void;
  /**
   * A page restored from the back/forward cache (`pageshow` with `persisted`), or an app back
   * in the foreground: a socket that died meanwhile counts as closed, a waiting retry goes now.
   */
  subscribePageRestore?(listener: () => void, report?: (error: LifelineError) => void): () => void;
  /** Whether the app is in the foreground (a phone's AppState); a source without it is always in the foreground. For plug-ins. */
  isForeground?(): boolean;
  /** Foreground/background changes (AppState `active`/`background`). For plug-ins. */
  subscribeForeground?(listener: (foreground: boolean) => void, report?: (error: LifelineError) => void): () => void;
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
  /**
   * What else the connection does: `heartbeat()` from `react-lifeline/heartbeat`, `ready()` from
   * `react-lifeline/ready`, your own (see `Plugin`). Read at creation and by `setOptions`: the
   * same names in the same order keep the plug-ins running with their new options.
   */
  plugins?: readonly Plugin[] | undefined;
  /** Default `globalThis.WebSocket`. */
  WebSocket?: WebSocketConstructor | undefined;
  timers?: Timers | undefined;
  /** Default `Math.random`; seed it in tests. */
  random?: (() => number) | undefined;
  network?: NetworkSource | undefined;
  /** @internal Report `connecting` (and queue sends) before `connect()`, for a hook that connects in its first effect. */
  startPending?: boolean | undefined;
  /** @internal Default true. False: `lastMessage` and `messageCount` stay as they are (a hook keeps its own, parsed its own way), which spares a state change per message. */
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
  /** Adds a set of callbacks (several hooks may share one connection); one object added twice is called once. */
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
   * policy's `reauthenticate` if `reauth`: a tab carrying on another tab's retries. `carried`:
   * the other tab's `state.plugins`, each plug-in's part given to its setup as `api.carried`.
   */
  resume?(attempt: number, reauth: boolean, carried?: Readonly<Record<string, unknown>>): void;
  /** Updates options. A URL that points elsewhere, or other protocols, moves the session once. */
  setOptions(options: ConnectionOptions<In> & { url?: UrlSource | null | undefined }): void;
  /**
   * Holds the connection and starts it from idle (`hold` false: only watches, and a manual
   * `connect()` it made stops at the release unless someone holds it). `handlers` hear
   * its events until the release has taken effect. The last release stops the connection
   * after a microtask, so a StrictMode remount, or a `connect()`, keeps it; what that stop
   * discards reaches `handlers` once.
   */
  retain(hold?: boolean, handlers?: ConnectionHandlers<In>): () => void;
  /** Stops and forgets every listener. */
  dispose(): void;
  /**
   * What devtools show beyond the state, read when they look (no event, no state change, so
   * it costs a connection nothing while no one looks). Optional: a hand-made `Connection` may
   * leave it out.
   *
   * @example
   * const { sent, queued } = connection.stats?.() ?? { sent: 0, queued: 0 };
   */
  stats?(): ConnectionStats;
  /**
   * Development builds only (absent in production): behaves as if the server had closed the
   * open socket with `code` and `reason` (1006: as if the connection dropped, no close frame),
   * so the policy decides as it would. The real socket is closed quietly underneath. Does
   * nothing while no socket is open. For devtools' "simulate". `code` must be one a server
   * could close with: a whole number in 1000-4999 a close frame may carry (not 1004, 1005 or
   * 1015), or 1006 for a drop; anything else throws a `RangeError` and changes nothing (as
   * `disconnect()` does). With `share: 'tabs'` any tab may call it: a follower's goes to the
   * leading tab, whose socket it closes.
   *
   * @example
   * connection.simulateClose?.(1012); // as a server restart: the policy retries
   */
  simulateClose?(code: number, reason?: string): void;
}

/** A connection's traffic and queue, for devtools (`Connection.stats`). */
export interface ConnectionStats {
  /** Messages put on a socket so far: sent at once, from the queue when it opened, or by a plug-in (a ping, a hello). */
  sent: number;
  /**
   * Messages the server sent on this connection's sockets so far, those a plug-in kept from the
   * app (a heartbeat's pong) included. Absent where the connection does not hold the socket
   * itself (a hand-made `Connection`, a tab sharing another tab's socket).
   */
  received?: number | undefined;
  /** Messages waiting in the session queue (in a following tab: its sends no leader acknowledged yet). */
  queued: number;
  /** With `share: 'tabs'`: this tab's role with the shared socket. */
  role?: 'away' | 'joining' | 'following' | 'leading' | undefined;
}


/**
 * A plug-in: what a connection does beyond its core (a heartbeat, a readiness step, your
 * own). `setup` runs when the connection first starts (and again after its last holder let go
 * and it starts anew) and returns what it hears; `dispose` comes when it is let go. A plug-in
 * touches the connection only through its `PluginApi`.
 *
 * @example
 * const logOpens: Plugin = { name: 'log-opens', setup: (api) => ({ open: () => console.log('open', api.getState().attempt) }) };
 */
export interface Plugin<O = unknown> {
  /** Names it in errors (`heartbeat.isPong threw`), in `state.plugins`, and for `setOptions`. */
  readonly name: string;
  /** Its options, as `api.options()` gives them: a later `setOptions` with a plug-in of the same name replaces them. */
  readonly options?: O | undefined;
  /** A problem with the options (development builds check them): the connection reports it and does not start. */
  readonly error?: LifelineError | null | undefined;
  /**
   * A clock this plug-in brings (e.g. `keepalive()`'s, which keeps time in a Worker so hidden
   * tabs are not throttled): the connection's own timers (the retry wait, `stableAfterMs`) and
   * every plug-in's `api.timers` use it. Read once, when the connection is created: the first
   * plug-in that has one gives it, and an explicit `timers` option wins over it.
   */
  readonly timers?: Timers | undefined;
  setup(api: PluginApi<O>): PluginHooks;
}

/** What a plug-in hears. Each is called through the connection's guard: a throw is reported, never breaks a phase. */
export interface PluginHooks {
  /**
   * The socket opened. `'hold'`: the connection does not count as open until `api.ready()` (a handshake).
   * When several plug-ins hold, it opens once every one of them has called `api.ready()` (a holder taken out of the plug-ins no longer holds).
   */
  socketOpen?(): 'hold' | void;
  /** The connection counts as open (after any hold). `'prove'`: this plug-in proves the link alive with `api.ready()`, instead of `stableAfterMs`. */
  open?(): 'prove' | void;
  /** A server message, before `parse`. `true`: swallowed, never delivered (a pong, an ack). */
  message?(data: unknown): boolean | void;
  /** The message the plug-ins just heard reached `onMessage` (parsed, not swallowed). */
  delivered?(): void;
  /** The URL the next socket opens (after a URL function answered): return another to open that instead, e.g. with a stream position in its query. */
  url?(href: string): string | void;
  /** The session ended: the connection stopped (`disconnect()`, a close for good, the last holder gone) or moved to another URL. What a plug-in kept for the session (a stream position) goes with it. */
  end?(): void;
  /** The socket that opened is open no longer: closing, closed, or left for another. */
  close?(): void;
  /** Every state change. */
  state?(state: ConnectionState): void;
  /** The connection let go of this plug-in (other plug-ins, or disposed). */
  dispose?(): void;
}

/** A plug-in's handle on its connection: nothing else reaches inside. */
export interface PluginApi<O = unknown> {
  readonly timers: Timers;
  readonly network: NetworkSource;
  /** What this plug-in annotated in the connection this one carries on (a tab taking over another tab's socket: its `state.plugins[name]`); otherwise undefined. */
  readonly carried?: unknown;
  /** The latest options this plug-in was given. */
  options(): O;
  getState(): ConnectionState;
  /** Straight onto the socket, before anything queued (a hello, a ping); false when no socket is open. */
  send(data: SendData): boolean;
  /**
   * This plug-in's handshake answered: the open it held counts once no other plug-in still holds it, and the link is proved alive (the attempt counter resets).
   * @example
   * setup: (api) => ({ socketOpen: () => 'hold', message: (data) => (data === 'ack' ? (api.ready(), true) : undefined) })
   */
  ready(): void;
  /** Closes the socket as the client, at once, and lets the policy decide: a dead link. `error` is reported first. */
  close(code: number, reason: string, error: LifelineError): void;
  /** Sets `state.plugins[name]`. */
  annotate(value: unknown): void;
  /** Calls code the plug-in was given; a throw is reported as a `LifelineError` naming `name`, and gives `undefined`. */
  call<A extends unknown[], R>(name: string, fn: ((...args: A) => R) | undefined, ...args: A): R | undefined;
  /** Reports an error: `state.error` and every `onError`. */
  report(error: LifelineError): void;
}
