/**
 * Model-based test of ONE `createConnection`: fast-check drives random command sequences
 * (server closes, drops, refusals, accepts, messages, sends, disconnect/connect, retryNow,
 * URL and policy changes, offline/online, page restores, re-auth results, time passing)
 * and checks the invariants of the v2 connection semantics after every command (after
 * draining microtasks with a real macrotask, so fake time does not move).
 *
 * Only the public API is used: `createConnection`, `getState`, `subscribe`, `onMessage`,
 * the option callbacks, `send`, `connect`, `disconnect`, `retryNow`, `setOptions`, `dispose`,
 * plus the fake server of `src/testing`. The harness observes sockets through a subclass of
 * the fake server's `WebSocket` (it sees every `new WebSocket()` and every `socket.send()`
 * the moment they happen) and never looks inside the connection.
 *
 * Environment:
 *   MODEL_RUNS  number of runs (default 2000)
 *   MODEL_SEED  fast-check seed (default a constant, so `npm test` is deterministic)
 *   MODEL_PATH  the `path` a failure prints; with its MODEL_SEED and MODEL_REPLAY_PATH (the
 *               `replayPath` printed inside the counterexample) it replays the shrunk case at once
 *   MODEL_SKIP  comma-separated invariant names to switch off, e.g. `stopped-no-live-socket`,
 *               to look for the next distinct counterexample (names: see INVARIANTS below)
 *   MODEL_OMIT  comma-separated command kinds to leave out, e.g. `setUrl` (names: see COMMANDS)
 *
 *   MODEL_RUNS=20000 npx vitest run test/core/connection.model.test.ts
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { CLOSE_CODES } from '../../src/core/closeCodes';
import { createConnection, type Connection } from '../../src/core/createConnection';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import type {
  CloseInfo,
  CodeRule,
  ConnectionState,
  ConnectionStatus,
  NetworkSource,
  ReconnectPolicyOptions,
  RetryAdvice,
  SendData,
  SendResult,
} from '../../src/core/types';
import { createFakeServer, type FakeServer, type FakeWebSocket } from '../../src/testing/createFakeServer';
import { seededRandom } from '../../src/testing/seededRandom';

// ---------------------------------------------------------------------------------------
// Configuration

const NUM_RUNS = envInt('MODEL_RUNS', 2000);
const SEED = envInt('MODEL_SEED', 0x5eed_2024);
const PATH = process.env.MODEL_PATH || undefined;
const REPLAY_PATH = process.env.MODEL_REPLAY_PATH || undefined;
const MAX_COMMANDS = 40;
const T0 = 1_000_000;

/** Every invariant, by the name a violation reports and MODEL_SKIP accepts. */
const INVARIANTS = {
  // --- the core invariants
  'one-live-socket': 'at most one socket is not CLOSED',
  'queue-url': 'a queued message goes only to a socket of the URL identity it was queued for',
  'queue-after-session': 'a queued message is never sent after its session ended (disconnect, URL change, closed/failed/idle)',
  'at-most-once': 'every message is sent at most once across all sockets',
  'send-order': "the messages of one session are sent in send order",
  'binary-copy': "binary data is sent with the bytes it had when send() answered",
  'no-timer-when-stopped': "no timer is pending while 'idle', 'closed' or 'failed'",
  'open-means-open': "status 'open' => the newest socket is OPEN",
  'stopped-no-live-socket': "status 'idle'/'closed'/'failed' => no socket is CONNECTING or OPEN",
  'retry-at-means-reconnecting': "nextRetryAt !== null => status 'reconnecting'",
  'will-retry-when-stopped': "status 'idle'/'closed'/'failed' => lastClose.willRetry is not true",
  'will-retry-when-scheduled': 'nextRetryAt !== null => lastClose.willRetry === true',
  'no-socket-after-disconnect': 'after disconnect(), no new socket until connect()',
  // --- further statements of the v2 semantics that the public API makes observable
  'reauth-first': 'after a close the policy answers with a re-auth, no socket is opened before that re-auth settles (retryNow/online/pageshow never skip it)',
  'send-result': "send(): 'rejected' while closing/closed/failed, 'queued' while connecting/reconnecting, 'sent' (to the open socket, at once) while open",
  'socket-url': 'every new socket is for the current URL identity',
  'same-url-identity': 'a URL change to the same URL identity changes nothing (no new socket, no close)',
  'discard-report': "a session that ends with queued messages reports one 'queue-discarded' error with their count",
  'message-delivery': 'a server message on the open socket reaches onMessage exactly once',
  'unknown-payload': 'the connection sends only what the app gave send()',
} as const;
type Invariant = keyof typeof INVARIANTS;

