/**
 * Model-based test of ONE `createConnection`: fast-check drives random command sequences
 * (server closes, drops, refusals, accepts, messages, pongs and readiness acks, sends,
 * disconnect/connect, retryNow, URL and policy changes, offline/online, page restores,
 * re-auth results, time passing, a stalled server under a heartbeat, the page hidden, shown,
 * frozen and resumed) and checks the
 * invariants of the connection's semantics after every command (after draining microtasks
 * with a real macrotask, so fake time does not move).
 *
 * Each run also draws a setup: with or without the heartbeat plug-in (as `heartbeat()`, or as
 * `keepalive()` with or without `quietWhileHidden` when its timeoutMs is below its interval) and the readiness
 * plug-in (in either order), a URL string or a URL function, a `parse`, a
 * `policy.shouldReconnect`, and which of the app's functions throw, at which seeded rate:
 * the option handlers (onOpen/onMessage/onClose/onError/onGiveUp), a second set of handlers
 * added with `addHandlers`, `policy.shouldReconnect`, `policy.reauthenticate` (a synchronous
 * throw, besides the rejections the `reauth` command gives), `parse`, the URL function,
 * `heartbeat.message`/`isPong`, `ready.message`/`isReady`. A third set of handlers (the
 * harness's own, added last) never throws and sees what the others should have seen.
 *
 * Only the public API is used: `createConnection`, `getState`, `subscribe`, `addHandlers`,
 * the option callbacks, `send`, `connect`, `disconnect`, `retryNow`, `setOptions`, `dispose`,
 * the `heartbeat()` and `ready()` plug-ins, plus the fake server of `src/testing`. The harness
 * observes sockets through a subclass of the fake server's `WebSocket` (it sees every
 * `new WebSocket()` and every `socket.send()` the moment they happen) and never looks inside
 * the connection.
 *
 * Environment:
 *   MODEL_RUNS  number of runs (default 2000; `npm run test:model`: 20,000)
 *   MODEL_SEED  fast-check seed (default a constant, so `npm test` is deterministic)
 *   MODEL_PATH  the `path` a failure prints; with its MODEL_SEED and MODEL_REPLAY_PATH (the
 *               `replayPath` printed inside the counterexample) it replays the shrunk case at once
 *   MODEL_SKIP  comma-separated invariant names to switch off, e.g. `stopped-no-live-socket`,
 *               to look for the next distinct counterexample (names: see INVARIANTS below)
 *   MODEL_OMIT  comma-separated command kinds to leave out, e.g. `setUrl` (names: see COMMANDS)
 *   MODEL_FAULTS  `off`: no function throws (the plain model); `only`: every run has throwing functions
 *   MODEL_PLUGINS `off`: no plug-ins; `only`: every run has at least one
 *   MODEL_STATS `1`: print how often each path ran (throws per function, acks accepted,
 *               pongs recognised, heartbeat 3008s, stalls...), to see what the runs cover
 *   MODEL_PROBE_THROWS `off`: a URL function never throws when a URL change asks where it
 *               points (only when asked for a socket), to look past the findings that throw causes
 *
 *   MODEL_RUNS=20000 npx vitest run test/core/connection.model.test.ts
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, it, vi } from 'vitest';
import { CLOSE_CODES } from '../../src/core/closeCodes';
import { createConnection, type Connection } from '../../src/core/createConnection';
import { describeCloseCode } from '../../src/core/describeCloseCode';
import { LifelineError } from '../../src/core/LifelineError';
import type {
  CloseInfo,
  CodeRule,
  ConnectionHandlers,
  ConnectionState,
  ConnectionStatus,
  NetworkSource,
  Plugin,
  ReconnectPolicyOptions,
  RetryAdvice,
  SendData,
  SendResult,
  UrlSource,
} from '../../src/core/types';
import { heartbeat } from '../../src/plugins/heartbeat';
import { keepalive } from '../../src/plugins/keepalive';
import { ready } from '../../src/plugins/ready';
import { createFakeServer, type FakeServer, type FakeWebSocket } from '../../src/testing/createFakeServer';
import { seededRandom } from '../../src/testing/seededRandom';

// ---------------------------------------------------------------------------------------
// Configuration

const NUM_RUNS = envInt('MODEL_RUNS', 2000);
const SEED = envInt('MODEL_SEED', 0x5eed_2024);
const PATH = process.env.MODEL_PATH || undefined;
const REPLAY_PATH = process.env.MODEL_REPLAY_PATH || undefined;
const FAULTS_MODE = envMode('MODEL_FAULTS');
const PLUGINS_MODE = envMode('MODEL_PLUGINS');
const PROBE_THROWS = process.env.MODEL_PROBE_THROWS !== 'off';
const STATS = process.env.MODEL_STATS === '1';
/** How often each path ran (MODEL_STATS=1 prints it). */
const stats = new Map<string, number>();
const count = (what: string, n = 1) => STATS && stats.set(what, (stats.get(what) ?? 0) + n);
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
  // --- further statements of the semantics that the public API makes observable
  'reauth-first': 'after a close the policy answers with a re-auth, no socket is opened before that re-auth settles (retryNow/online/pageshow never skip it)',
  'send-result': "send(): 'rejected' while closing/closed/failed, 'queued' while connecting/reconnecting, 'sent' (to the open socket, at once) while open",
  'socket-url': 'every new socket is for the current URL identity',
  'same-url-identity': 'a URL change to the same URL identity changes nothing (no new socket, no close)',
  'discard-report': "a session that ends with queued messages reports one 'queue-discarded' error with their count",
  'message-delivery': 'a server message on the open socket reaches onMessage exactly once (a pong the heartbeat recognised, a readiness ack, and a message parse threw on: not at all)',
  'unknown-payload': 'the connection sends only what the app gave send(), and the plug-ins their pings and hellos',
  // --- the plug-ins
  'held-shows-connecting': "a socket held by the readiness step (OPEN, not acknowledged) shows status 'connecting'/'reconnecting' with readyState 1",
  'ready-first': "the readiness hello is the first thing sent on its socket",
  'ready-holds-queue': 'with the readiness step, no app message goes out on a socket before isReady accepted a message on it',
  'ping-while-open': "a heartbeat ping goes out only while status is 'open'",
  'heartbeat-survives-throws': 'a heartbeat.message() that throws skips that ping, never the schedule: with a stalled server, a ping that went out brings the 3008 close within timeoutMs',
  'frozen-time-never-times-out': 'with keepalive, a page frozen while open and then resumed does not close its socket with 3008 when the overdue timers run',
  'probe-on-return': 'with keepalive, a page shown or resumed while open sends a ping at once (unless message() threw)',
  // --- the guard: user functions that throw
  'not-stuck': "no throw leaves the machine stuck: 'connecting'/'reconnecting' has something that moves it on (a retry timer, a CONNECTING socket, the readiness step's timeout, an awaited re-auth, the offline wait), 'closing' a closing socket, and nextRetryAt a timer",
  'throw-reported': "every throw of a user function is reported exactly once (onError's own throw: as state.error), with code 'callback-failed' ('parse-failed', 'url-failed', 'reauth-failed' for parse, the URL function, reauthenticate) and the throw as cause; no such report without a throw",
  'throw-field': "the report of a throw of a callback, a plug-in's function, shouldReconnect or parse names the function in `field`",
  'failure-field': "the 'url-failed' / 'reauth-failed' report of a URL function's or reauthenticate's throw names the function in `field` ('url', 'policy.reauthenticate')",
  'url-probe-reported': 'a URL function that throws when a URL change asks where it points is reported too',
  'handlers-agree': 'a handler that throws keeps nothing from the others: every handler set sees the same opens, messages, closes, errors and give-ups, in the same order',
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