const SKIP = new Set((process.env.MODEL_SKIP ?? '').split(',').map((name) => name.trim()).filter(Boolean));
for (const name of SKIP) if (!(name in INVARIANTS)) throw new Error(`MODEL_SKIP: unknown invariant "${name}"; known: ${Object.keys(INVARIANTS).join(', ')}`);

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new Error(`${name} must be an integer, got ${raw}`);
  return value;
}

// Captured before any test installs fake timers: a real macrotask drains every microtask
// (client close() completing, promise chains after a re-auth) without moving fake time.
const realSetImmediate = globalThis.setImmediate;
const flush = () => new Promise<void>((resolve) => realSetImmediate(resolve));

// ---------------------------------------------------------------------------------------
// Inputs

/** Three URL identities; the first has a second spelling of the same identity. */
const URLS = ['ws://alpha.test/feed', 'ws://ALPHA.test:80/feed', 'wss://beta.test/feed', 'ws://gamma.test:8080/x'] as const;

/** `urlIdentity` as the spec defines it, written independently of the implementation. */
function urlIdentity(input: string): string {
  const url = new URL(input);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  if (url.protocol === 'https:') url.protocol = 'wss:';
  return url.href;
}

const TERMINAL: readonly ConnectionStatus[] = ['idle', 'closed', 'failed'];
const isTerminal = (status: ConnectionStatus) => TERMINAL.includes(status);

type PolicySpec = {
  maxAttempts: number;
  jitter: 'full' | 'equal' | 'none';
  initialDelayMs: number;
  maxDelayMs: number;
  stableAfterMs: number;
  pauseWhileOffline: boolean;
  reconnectOnOnline: boolean;
  codes: Record<number, CodeRule>;
};

const showRule = (rule: CodeRule) =>
  typeof rule === 'string' ? rule : typeof rule.delayMs === 'number' ? `{delayMs:${rule.delayMs}}` : `{delayMs:[${rule.delayMs.join(',')}]}`;

function showPolicy(policy: PolicySpec): string {
  const codes = Object.entries(policy.codes).map(([code, rule]) => `${code}:${showRule(rule)}`);
  return (
    `{maxAttempts:${policy.maxAttempts},jitter:'${policy.jitter}',initialDelayMs:${policy.initialDelayMs},maxDelayMs:${policy.maxDelayMs},` +
    `stableAfterMs:${policy.stableAfterMs},pauseWhileOffline:${policy.pauseWhileOffline},reconnectOnOnline:${policy.reconnectOnOnline},codes:{${codes.join(',')}}}`
  );
}

const ruleArb: fc.Arbitrary<CodeRule> = fc.oneof(
  fc.constantFrom<RetryAdvice>('never', 'backoff', 'delayed', 'reauth'),
  fc.integer({ min: 0, max: 20_000 }).map((delayMs) => ({ delayMs })),
  fc
    .tuple(fc.integer({ min: 0, max: 20_000 }), fc.integer({ min: 0, max: 20_000 }))
    .map(([a, b]) => ({ delayMs: [Math.min(a, b), Math.max(a, b)] as const })),
);

const RULE_CODES = [1000, 1001, 1006, 1008, 1011, 1012, 1013, 3000, 3003, 3008, 4000, 4001];

const policyArb: fc.Arbitrary<PolicySpec> = fc
  .record({
    maxAttempts: fc.oneof(fc.constant(Infinity), fc.integer({ min: 0, max: 4 })),
    jitter: fc.constantFrom('full' as const, 'equal' as const, 'none' as const),
    initialDelayMs: fc.constantFrom(0, 50, 1000, 5000),
    maxDelayMs: fc.constantFrom(100, 10_000, 30_000),
    stableAfterMs: fc.constantFrom(0, 1000, 5000),
    pauseWhileOffline: fc.boolean(),
    reconnectOnOnline: fc.boolean(),
    codes: fc.uniqueArray(fc.tuple(fc.constantFrom(...RULE_CODES), ruleArb), { maxLength: 4, selector: ([code]) => code }),
  })
  .map(({ codes, initialDelayMs, maxDelayMs, ...rest }) => ({
    ...rest,
    initialDelayMs,
    maxDelayMs: Math.max(initialDelayMs, maxDelayMs),
    codes: Object.fromEntries(codes) as Record<number, CodeRule>,
  }));

const registryCodes = Object.keys(CLOSE_CODES).map(Number);
const retryableCodes = registryCodes.filter((code) => ['backoff', 'delayed'].includes(CLOSE_CODES[code]!.retry));
const closeCodeArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 2, arbitrary: fc.constantFrom(...registryCodes) },
  { weight: 3, arbitrary: fc.constantFrom(...retryableCodes) },
  { weight: 2, arbitrary: fc.constant(3000) },
  { weight: 1, arbitrary: fc.integer({ min: 3000, max: 4999 }) },
);
const disconnectCodeArb = fc.oneof({ weight: 2, arbitrary: fc.constant(1000) }, { weight: 1, arbitrary: fc.integer({ min: 3000, max: 4999 }) });
/** Which of the eligible sockets a server-side command targets. */
type Target = 'newest' | 'oldest';
const targetArb = fc.oneof(
  { withCrossShrink: true },
  { weight: 5, arbitrary: fc.constant<Target>('newest') },
  { weight: 1, arbitrary: fc.constant<Target>('oldest') },
);

// ---------------------------------------------------------------------------------------
// The world: the connection, the fake server and network, and the harness's bookkeeping

type Probe = FakeWebSocket & { index: number };

interface Msg {
  id: string;
  seq: number;
  kind: 'text' | 'binary';
  /** The bytes when send() answered (binary only). */
  original: Uint8Array | null;
  result: SendResult | 'pending';
  session: number;
  urlId: string;
  /** Set when its session ended with it still unsent. */
  discarded: boolean;
  /** Indexes of the sockets it was sent on. */
  deliveries: number[];
}

interface PendingReauth {
  n: number;
  /** How many socket close events had happened when the connection called reauthenticate. */
  closesBefore: number;
  resolve: () => void;
  reject: (error: Error) => void;
}

const SOCKET_LETTER = ['c', 'O', 'g', 'x'] as const; // connecting, OPEN, closing, closed

class World {
  readonly server: FakeServer;
  readonly conn: Connection<unknown>;
  readonly log: string[] = [];
  violations: string[] = [];

  // network
  online = true;
  readonly onlineListeners = new Set<(online: boolean) => void>();
  readonly restoreListeners = new Set<() => void>();

  // URL, policy
  url: string = URLS[0];
  policy: PolicySpec | null = null;

  // sessions
  sessionId = 0;
  sessionActive = false;
  disconnected = false;
  private prevStatus: ConnectionStatus;

  // re-auth
  readonly reauths: PendingReauth[] = [];
  reauthCalls = 0;
  closeEvents = 0;
  needReauth: { since: number; code: number } | null = null;

  // messages
  readonly messages = new Map<string, Msg>();
  readonly callerBuffers = new WeakMap<ArrayBufferLike, Msg>();
  readonly sessionLastSeq = new Map<number, number>();
  nextMsg = 0;
  received: unknown[] = [];
  discardReports: number[] = [];
  discardExpected: number[] = [];

  constructor(randomSeed: number) {
    this.server = createFakeServer();
    const network: NetworkSource = {
      isOnline: () => this.online,
      subscribe: (listener) => {
        this.onlineListeners.add(listener);
        return () => this.onlineListeners.delete(listener);
      },
      subscribePageRestore: (listener) => {
        this.restoreListeners.add(listener);
        return () => this.restoreListeners.delete(listener);
      },
    };
    this.conn = createConnection<unknown>(this.url, {
      WebSocket: probeWebSocket(this),
      network,
      random: seededRandom(randomSeed),
      policy: this.policyOptions(null),
      onClose: (close) => this.onClose(close),
      onError: (error) => {
        const { code, count } = error as Error & { code?: unknown; count?: unknown };
        if (code === 'queue-discarded') this.discardReports.push(typeof count === 'number' ? count : NaN);
      },
    });
    this.conn.onMessage((message) => this.received.push(message));
    this.prevStatus = this.conn.getState().status;
    this.conn.subscribe((state) => this.onState(state));
  }

  get state(): ConnectionState<unknown> {
    return this.conn.getState();
  }

  get sockets(): readonly Probe[] {
    return this.server.sockets as readonly Probe[];
  }

  policyOptions(spec: PolicySpec | null): ReconnectPolicyOptions {
    return { ...(spec ?? {}), reauthenticate: this.reauthenticate };
  }