function envMode(name: string): 'on' | 'off' | 'only' {
  const raw = process.env[name] || 'on';
  if (raw !== 'on' && raw !== 'off' && raw !== 'only') throw new Error(`${name} must be on, off or only, got ${raw}`);
  return raw;
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
// The setup of a run: plug-ins, URL form, and the app's functions that throw

/** The app's functions that may throw, by the name the connection reports in `field`. */
const FAULTS = [
  'onOpen',
  'onMessage',
  'onClose',
  'onError',
  'onGiveUp',
  'policy.shouldReconnect',
  'policy.reauthenticate',
  'parse',
  'url',
  'heartbeat.message',
  'heartbeat.isPong',
  'ready.message',
  'ready.isReady',
] as const;
type Fault = (typeof FAULTS)[number];
type HandlerName = keyof ConnectionHandlers;
const HANDLERS: readonly HandlerName[] = ['onOpen', 'onMessage', 'onClose', 'onError', 'onGiveUp'];

/** The code a throw of each function is reported with. */
const codeOf = (fault: Fault) =>
  fault === 'parse' ? 'parse-failed' : fault === 'url' ? 'url-failed' : fault === 'policy.reauthenticate' ? 'reauth-failed' : 'callback-failed';

interface HeartbeatSpec {
  message: 'text' | 'function';
  intervalMs: number;
  timeoutMs: number;
  isPong: boolean;
}
interface ReadySpec {
  message: 'none' | 'text' | 'function';
  timeoutMs: number | undefined;
}
interface Setup {
  /** The seed of the connection's `random` (jitter, delay windows). */
  randomSeed: number;
  /** The seed of the throws: each function draws from its own stream. */
  faultSeed: number;
  urlFunction: boolean;
  parse: boolean;
  shouldReconnect: boolean;
  heartbeat: HeartbeatSpec | null;
  /** The heartbeat as `keepalive()` (used when its timeoutMs < intervalMs), and with `quietWhileHidden`. */
  keepalive: boolean;
  quiet: boolean;
  ready: ReadySpec | null;
  readyFirst: boolean;
  /** Each function's chance to throw on a call (absent: never). */
  rates: Partial<Record<Fault, number>>;
}

function showSetup(setup: Setup): string {
  const rates = Object.entries(setup.rates).filter(([, rate]) => rate! > 0);
  const plugins = [
    setup.heartbeat && `${keepaliveOn(setup) ? `keepalive(quietWhileHidden:${setup.quiet},` : 'heartbeat('}{message:${setup.heartbeat.message},intervalMs:${setup.heartbeat.intervalMs},timeoutMs:${setup.heartbeat.timeoutMs}${setup.heartbeat.isPong ? ',isPong' : ''}})`,
    setup.ready && `ready({message:${setup.ready.message},timeoutMs:${setup.ready.timeoutMs}})`,
  ].filter(Boolean);
  if (setup.readyFirst) plugins.reverse();
  return (
    `{randomSeed:${setup.randomSeed},faultSeed:${setup.faultSeed},url:${setup.urlFunction ? 'function' : 'string'},parse:${setup.parse},shouldReconnect:${setup.shouldReconnect},` +
    `plugins:[${plugins.join(',')}],throws:{${rates.map(([name, rate]) => `'${name}':${rate}`).join(',')}}}`
  );
}

const keepaliveOn = (setup: Setup) => !!setup.heartbeat && setup.keepalive && setup.heartbeat.timeoutMs < setup.heartbeat.intervalMs;

const rateArb = fc.constantFrom(0, 0, 0, 0.3, 1);
const heartbeatArb: fc.Arbitrary<HeartbeatSpec> = fc.record({
  message: fc.constantFrom('text' as const, 'function' as const),
  intervalMs: fc.constantFrom(1000, 500, 5000, 25_000),
  timeoutMs: fc.constantFrom(500, 200, 3000, 10_000),
  isPong: fc.boolean(),
});
const readyArb: fc.Arbitrary<ReadySpec> = fc.record({
  message: fc.constantFrom('text' as const, 'none' as const, 'function' as const),
  timeoutMs: fc.constantFrom(undefined, 1000, 5000),
});
const noThrows = fc.constant<Partial<Record<Fault, number>>>({});
const someThrows = fc.record(Object.fromEntries(FAULTS.map((name) => [name, rateArb])) as Record<Fault, fc.Arbitrary<number>>);
const pluginArb = <T,>(arb: fc.Arbitrary<T>) => (PLUGINS_MODE === 'off' ? fc.constant(null) : fc.option(arb, { nil: null, freq: 2 }));

const setupArb: fc.Arbitrary<Setup> = fc
  .record({
    randomSeed: fc.nat(),
    faultSeed: fc.nat(),
    urlFunction: fc.boolean(),
    parse: fc.boolean(),
    shouldReconnect: fc.boolean(),
    heartbeat: pluginArb(heartbeatArb),
    keepalive: fc.boolean(),
    quiet: fc.boolean(),
    ready: pluginArb(readyArb),
    readyFirst: fc.boolean(),
    rates: FAULTS_MODE === 'off' ? noThrows : FAULTS_MODE === 'only' ? someThrows : fc.oneof({ weight: 1, arbitrary: noThrows }, { weight: 3, arbitrary: someThrows }),
  })
  .filter((setup) => PLUGINS_MODE !== 'only' || !!setup.heartbeat || !!setup.ready)
  .map((setup) => Object.assign(setup, { [fc.toStringMethod]: () => showSetup(setup) }));

/** A string's hash, to give each function its own stream of the fault seed. */
const hash = (text: string) => [...text].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0, 0x811c9dc5);

// ---------------------------------------------------------------------------------------
// The world: the connection, the fake server and network, and the harness's bookkeeping

type Probe = FakeWebSocket & { index: number; helloAt: number | null; accepted: boolean };

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

/** One call of a function of the app's, and whether it threw. */
interface Call {
  key: string;
  threw: boolean;
  result?: unknown;
}

/** A throw of a function of the app's, to be reported once. */
interface Thrown {
  key: string;
  fault: Fault;
  error: Error;
  /** A URL function asked where it points by a URL change (not for a socket): the old or the new one. */
  probe: 'old' | 'new' | null;
  at: string;
}

/** What one set of handlers saw. */
type Seen = Record<HandlerName, unknown[]>;
const emptySeen = (): Seen => ({ onOpen: [], onMessage: [], onClose: [], onError: [], onGiveUp: [] });

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
  /** While setOptions({ url }) runs with a URL function: calls of the old one, and the new one's first, ask where it points. */
  settingUrl: { fn: UrlSource; calls: number } | null = null;

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
  discardReports: number[] = [];
  discardExpected: number[] = [];

  // the app's functions, their throws, and what each set of handlers saw
  readonly calls: Call[] = [];
  readonly throws: Thrown[] = [];
  readonly rejections = new Set<unknown>();
  /** Errors the never-throwing handlers got, and the errors the state showed, by cause. */
  readonly reported = new Map<unknown, LifelineError[]>();
  readonly shown = new Map<unknown, LifelineError[]>();
  private lastShownError: unknown = null;
  readonly seen = { options: emptySeen(), added: emptySeen(), harness: emptySeen() };
  private readonly streams = new Map<string, () => number>();
  /** The command running (for the report of a throw). */
  command = 'setup';
  pings = 0;
  hellos = 0;
  /** The page: its visibility and lifecycle events (keepalive listens to them). */
  readonly doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });

  constructor(readonly setup: Setup) {
    vi.stubGlobal('document', this.doc);
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
    const options = this.throwingHandlers('options', '');
    this.conn = createConnection<unknown>(this.urlSource(this.url), {
      WebSocket: probeWebSocket(this),
      network,
      random: seededRandom(setup.randomSeed),
      policy: this.policyOptions(null),
      plugins: this.plugins(),
      ...(setup.parse && {
        parse: (data: unknown) => {
          this.maybeThrow('parse');
          return data;
        },
      }),
      ...options,
    });
    // A second set of the app's handlers, which may throw too; then the harness's own, which never throws.
    this.conn.addHandlers(this.throwingHandlers('added', 'added '));
    this.conn.addHandlers({
      onOpen: (event) => void this.seen.harness.onOpen.push(event),
      onMessage: (message) => void this.seen.harness.onMessage.push(message),
      onClose: (close) => {
        this.seen.harness.onClose.push(close);
        this.onClose(close);
      },
      onError: (error) => {
        this.seen.harness.onError.push(error);
        const list = this.reported.get(error.cause) ?? [];
        list.push(error);
        this.reported.set(error.cause, list);
        if (error.code === 'queue-discarded') this.discardReports.push(typeof error.count === 'number' ? error.count : NaN);
      },
      onGiveUp: (close) => void this.seen.harness.onGiveUp.push(close),
    });
    this.prevStatus = this.conn.getState().status;
    this.conn.subscribe((state) => this.onState(state));
  }

  get state(): ConnectionState<unknown> {
    return this.conn.getState();
  }

  get sockets(): readonly Probe[] {
    return this.server.sockets as readonly Probe[];
  }

  /** Draws whether this call of `key` throws; a throw is recorded, then thrown. */
  maybeThrow(key: string, fault: Fault = key as Fault, probe: Thrown['probe'] = null, result?: unknown): void {
    const rate = this.setup.rates[fault] ?? 0;
    let threw = false;
    if (rate >= 1) threw = true;
    else if (rate > 0) {
      let stream = this.streams.get(key);
      if (!stream) this.streams.set(key, (stream = seededRandom(this.setup.faultSeed ^ hash(key))));
      threw = stream() < rate;
    }
    this.calls.push({ key, threw, result });
    if (!threw) return;
    const error = new Error(`${key} throws (#${this.throws.length + 1})`);
    this.throws.push({ key, fault, error, probe, at: this.command });
    count(`throw: ${key}`);
    this.note(`    (${error.message}${probe ? `, asked by a URL change (${probe} function)` : ''})`);
    throw error;
  }

  /** The app's handlers: each records what it got, then may throw. */
  throwingHandlers(who: 'options' | 'added', prefix: string): ConnectionHandlers<unknown> {
    const seen = this.seen[who];
    const handler =
      (name: HandlerName) =>
      (arg: unknown): void => {
        seen[name].push(arg);
        this.maybeThrow(`${prefix}${name}`, name);
      };
    return Object.fromEntries(HANDLERS.map((name) => [name, handler(name)])) as ConnectionHandlers<unknown>;
  }

  plugins(): Plugin[] {
    const { heartbeat: beat, ready: step } = this.setup;
    const list: Plugin[] = [];
    if (beat) {
      const plugin = keepaliveOn(this.setup) ? (options: Parameters<typeof heartbeat>[0]) => keepalive({ ...options, quietWhileHidden: this.setup.quiet, returnJitterMs: 1000, random: seededRandom(this.setup.randomSeed ^ 0x19) }) : heartbeat;
      list.push(
        plugin({
          message:
            beat.message === 'text'
              ? 'ping'
              : () => {
                  this.maybeThrow('heartbeat.message');
                  return `ping:${(this.pings += 1)}`;
                },
          intervalMs: beat.intervalMs,
          timeoutMs: beat.timeoutMs,
          isPong: beat.isPong
            ? (data) => {
                const answer = data === 'pong';
                this.maybeThrow('heartbeat.isPong', 'heartbeat.isPong', null, answer);
                return answer;
              }
            : undefined,
        }) as Plugin,
      );
    }
    if (step) {
      list.push(
        ready({
          message:
            step.message === 'none'
              ? undefined
              : step.message === 'text'
                ? 'hello'
                : () => {
                    this.maybeThrow('ready.message');
                    return `hello:${(this.hellos += 1)}`;
                  },
          isReady: (data) => {
            const answer = data === 'ack';
            this.maybeThrow('ready.isReady', 'ready.isReady', null, answer);
            // Accepted: the socket receiving it is the newest (only the current socket's events reach the plug-ins).
            if (answer) this.sockets.at(-1)!.accepted = true;
            return answer;
          },
          timeoutMs: step.timeoutMs,
        }) as Plugin,
      );
    }
    if (this.setup.readyFirst) list.reverse();
    return list;
  }

  /** The URL as the connection is given it: the string, or a new function answering it (that may throw). */
  urlSource(url: string): UrlSource {
    if (!this.setup.urlFunction) return url;
    const fn = () => {
      const asking = this.settingUrl;
      const probe = !asking ? null : asking.fn !== fn ? 'old' : asking.calls++ === 0 ? 'new' : null;
      if (probe && !PROBE_THROWS) return url;
      this.maybeThrow(probe ? `url (${probe}, asked where it points)` : 'url', 'url', probe);
      return url;
    };
    return fn;
  }

  policyOptions(spec: PolicySpec | null): ReconnectPolicyOptions {
    return { ...(spec ?? {}), reauthenticate: this.reauthenticate, ...(this.setup.shouldReconnect && { shouldReconnect: this.shouldReconnect }) };
  }

  /** The policy's final say: never changes the table's decision, but may throw. */
  readonly shouldReconnect = (): undefined => {
    this.maybeThrow('policy.shouldReconnect');
    return undefined;
  };

  /** The policy's re-auth: a promise the `settleReauth` command resolves or rejects (or a synchronous throw). */
  readonly reauthenticate = (): Promise<void> => {
    this.reauthCalls += 1;
    this.note(`  (the connection calls reauthenticate: call #${this.reauthCalls})`);
    this.maybeThrow('policy.reauthenticate');
    return new Promise<void>((resolve, reject) => {
      this.reauths.push({ n: this.reauthCalls, closesBefore: this.closeEvents, resolve, reject });
    });
  };

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
    if (state.error !== this.lastShownError) {
      this.lastShownError = state.error;
      if (state.error) {
        const list = this.shown.get(state.error.cause) ?? [];
        list.push(state.error);
        this.shown.set(state.error.cause, list);
      }
    }
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

  /** A plug-in's own payload (a ping, a hello): checked here; true if it was one. */
  pluginSend(socket: Probe, data: SendData): boolean {
    if (typeof data !== 'string') return false;
    if (/^ping(:\d+)?$/.test(data) && this.setup.heartbeat) {
      if (this.state.status !== 'open') this.violation('ping-while-open', `${data} went out on socket #${socket.index} while status '${this.state.status}'`);
      return true;
    }
    if (/^hello(:\d+)?$/.test(data) && this.setup.ready) {
      if (socket.sent.length !== 1) this.violation('ready-first', `${data} went out on socket #${socket.index} after ${JSON.stringify(socket.sent.slice(0, -1))}`);
      socket.helloAt = socket.sent.length - 1;
      return true;
    }
    return false;
  }

  onSocketSend(socket: Probe, data: SendData): void {
    if (this.pluginSend(socket, data)) return;
    const { msg, bytes, what } = this.identify(data);
    if (!msg) {
      this.violation('unknown-payload', `socket #${socket.index} was sent ${what}, which no send() gave`);
      return;
    }
    const where = `${msg.id} (${msg.result}, session ${msg.session}) on socket #${socket.index} ${socket.url}`;
    if (this.setup.ready && !socket.accepted) this.violation('ready-holds-queue', `${where}: isReady accepted nothing on this socket yet`);
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
    const error = s.error ? ` error=${s.error.code}${s.error.field ? `(${s.error.field})` : ''}` : '';
    return `status=${s.status} attempt=${s.attempt} nextRetryAt=${next} lastClose=${close} sockets=[${sockets}] timers=${vi.getTimerCount()} session=${this.sessionId}${this.sessionActive ? '' : '(ended)'}${error}`;
  }

  /** A retry due while the page is hidden, which keepalive({ quietWhileHidden }) holds until it shows. */
  held(): boolean {
    const { nextRetryAt } = this.state;
    return keepaliveOn(this.setup) && this.setup.quiet && this.doc.visibilityState === 'hidden' && nextRetryAt !== null && nextRetryAt <= Date.now();
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
    const timers = vi.getTimerCount();
    if (isTerminal(s.status)) {
      const active = this.sockets.filter((socket) => socket.readyState <= 1);
      if (active.length > 0) this.violation('stopped-no-live-socket', `status '${s.status}' but socket(s) #${active.map((socket) => `${socket.index}(readyState ${socket.readyState})`).join(', #')}`);
      if (timers > 0) this.violation('no-timer-when-stopped', `status '${s.status}' with ${timers} timer(s) pending`);
      if (s.lastClose?.willRetry === true) this.violation('will-retry-when-stopped', `status '${s.status}' but lastClose (${s.lastClose.code}) says willRetry: true`);
    }
    if (s.nextRetryAt !== null) {
      if (s.status !== 'reconnecting') this.violation('retry-at-means-reconnecting', `nextRetryAt set while status '${s.status}'`);
      if (s.lastClose?.willRetry !== true) this.violation('will-retry-when-scheduled', `nextRetryAt set but lastClose is ${s.lastClose ? `${s.lastClose.code} willRetry: ${s.lastClose.willRetry}` : 'null'}`);
      if (timers === 0 && !this.held()) this.violation('not-stuck', `nextRetryAt is set (+${s.nextRetryAt - Date.now()} ms) but no timer is pending`);
    }
    // A socket held by the readiness step: OPEN, the connection not yet open.
    if (this.setup.ready && newest?.readyState === 1 && s.status !== 'open' && !isTerminal(s.status) && s.status !== 'closing') {
      if ((s.status !== 'connecting' && s.status !== 'reconnecting') || s.readyState !== 1) {
        this.violation('held-shows-connecting', `socket #${newest.index} is OPEN and unacknowledged; status '${s.status}', readyState ${s.readyState}`);
      }
    }
    if (s.status === 'connecting' || s.status === 'reconnecting') {
      const moving =
        (s.nextRetryAt !== null && (timers > 0 || this.held())) ||
        newest?.readyState === 0 ||
        (newest?.readyState === 1 && !!this.setup.ready && timers > 0) ||
        !this.online ||
        this.reauths.some((call) => call.n === this.reauthCalls);
      if (!moving) {
        this.violation(
          'not-stuck',
          `status '${s.status}' with nothing to move it on: newest socket ${newest ? `#${newest.index} readyState ${newest.readyState}` : 'none'}, ${timers} timer(s), nextRetryAt ${s.nextRetryAt}, online ${this.online}, re-auth calls ${this.reauthCalls} (pending: ${this.reauths.map((call) => call.n).join(', ') || 'none'})`,
        );
      }
    }
    if (s.status === 'closing' && !this.sockets.some((socket) => socket.readyState === 2)) this.violation('not-stuck', "status 'closing' but no socket is CLOSING");
    const expected = [...this.discardExpected].sort();
    const reported = [...this.discardReports].sort();
    if (expected.join() !== reported.join()) {
      this.violation('discard-report', `sessions ended with [${expected.join(', ')}] queued message(s) discarded; 'queue-discarded' reports: [${reported.join(', ')}]`);
    }
    this.discardExpected = [];
    this.discardReports = [];
    this.checkThrows();
    this.checkHandlers();
  }

  /** Every throw reported once, with its code, its cause and its function's name; no report of a throw that did not happen. */
  checkThrows(): void {
    const causes = new Set<unknown>(this.throws.map((thrown) => thrown.error));
    for (const thrown of this.throws) {
      // onError's own throw cannot go to onError: it is the state's error.
      const reports = (thrown.fault === 'onError' ? this.shown : this.reported).get(thrown.error) ?? [];
      const invariant = thrown.probe ? 'url-probe-reported' : 'throw-reported';
      const what = `"${thrown.error.message}" (during: ${thrown.at})`;
      if (reports.length !== 1) {
        this.violation(invariant, `${what} was reported ${reports.length} times${thrown.fault === 'onError' ? ' as state.error' : ' to onError'}`);
        continue;
      }
      const [report] = reports as [LifelineError];
      if (!(report instanceof LifelineError) || report.code !== codeOf(thrown.fault)) {
        this.violation(invariant, `${what} was reported as ${report.code ?? String(report)}, not '${codeOf(thrown.fault)}'`);
      }
      const field = keepaliveOn(this.setup) ? thrown.fault.replace(/^heartbeat\./, 'keepalive.') : thrown.fault;
      if (report.field !== field) this.violation(thrown.fault === 'url' || thrown.fault === 'policy.reauthenticate' ? 'failure-field' : 'throw-field', `${what} was reported as '${report.code}' with field ${JSON.stringify(report.field)}, not '${thrown.fault}'`);
    }
    for (const [cause, reports] of this.reported) {
      for (const report of reports) {
        if (!['callback-failed', 'parse-failed', 'url-failed', 'reauth-failed'].includes(report.code)) continue;
        if (causes.has(cause) || (report.code === 'reauth-failed' && this.rejections.has(cause))) continue;
        this.violation('throw-reported', `'${report.code}' (field ${JSON.stringify(report.field)}) was reported with no throw of an app's function behind it: ${report.message}`);
      }
    }
  }

  /** The app's two handler sets, which may throw, saw exactly what the harness's own saw. */
  checkHandlers(): void {
    const { harness } = this.seen;
    for (const who of ['options', 'added'] as const) {
      for (const name of HANDLERS) {
        const got = this.seen[who][name];
        const want = harness[name];
        if (got.length !== want.length || got.some((value, i) => !Object.is(value, want[i]))) {
          const show = (list: unknown[]) => JSON.stringify(list.map((value) => (value instanceof Error ? `${(value as LifelineError).code ?? value.name}:${value.message.slice(0, 40)}` : value instanceof Event ? value.type : value)));
          this.violation('handlers-agree', `${who === 'options' ? 'the options' : 'the added set'}' ${name} got ${show(got)}; the harness's own got ${show(want)}`);
        }
      }
    }
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
    helloAt: number | null = null;
    accepted = false;
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
    world.command = this.toString();
    count(`command: ${this.constructor.name}`);
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

/** What the server sends: an app message, a heartbeat answer, a readiness ack. */
type Payload = 'app' | 'pong' | 'ack';

class ServerMessage extends Base {
  private before = 0;
  private calls = 0;
  private status: ConnectionStatus = 'idle';
  private current = false;
  private data = '';
  constructor(readonly target: Target, readonly payload: Payload) {
    super();
  }
  override check(world: Readonly<World>) {
    return world.eligible([1]).length > 0;
  }
  act(world: World) {
    const socket = world.pick([1], this.target)!;
    this.data = this.payload === 'app' ? `s${world.nextMsg++}` : this.payload;
    this.status = world.state.status;
    this.current = socket === world.sockets.at(-1);
    this.before = world.seen.harness.onMessage.length;
    this.calls = world.calls.length;
    socket.message(this.data);
  }
  protected override after(world: World) {
    if (!this.current) return;
    const got = world.seen.harness.onMessage.slice(this.before);
    const calls = world.calls.slice(this.calls);
    const answered = (key: string) => calls.some((call) => call.key === key && !call.threw && call.result === true);
    const parseThrew = calls.some((call) => call.key === 'parse' && call.threw);
    const show = `server sent ${JSON.stringify(this.data)} while '${this.status}'`;
    count(`message ${this.payload} while ${this.status}: ${got.length ? 'delivered' : 'not delivered'}${parseThrew ? ' (parse threw)' : ''}`);
    if (this.status === 'open') {
      // A pong the heartbeat's isPong recognised is its own; everything else is the app's (unless parse threw on it).
      const swallowed = this.payload === 'pong' && !!world.setup.heartbeat?.isPong && answered('heartbeat.isPong');
      const want = swallowed || parseThrew ? [] : [this.data];
      if (got.length !== want.length || got.some((value, i) => value !== want[i])) {
        world.violation('message-delivery', `${show}${swallowed ? ' (a pong isPong recognised)' : parseThrew ? ' (parse threw)' : ''}; onMessage got ${JSON.stringify(got)}`);
      }
    } else if (this.status === 'connecting' || this.status === 'reconnecting') {
      // Held by the readiness step: an ack isReady accepted is not delivered; nothing is delivered twice.
      const acked = this.payload === 'ack' && !!world.setup.ready && answered('ready.isReady');
      if ((acked && got.length > 0) || got.length > 1) world.violation('message-delivery', `${show}${acked ? ' (an ack isReady accepted)' : ''}; onMessage got ${JSON.stringify(got)}`);
    }
  }
  toString() {
    const to = this.target === 'newest' ? '' : 'oldest';
    return this.payload === 'app' ? `serverMessage(${to})` : `server${this.payload === 'pong' ? 'Pong' : 'Ack'}(${to})`;
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
  private probed = false;
  private socketsBefore: number[] = [];
  constructor(readonly url: string) {
    super();
  }
  override check(world: Readonly<World>) {
    // A URL function may be given again for the same URL: a new inline arrow on a render.
    return world.url !== this.url || world.setup.urlFunction;
  }
  act(world: World) {
    this.sameIdentity = urlIdentity(this.url) === urlIdentity(world.url);
    this.socketsBefore = world.sockets.map((socket) => socket.readyState);
    const source = world.urlSource(this.url);
    const session = world.sessionActive ? world.sessionId : null;
    const throwsBefore = world.throws.length;
    world.url = this.url;
    world.settingUrl = typeof source === 'function' ? { fn: source, calls: 0 } : null;
    try {
      world.conn.setOptions({ url: source });
    } finally {
      world.settingUrl = null;
    }
    // Where a URL function points is asked first: a new one that cannot answer points nowhere
    // known, so the session moves (what is sent now is meant for it, not for the old URL); an old
    // one that cannot answer leaves nothing to compare, so it moves too.
    const probes = world.throws.slice(throwsBefore).map((thrown) => thrown.probe);
    this.probed = probes.some(Boolean);
    const moves = probes.includes('new') || probes.includes('old') || !this.sameIdentity;
    // Unless it ended meanwhile (the new URL function threw for the socket: failed), the session moves.
    if (moves && session !== null && world.sessionActive && world.sessionId === session) {
      world.endSession(`URL -> ${this.url}`);
      world.startSession(`URL -> ${this.url}`);
    }
  }
  protected override after(world: World) {
    if (!this.sameIdentity || this.probed) return;
    const now = world.sockets.map((socket) => socket.readyState);
    if (now.length !== this.socketsBefore.length || now.some((state, i) => state !== this.socketsBefore[i])) {
      world.violation('same-url-identity', `sockets went from [${this.socketsBefore.join(',')}] to [${now.join(',')}] (readyStates)`);
    }
  }
  toString() {
    return `setOptions({ url: ${JSON.stringify(this.url)} })`;
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
    else {
      const error = new Error('token refresh failed');
      world.rejections.add(error);
      call!.reject(error);
    }
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

/** Time passes to the next timer (a ping, a pong's deadline, the readiness timeout, a retry). */
class AdvanceToNextTimer extends Base {
  async act() {
    await vi.advanceTimersToNextTimerAsync();
  }
  toString() {
    return 'advanceToNextTimer()';
  }
}

/**
 * The server stalls under a heartbeat: it answers nothing while time passes one interval at a
 * time. A heartbeat.message() that throws skips its ping, never the schedule: the next
 * interval asks again, and once a ping is out, its deadline closes the socket with 3008.
 */
class HeartbeatStall extends Base {
  override check(world: Readonly<World>) {
    return !!world.setup.heartbeat && world.state.status === 'open';
  }
  async act(world: World) {
    const { intervalMs, timeoutMs, message } = world.setup.heartbeat!;
    const socket = world.sockets.at(-1)!;
    const sentBefore = socket.sent.length;
    const isPing = (data: SendData) => typeof data === 'string' && /^ping(:\d+)?$/.test(data);
    const pinged = () => socket.sent.slice(sentBefore).some(isPing);
    const asked = () => world.calls.filter((call) => call.key === 'heartbeat.message').length;
    let ticks = 0;
    const askedBefore = asked();
    for (let i = 0; i < 12 && !pinged() && socket.readyState === 1; i += 1) {
      await vi.advanceTimersByTimeAsync(intervalMs);
      if (socket.readyState === 1) ticks += 1;
    }
    if (message === 'function' && asked() - askedBefore < ticks) {
      world.violation('heartbeat-survives-throws', `${ticks} interval(s) passed with socket #${socket.index} open, but heartbeat.message was asked ${asked() - askedBefore} time(s): the schedule stopped`);
    }
    if (pinged() && socket.readyState === 1) await vi.advanceTimersByTimeAsync(timeoutMs);
    await flush();
    count(`stall: ${pinged() ? 'pinged' : 'no ping'}, ${socket.readyState === 3 ? `closed ${socket.closedByClient?.code}` : 'still open'}`);
    world.note(`    (stalled ${ticks} interval(s): ${pinged() ? 'a ping went out' : 'no ping went out'}; socket #${socket.index} readyState ${socket.readyState})`);
    if (pinged() && socket.readyState !== 3) {
      world.violation('heartbeat-survives-throws', `a ping went out on socket #${socket.index} and ${timeoutMs} ms passed unanswered, but it is readyState ${socket.readyState}`);
    }
    if (socket.readyState !== 1 && socket.closedByClient?.code !== 3008) {
      world.violation('heartbeat-survives-throws', `socket #${socket.index} closed during the stall, but not by the heartbeat's 3008 (client close: ${JSON.stringify(socket.closedByClient)})`);
    }
  }
  toString() {
    return 'heartbeatStall()';
  }
}

/** The page goes to the background, or comes back: keepalive probes on the way back. */
class Visibility extends Base {
  constructor(readonly visible: boolean) {
    super();
  }
  override check(world: Readonly<World>) {
    return (world.doc.visibilityState === 'visible') !== this.visible;
  }
  act(world: World) {
    const socket = world.sockets.at(-1);
    const sentBefore = socket?.sent.length ?? 0;
    const wasOpen = world.state.status === 'open';
    world.doc.visibilityState = this.visible ? 'visible' : 'hidden';
    world.doc.dispatchEvent(new Event('visibilitychange'));
    if (this.visible && wasOpen && keepaliveOn(world.setup)) checkProbe(world, socket!, sentBefore, 'shown');
  }
  toString() {
    return this.visible ? 'show page' : 'hide page';
  }
}

/** A ping went out on `socket` since `sentBefore`, unless message() threw on the way. */
function checkProbe(world: World, socket: Probe, sentBefore: number, how: string): void {
  const pinged = socket.sent.slice(sentBefore).some((data) => typeof data === 'string' && /^ping(:\d+)?$/.test(data));
  const threw = world.throws.some((thrown) => thrown.key === 'heartbeat.message' && thrown.at === world.command);
  if (!pinged && !threw && socket.readyState === 1) world.violation('probe-on-return', `the page was ${how} while open, and no ping went out on socket #${socket.index}`);
}

/** The page freezes (Page Lifecycle) for `ms`: no timer runs, the clock moves; then it resumes and the overdue timers run. */
class Freeze extends Base {
  constructor(readonly ms: number) {
    super();
  }
  async act(world: World) {
    const socket = world.sockets.at(-1);
    const wasOpen = world.state.status === 'open' && socket?.readyState === 1;
    world.doc.dispatchEvent(new Event('freeze'));
    vi.setSystemTime(Date.now() + this.ms);
    const sentBefore = socket?.sent.length ?? 0;
    world.doc.dispatchEvent(new Event('resume'));
    if (wasOpen && keepaliveOn(world.setup)) checkProbe(world, socket!, sentBefore, 'resumed');
    await vi.advanceTimersByTimeAsync(0); // the timers that fell due while frozen run now
    await flush();
    if (wasOpen && keepaliveOn(world.setup) && socket!.closedByClient?.code === 3008) {
      world.violation('frozen-time-never-times-out', `socket #${socket!.index} was open before a ${this.ms} ms freeze and was closed with 3008 as the overdue timers ran`);
    }
  }
  toString() {
    return `freeze(${this.ms} ms), resume`;
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
  serverMessage: [2, targetArb.map((target) => new ServerMessage(target, 'app'))],
  serverPong: [1, targetArb.map((target) => new ServerMessage(target, 'pong'))],
  serverAck: [3, targetArb.map((target) => new ServerMessage(target, 'ack'))],
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
  advanceToNextTimer: [2, fc.constant(new AdvanceToNextTimer())],
  heartbeatStall: [3, fc.constant(new HeartbeatStall())],
  hide: [1, fc.constant(new Visibility(false))],
  show: [1, fc.constant(new Visibility(true))],
  freeze: [1, fc.constantFrom(300, 2000, 60_000).map((ms) => new Freeze(ms))],
} satisfies Record<string, [number, fc.Arbitrary<Cmd>]>;

const OMIT = new Set((process.env.MODEL_OMIT ?? '').split(',').map((name) => name.trim()).filter(Boolean));
for (const name of OMIT) if (!(name in COMMANDS)) throw new Error(`MODEL_OMIT: unknown command "${name}"; known: ${Object.keys(COMMANDS).join(', ')}`);

const commandArbs: fc.Arbitrary<Cmd>[] = Object.entries(COMMANDS)
  .filter(([name]) => !OMIT.has(name))
  .flatMap(([, [weight, arbitrary]]) => weighted(weight, arbitrary));

// ---------------------------------------------------------------------------------------

beforeEach(() => {
  vi.useFakeTimers({ now: T0 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createConnection: model-based', () => {
  it(
    `keeps its invariants under ${NUM_RUNS} random command sequences, with plug-ins and throwing functions (seed ${SEED})`,
    { timeout: Math.max(60_000, NUM_RUNS * 60) },
    async () => {
      await fc.assert(
        fc.asyncProperty(setupArb, fc.commands(commandArbs, { maxCommands: MAX_COMMANDS, size: 'max', ...(REPLAY_PATH ? { replayPath: REPLAY_PATH } : {}) }), async (setup, commands) => {
          vi.clearAllTimers();
          vi.setSystemTime(T0);
          const world = new World(setup);
          try {
            world.note(`setup: createConnection('${world.url}'${setup.urlFunction ? ' as a function' : ''}), ${showSetup(setup)}, connect()`);
            world.startSession('connect()');
            world.conn.connect();
            await flush();
            world.checkState();
            world.note(`    -> ${world.describe()}`);
            world.throwIfViolated();
            await fc.asyncModelRun(() => ({ model: world, real: world }), commands);
            if (STATS) {
              count('runs');
              if (setup.heartbeat) count('runs with heartbeat');
              if (keepaliveOn(setup)) count(`runs with keepalive${setup.quiet ? ' (quietWhileHidden)' : ''}`);
              if (setup.ready) count('runs with ready');
              if (Object.values(setup.rates).some((rate) => rate! > 0)) count('runs with throwing functions');
              count('sockets closed by the client with 3008', world.sockets.filter((socket) => socket.closedByClient?.code === 3008).length);
              count('sockets accepted by isReady', world.sockets.filter((socket) => socket.accepted).length);
              count(`run ends '${world.state.status}'`);
            }
          } finally {
            world.dispose();
            vi.clearAllTimers();
            vi.unstubAllGlobals();
          }
        }),
        { numRuns: NUM_RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}) },
      );
      if (STATS) console.log([...stats].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${String(n).padStart(8)}  ${what}`).join('\n'));
    },
  );
});