  /** The policy's re-auth: a promise the `settleReauth` command resolves or rejects. */
  readonly reauthenticate = (): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      this.reauthCalls += 1;
      this.note(`  (the connection calls reauthenticate: call #${this.reauthCalls})`);
      this.reauths.push({ n: this.reauthCalls, closesBefore: this.closeEvents, resolve, reject });
    });

  violation(name: Invariant, detail: string): void {
    if (SKIP.has(name)) return;
    this.violations.push(`[${name}] ${INVARIANTS[name]}\n  ${detail}`);
  }

  // --- sessions

  startSession(why: string): void {
    this.sessionId += 1;
    this.sessionActive = true;
    this.note(`  (session ${this.sessionId} starts: ${why})`);
  }

  endSession(why: string): void {
    if (!this.sessionActive) return;
    this.sessionActive = false;
    this.needReauth = null;
    let discarded = 0;
    for (const msg of this.messages.values()) {
      if (msg.session === this.sessionId && msg.result === 'queued' && msg.deliveries.length === 0 && !msg.discarded) {
        msg.discarded = true;
        discarded += 1;
      }
    }
    if (discarded > 0) this.discardExpected.push(discarded);
    this.note(`  (session ${this.sessionId} ends: ${why}${discarded ? `, ${discarded} queued discarded` : ''})`);
  }

  onState(state: ConnectionState<unknown>): void {
    if (isTerminal(state.status) && !isTerminal(this.prevStatus)) this.endSession(`status ${this.prevStatus} -> ${state.status}`);
    this.prevStatus = state.status;
  }

  onClose(close: CloseInfo): void {
    if (!close.willRetry || !this.sessionActive) return;
    const reported = (close as CloseInfo & { action?: unknown }).action;
    const action = typeof reported === 'string' ? reported : this.tableAction(close.code);
    if (action === 'reauth') {
      this.needReauth = { since: this.closeEvents, code: close.code };
      this.note(`  (close ${close.code}: re-auth due before the next socket)`);
    }
  }

  /** The decision of the policy table for a code (used only if the close carries no `action`). */
  tableAction(code: number): string {
    const defaults: Record<number, CodeRule> = { 1012: { delayMs: [5000, 30_000] }, 1013: { delayMs: [10_000, 60_000] } };
    const rule = this.policy?.codes[code] ?? defaults[code] ?? describeCloseCode(code).retry;
    return typeof rule === 'string' ? rule : 'delayed';
  }

  // --- sockets

  onSocketCreated(socket: Probe): void {
    if (this.disconnected) {
      this.violation('no-socket-after-disconnect', `socket #${socket.index} (${socket.url}) was created after disconnect() with no connect() since`);
    }
    if (urlIdentity(socket.url) !== urlIdentity(this.url)) {
      this.violation('socket-url', `socket #${socket.index} is for ${socket.url}, but the URL is ${this.url}`);
    }
    if (this.needReauth) {
      this.violation(
        'reauth-first',
        `socket #${socket.index} was opened after the ${this.needReauth.code} close without a settled re-auth call (calls so far: ${this.reauthCalls}, pending: ${this.reauths.length})`,
      );
    }
  }

  identify(data: SendData): { msg: Msg | undefined; bytes: Uint8Array | null; what: string } {
    if (typeof data === 'string') return { msg: this.messages.get(data), bytes: null, what: JSON.stringify(data) };
    if (typeof Blob !== 'undefined' && data instanceof Blob) return { msg: undefined, bytes: null, what: 'a Blob' };
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data as ArrayBuffer);
    const byBuffer = this.callerBuffers.get(bytes.buffer);
    const text = new TextDecoder().decode(bytes);
    if (byBuffer) return { msg: byBuffer, bytes, what: `the caller's own buffer, uncopied (now ${JSON.stringify(text)})` };
    const id = text.startsWith('bin:') ? text.slice(4) : '';
    return { msg: this.messages.get(id), bytes, what: `bytes ${JSON.stringify(text)}` };
  }

  onSocketSend(socket: Probe, data: SendData): void {
    const { msg, bytes, what } = this.identify(data);
    if (!msg) {
      this.violation('unknown-payload', `socket #${socket.index} was sent ${what}, which no send() gave`);
      return;
    }
    const where = `${msg.id} (${msg.result}, session ${msg.session}) on socket #${socket.index} ${socket.url}`;
    if (msg.kind === 'binary') {
      if (!bytes || !msg.original || !sameBytes(bytes, msg.original)) {
        this.violation('binary-copy', `${where}: sent ${what}, but send() was given ${JSON.stringify(new TextDecoder().decode(msg.original ?? new Uint8Array()))}`);
      }
    } else if (bytes) {
      this.violation('unknown-payload', `${where}: a text message was sent as binary`);
    }
    if (msg.deliveries.length > 0) this.violation('at-most-once', `${where}: already sent on socket(s) #${msg.deliveries.join(', #')}`);
    if (msg.result === 'rejected') this.violation('send-result', `${where}: send() answered 'rejected' but it was sent`);
    if (msg.result === 'queued') {
      if (msg.discarded) this.violation('queue-after-session', `${where}: its session ${msg.session} had already ended`);
      if (urlIdentity(socket.url) !== msg.urlId) this.violation('queue-url', `${where}: queued for ${msg.urlId}`);
    }
    const last = this.sessionLastSeq.get(msg.session) ?? -1;
    if (msg.seq < last) this.violation('send-order', `${where}: sent after a later message of its session (send #${last})`);
    else this.sessionLastSeq.set(msg.session, msg.seq);
    msg.deliveries.push(socket.index);
  }

  /** Sockets eligible for a server-side command, oldest first. */
  eligible(states: readonly number[]): Probe[] {
    return this.sockets.filter((socket) => states.includes(socket.readyState));
  }

  pick(states: readonly number[], target: Target): Probe | undefined {
    const list = this.eligible(states);
    return target === 'newest' ? list.at(-1) : list[0];
  }

  // --- reporting

  note(line: string): void {
    this.log.push(line);
  }

  describe(): string {
    const s = this.state;
    const sockets = this.sockets.map((socket) => `${socket.index}${SOCKET_LETTER[socket.readyState]}`).join(' ');
    const close = s.lastClose ? `${s.lastClose.code}/${s.lastClose.initiator}/willRetry=${s.lastClose.willRetry}` : 'null';
    const next = s.nextRetryAt === null ? 'null' : `+${s.nextRetryAt - Date.now()}ms`;
    return `status=${s.status} attempt=${s.attempt} nextRetryAt=${next} lastClose=${close} sockets=[${sockets}] timers=${vi.getTimerCount()} session=${this.sessionId}${this.sessionActive ? '' : '(ended)'}`;
  }

  /** The state invariants, after a command has run and microtasks are drained. */
  checkState(): void {
    const s = this.state;
    const live = this.sockets.filter((socket) => socket.readyState !== 3);
    if (live.length > 1) this.violation('one-live-socket', `sockets not CLOSED: #${live.map((socket) => `${socket.index}(readyState ${socket.readyState})`).join(', #')}`);
    const newest = this.sockets.at(-1);
    if (s.status === 'open' && newest?.readyState !== 1) {
      this.violation('open-means-open', `status 'open' but the newest socket is ${newest ? `#${newest.index} readyState ${newest.readyState}` : 'missing'}`);
    }
    if (isTerminal(s.status)) {
      const active = this.sockets.filter((socket) => socket.readyState <= 1);
      if (active.length > 0) this.violation('stopped-no-live-socket', `status '${s.status}' but socket(s) #${active.map((socket) => `${socket.index}(readyState ${socket.readyState})`).join(', #')}`);
      const timers = vi.getTimerCount();
      if (timers > 0) this.violation('no-timer-when-stopped', `status '${s.status}' with ${timers} timer(s) pending`);
      if (s.lastClose?.willRetry === true) this.violation('will-retry-when-stopped', `status '${s.status}' but lastClose (${s.lastClose.code}) says willRetry: true`);
    }
    if (s.nextRetryAt !== null) {
      if (s.status !== 'reconnecting') this.violation('retry-at-means-reconnecting', `nextRetryAt set while status '${s.status}'`);
      if (s.lastClose?.willRetry !== true) this.violation('will-retry-when-scheduled', `nextRetryAt set but lastClose is ${s.lastClose ? `${s.lastClose.code} willRetry: ${s.lastClose.willRetry}` : 'null'}`);
    }
    const expected = [...this.discardExpected].sort();
    const reported = [...this.discardReports].sort();
    if (expected.join() !== reported.join()) {
      this.violation('discard-report', `sessions ended with [${expected.join(', ')}] queued message(s) discarded; 'queue-discarded' reports: [${reported.join(', ')}]`);
    }
    this.discardExpected = [];
    this.discardReports = [];
  }

  throwIfViolated(): void {
    if (this.violations.length === 0) return;
    const trace = this.log.slice(-80).join('\n');
    throw new Error(`${this.violations.join('\n')}\n--- trace (command -> state after it) ---\n${trace}`);
  }

  dispose(): void {
    try {
      this.conn.dispose();
    } catch {
      // a throw here is not what this test is about
    }
  }
}

/**
 * The fake server's WebSocket, seen by the harness: it learns of every `new WebSocket()` and
 * every `socket.send()` as they happen, and counts close events before the connection sees them.
 */
function probeWebSocket(world: World) {
  const ServerWebSocket = world.server.WebSocket;
  return class ProbeWebSocket extends ServerWebSocket {
    index: number;
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      this.index = world.server.sockets.length - 1;
      // Registered before the connection's own listener.
      this.addEventListener('close', () => {
        world.closeEvents += 1;
      });
      world.onSocketCreated(this);
    }
    override send(data: SendData): void {
      const before = this.sent.length;
      super.send(data);
      if (this.sent.length > before) world.onSocketSend(this, data);
    }
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.byteLength !== b.byteLength) return false;
  for (let i = 0; i < a.byteLength; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

// ---------------------------------------------------------------------------------------
// Commands. `check` reads the world (model and system are one object here), so a shrunk
// sequence skips commands that no longer apply and prints only the ones that ran.

type Cmd = fc.AsyncCommand<World, World>;

abstract class Base implements Cmd {
  check(_world: Readonly<World>): boolean {
    return true;
  }
  async run(world: World): Promise<void> {
    world.note(`${this.toString()}`);
    await this.act(world);
    await flush();
    this.after(world);
    world.checkState();
    world.note(`    -> ${world.describe()}`);
    world.throwIfViolated();
  }
  protected abstract act(world: World): void | Promise<void>;
  protected after(_world: World): void {}
  abstract toString(): string;
}

class ServerClose extends Base {
  constructor(readonly target: Target, readonly code: number, readonly reason: string) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([1, 2]).length > 0;
  }
  act(world: World) {
    world.pick([1, 2], this.target)!.serverClose(this.code, this.reason);
  }
  toString() {
    return `serverClose(${this.target === 'newest' ? '' : 'oldest, '}${this.code}${this.reason ? `, ${JSON.stringify(this.reason)}` : ''})`;
  }
}

class Drop extends Base {
  constructor(readonly target: Target) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([1, 2]).length > 0;
  }
  act(world: World) {
    world.pick([1, 2], this.target)!.drop();
  }
  toString() {
    return `drop(${this.target === 'newest' ? '' : 'oldest'})`;
  }
}

class Refuse extends Base {
  constructor(readonly target: Target) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([0]).length > 0;
  }
  act(world: World) {
    world.pick([0], this.target)!.refuse();
  }
  toString() {
    return `refuse(${this.target === 'newest' ? '' : 'oldest'})`;
  }
}

class Accept extends Base {
  constructor(readonly target: Target) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([0]).length > 0;
  }
  act(world: World) {
    world.pick([0], this.target)!.accept();
  }
  toString() {
    return `accept(${this.target === 'newest' ? '' : 'oldest'})`;
  }
}

class ServerMessage extends Base {
  private before = 0;
  private expectOne = false;
  private payload = '';
  constructor(readonly target: Target) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([1]).length > 0;
  }
  act(world: World) {
    const socket = world.pick([1], this.target)!;
    this.payload = `s${world.nextMsg++}`;
    this.expectOne = world.state.status === 'open' && socket === world.sockets.at(-1);
    this.before = world.received.length;
    socket.message(this.payload);
  }
  protected override after(world: World) {
    if (!this.expectOne) return;
    const got = world.received.slice(this.before);
    if (got.length !== 1 || got[0] !== this.payload) {
      world.violation('message-delivery', `server sent ${this.payload} on the open socket; onMessage got ${JSON.stringify(got)}`);
    }
  }
  toString() {
    return `serverMessage(${this.target === 'newest' ? '' : 'oldest'})`;
  }
}

class Send extends Base {
  constructor(readonly binary: boolean) {
    super();
  }
  act(world: World) {
    const seq = world.nextMsg++;
    const id = `m${seq}`;
    const status = world.state.status;
    const msg: Msg = {
      id,
      seq,
      kind: this.binary ? 'binary' : 'text',
      original: null,
      result: 'pending',
      // Queued while stopped (only possible while 'idle'), it belongs to the next session.
      session: world.sessionActive ? world.sessionId : world.sessionId + 1,
      urlId: urlIdentity(world.url),
      discarded: false,
      deliveries: [],
    };
    world.messages.set(id, msg);
    let data: string | Uint8Array = id;
    if (this.binary) {
      const bytes = new TextEncoder().encode(`bin:${id}`);
      msg.original = bytes.slice();
      world.callerBuffers.set(bytes.buffer, msg);
      data = bytes;
    }
    const socketsBefore = world.sockets.length;
    const result = world.conn.send(data);
    msg.result = result;
    // The caller reuses its buffer at once.
    if (data instanceof Uint8Array) data.fill(0x21);
    world.note(`    send answered '${result}' while '${status}'`);
    const newest = world.sockets.at(-1);
    if ((status === 'closing' || status === 'closed' || status === 'failed') && result !== 'rejected') {
      world.violation('send-result', `${id}: send() while '${status}' answered '${result}'`);
    }
    if ((status === 'connecting' || status === 'reconnecting') && result !== 'queued') {
      world.violation('send-result', `${id}: send() while '${status}' answered '${result}' (the default queue is on)`);
    }
    if (status === 'open' && result !== 'sent') world.violation('send-result', `${id}: send() while 'open' answered '${result}'`);
    if (result === 'sent' && (msg.deliveries.length !== 1 || msg.deliveries[0] !== newest?.index || world.sockets.length !== socketsBefore)) {
      world.violation('send-result', `${id}: answered 'sent' but went to socket(s) [${msg.deliveries.join(', ')}] (newest is #${newest?.index})`);
    }
    if (result === 'queued' && msg.deliveries.length > 0) {
      world.violation('send-result', `${id}: answered 'queued' but was sent at once on socket #${msg.deliveries.join(', #')}`);
    }
  }
  toString() {
    return this.binary ? 'send(binary, then mutate)' : 'send(text)';
  }
}

class Disconnect extends Base {
  constructor(readonly code: number) {
    super();
  }
  act(world: World) {
    world.endSession('disconnect()');
    world.disconnected = true;
    world.conn.disconnect(this.code, '');
  }
  toString() {
    return `disconnect(${this.code})`;
  }
}

class Connect extends Base {
  act(world: World) {
    world.disconnected = false;
    if (!world.sessionActive) world.startSession('connect()');
    world.conn.connect();
  }
  toString() {
    return 'connect()';
  }
}

class RetryNow extends Base {
  act(world: World) {
    world.conn.retryNow();
  }
  toString() {
    return 'retryNow()';
  }
}

class SetUrl extends Base {
  private sameIdentity = false;
  private socketsBefore: number[] = [];
  constructor(readonly url: string) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.url !== this.url;
  }
  act(world: World) {
    this.sameIdentity = urlIdentity(this.url) === urlIdentity(world.url);
    this.socketsBefore = world.sockets.map((socket) => socket.readyState);
    if (!this.sameIdentity && world.sessionActive) {
      world.endSession(`URL -> ${this.url}`);
      world.startSession(`URL -> ${this.url}`);
    }
    world.url = this.url;
    world.conn.setOptions({ url: this.url });
  }
  protected override after(world: World) {
    if (!this.sameIdentity) return;
    const now = world.sockets.map((socket) => socket.readyState);
    if (now.length !== this.socketsBefore.length || now.some((state, i) => state !== this.socketsBefore[i])) {
      world.violation('same-url-identity', `sockets went from [${this.socketsBefore.join(',')}] to [${now.join(',')}] (readyStates)`);
    }
  }
  toString() {
    return `setOptions({ url: '${this.url}' })`;
  }
}

class SetPolicy extends Base {
  constructor(readonly policy: PolicySpec) {
    super();
  }
  act(world: World) {
    world.policy = this.policy;
    world.conn.setOptions({ policy: world.policyOptions(this.policy) });
  }
  toString() {
    return `setOptions({ policy: ${showPolicy(this.policy)} })`;
  }
}

class Offline extends Base {
  override check(world: Readonly<World>) {
    return world.online;
  }
  act(world: World) {
    world.online = false;
    for (const listener of [...world.onlineListeners]) listener(false);
  }
  toString() {
    return 'offline';
  }
}

class Online extends Base {
  override check(world: Readonly<World>) {
    return !world.online;
  }
  act(world: World) {
    world.online = true;
    for (const listener of [...world.onlineListeners]) listener(true);
  }
  toString() {
    return 'online';
  }
}

class PageRestore extends Base {
  act(world: World) {
    for (const listener of [...world.restoreListeners]) listener();
  }
  toString() {
    return 'pageRestore (pageshow persisted)';
  }
}

class SettleReauth extends Base {
  constructor(readonly ok: boolean, readonly target: Target) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.reauths.length > 0;
  }
  act(world: World) {
    const index = this.target === 'oldest' ? 0 : world.reauths.length - 1;
    const [call] = world.reauths.splice(index, 1);
    if (world.needReauth && call!.closesBefore >= world.needReauth.since) world.needReauth = null;
    world.note(`    settling re-auth call #${call!.n}`);
    if (this.ok) call!.resolve();
    else call!.reject(new Error('token refresh failed'));
  }
  toString() {
    return `reauthenticate ${this.ok ? 'resolves' : 'rejects'}${this.target === 'newest' ? '' : ' (oldest pending call)'}`;
  }
}

class AdvanceTime extends Base {
  constructor(readonly ms: number) {
    super();
  }
  async act() {
    await vi.advanceTimersByTimeAsync(this.ms);
  }
  toString() {
    return `advance(${this.ms} ms)`;
  }
}

const timeArb = fc.oneof(fc.integer({ min: 1, max: 1500 }), fc.integer({ min: 1, max: 70_000 }));

/** fc.commands picks each arbitrary equally often: an arbitrary listed n times is n times as likely. */
const weighted = <T,>(weight: number, arbitrary: fc.Arbitrary<T>): fc.Arbitrary<T>[] => Array.from({ length: weight }, () => arbitrary);

/** Each kind of command as [weight, arbitrary]; MODEL_OMIT removes kinds by these names. */
const COMMANDS = {
  serverClose: [4, fc.tuple(targetArb, closeCodeArb, fc.constantFrom('', 'bye')).map(([target, code, reason]) => new ServerClose(target, code, reason))],
  drop: [1, targetArb.map((target) => new Drop(target))],
  refuse: [1, targetArb.map((target) => new Refuse(target))],
  accept: [5, targetArb.map((target) => new Accept(target))],
  serverMessage: [1, targetArb.map((target) => new ServerMessage(target))],
  send: [3, fc.boolean().map((binary) => new Send(binary))],
  disconnect: [1, disconnectCodeArb.map((code) => new Disconnect(code))],
  connect: [2, fc.constant(new Connect())],
  retryNow: [1, fc.constant(new RetryNow())],
  setUrl: [1, fc.constantFrom(...URLS).map((url) => new SetUrl(url))],
  setPolicy: [1, policyArb.map((policy) => new SetPolicy(policy))],
  offline: [1, fc.constant(new Offline())],
  online: [1, fc.constant(new Online())],
  pageRestore: [1, fc.constant(new PageRestore())],
  reauth: [2, fc.tuple(fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), targetArb).map(([ok, target]) => new SettleReauth(ok, target))],
  advance: [3, timeArb.map((ms) => new AdvanceTime(ms))],
} satisfies Record<string, [number, fc.Arbitrary<Cmd>]>;

const OMIT = new Set((process.env.MODEL_OMIT ?? '').split(',').map((name) => name.trim()).filter(Boolean));
for (const name of OMIT) if (!(name in COMMANDS)) throw new Error(`MODEL_OMIT: unknown command "${name}"; known: ${Object.keys(COMMANDS).join(', ')}`);

const commandArbs: fc.Arbitrary<Cmd>[] = Object.entries(COMMANDS)
  .filter(([name]) => !OMIT.has(name))
  .flatMap(([, [weight, arbitrary]]) => weighted(weight, arbitrary));

/** The seed of the connection's `random` (jitter, delay windows), printed readably. */
const randomSeedArb = fc.nat().map((seed) => ({ seed, [fc.toStringMethod]: () => `seededRandom(${seed})` }));

// ---------------------------------------------------------------------------------------

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createConnection: model-based', () => {
  it(
    `keeps its invariants under ${NUM_RUNS} random command sequences (seed ${SEED})`,
    { timeout: Math.max(60_000, NUM_RUNS * 60) },
    async () => {
      await fc.assert(
        fc.asyncProperty(randomSeedArb, fc.commands(commandArbs, { maxCommands: MAX_COMMANDS, size: 'max', ...(REPLAY_PATH ? { replayPath: REPLAY_PATH } : {}) }), async ({ seed: randomSeed }, commands) => {
          vi.clearAllTimers();
          vi.setSystemTime(T0);
          const world = new World(randomSeed);
          try {
            world.note(`setup: createConnection('${world.url}'), seededRandom(${randomSeed}), connect()`);
            world.startSession('connect()');
            world.conn.connect();
            await flush();
            world.checkState();
            world.note(`    -> ${world.describe()}`);
            world.throwIfViolated();
            await fc.asyncModelRun(() => ({ model: world, real: world }), commands);
          } finally {
            world.dispose();
            vi.clearAllTimers();
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}) },
      );
    },
  );
});
