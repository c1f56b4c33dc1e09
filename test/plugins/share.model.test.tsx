/**
 * Model-based test of the share pool (`sharedSockets()`), through the hooks that use it:
 * fast-check mounts and unmounts `useWebSocket(url, { share: true })` components under one
 * `<WebSocketProvider share={sharedSockets()}>` (alone, or one leaving as another joins in
 * the same render), on a few URLs given as strings, as sync URL functions and as async ones
 * (one function object for several hooks, or one per hook), while the fake server accepts,
 * refuses, drops, closes and sends, and the hooks' functions (onOpen, onMessage, onClose,
 * onError, parse, the URL functions) throw at random (seeded).
 *
 * After every command (once promises, microtasks and the short retry waits have run):
 *   - at most one live socket per URL identity;
 *   - no live socket for a URL identity no mounted hook uses (none at all once every hook is gone);
 *   - a server message reaches every hook on that socket exactly once, in order, whatever
 *     another hook's onMessage or parse throws (and no hook of another socket);
 *   - every throw is reported, once, to the onError of the hook whose function threw (its
 *     parse: to that hook only), as a LifelineError naming the function; no hook hears it twice.
 *
 * Which hooks share which connection is read from the hooks themselves (the connection behind
 * each handle), since a URL function that fails when the pool asks where it points is asked
 * again, and its hooks join its URL's socket when it answers; the sockets are checked by URL
 * identity (one live socket per URL), the messages by the connection each hook is on.
 *
 * Environment: SHARE_MODEL_RUNS (default 250; `npm run test:model:share`: 1,500),
 * SHARE_MODEL_SEED, SHARE_MODEL_PATH and SHARE_MODEL_REPLAY_PATH (a failure's `path`, and the
 * `replayPath` printed in its counterexample: replay it at once), SHARE_MODEL_SKIP
 * (comma-separated invariant names, see INVARIANTS), SHARE_MODEL_URL_THROWS=off (URL
 * functions never throw).
 */
import { act, render } from '@testing-library/react';
import fc from 'fast-check';
import { describe, it } from 'vitest';
import type { LifelineError } from '../../src/core/LifelineError';
import type { UrlSource } from '../../src/core/types';
import { sharedSockets } from '../../src/plugins/share';
import { connectionOf } from '../../src/react/connectionOf';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer, type FakeServer, type FakeWebSocket } from '../../src/testing/createFakeServer';
import { seededRandom } from '../../src/testing/seededRandom';

const RUNS = Number(process.env.SHARE_MODEL_RUNS ?? 250);
const SEED = Number(process.env.SHARE_MODEL_SEED ?? 20_260_518);
const PATH = process.env.SHARE_MODEL_PATH || undefined;
const REPLAY_PATH = process.env.SHARE_MODEL_REPLAY_PATH || undefined;
const URL_THROWS = process.env.SHARE_MODEL_URL_THROWS !== 'off';
const MAX_HOOKS = 5;
const STATS = process.env.SHARE_MODEL_STATS === '1';
const stats = new Map<string, number>();
const count = (what: string, n = 1) => STATS && stats.set(what, (stats.get(what) ?? 0) + n);

const INVARIANTS = {
  'one-socket-per-url': 'at most one live socket (not CLOSED) per URL identity',
  'no-orphan-socket': 'no live socket for a URL identity that no mounted hook uses (so none once every hook is gone)',
  'message-to-every-holder': 'a server message reaches every hook sharing that socket exactly once, in order, and no other hook',
  'throw-reported': "every throw of a hook's function reaches that hook's onError exactly once (parse: 'parse-failed', else 'callback-failed'), and no hook twice; parse's only that hook",
  'throw-field': 'the report of a throw names the function that threw in `field`',
} as const;
type Invariant = keyof typeof INVARIANTS;
const SKIP = new Set((process.env.SHARE_MODEL_SKIP ?? '').split(',').map((name) => name.trim()).filter(Boolean));
for (const name of SKIP) if (!(name in INVARIANTS)) throw new Error(`SHARE_MODEL_SKIP: unknown invariant "${name}"; known: ${Object.keys(INVARIANTS).join(', ')}`);

/** Two URL identities; the first with a second spelling. */
const URLS = ['ws://a.test/x', 'ws://A.TEST:80/x', 'ws://b.test/y'] as const;
const identity = (url: string) => new URL(url).href;
const quiet = () => {};
const POLICY = { initialDelayMs: 1, maxDelayMs: 4, jitter: 'none' as const };

// Real time: short waits let promises, microtasks and the 1-4 ms retries run. Settled: two
// waits in a row change nothing the model sees (at most 20 waits).
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const settle = async (world: World) => {
  let last = '';
  for (let i = 0, same = 0; i < 20 && same < 2; i += 1) {
    await act(() => sleep(2));
    const now = world.fingerprint();
    same = now === last ? same + 1 : 0;
    last = now;
  }
};

// ---------------------------------------------------------------------------------------
// A hook's spec: its URL, its functions' chances to throw

type UrlKind = 'string' | 'sync' | 'async';
interface HookSpec {
  kind: UrlKind;
  url: 0 | 1 | 2;
  /** A URL function: one object for every hook given the same (kind, url), or one of its own. */
  sharedFunction: boolean;
  parse: boolean;
  throws: { onOpen: number; onMessage: number; onClose: number; onError: number; parse: number };
  seed: number;
}
const FUNCTIONS = ['onOpen', 'onMessage', 'onClose', 'onError', 'parse'] as const;
type FnName = (typeof FUNCTIONS)[number];

const rateArb = fc.constantFrom(0, 0, 0.3, 1);
const hookArb: fc.Arbitrary<HookSpec> = fc
  .record({
    kind: fc.constantFrom<UrlKind>('string', 'sync', 'async'),
    url: fc.constantFrom<0 | 1 | 2>(0, 1, 2),
    sharedFunction: fc.boolean(),
    parse: fc.boolean(),
    throws: fc.record({ onOpen: rateArb, onMessage: rateArb, onClose: rateArb, onError: rateArb, parse: rateArb }),
    seed: fc.nat(),
  })
  .map((spec) => Object.assign(spec, { [fc.toStringMethod]: () => showSpec(spec) }));

function showSpec(spec: HookSpec): string {
  const throws = FUNCTIONS.filter((name) => spec.throws[name] > 0 && (name !== 'parse' || spec.parse)).map((name) => `${name}:${spec.throws[name]}`);
  const url = spec.kind === 'string' ? `'${URLS[spec.url]}'` : `${spec.kind}(${spec.sharedFunction ? 'shared' : 'own'}) → '${URLS[spec.url]}'`;
  return `{${url}${spec.parse ? ', parse' : ''}${throws.length ? `, throws {${throws.join(',')}}` : ''}}`;
}

// ---------------------------------------------------------------------------------------
// The world

interface Hook {
  id: number;
  spec: HookSpec;
  source: UrlSource;
  /** The connection behind its handle, at its last render. */
  connection?: object | undefined;
  /** What its handlers got (recorded before any throw). */
  messages: unknown[];
  parsed: unknown[];
  errors: LifelineError[];
  random: () => number;
}

interface Thrown {
  hook: number;
  fn: FnName | 'url';
  error: Error;
}

class World {
  readonly server: FakeServer = createFakeServer();
  readonly sharing = sharedSockets();
  readonly hooks: Hook[] = [];
  mounted: Hook[] = [];
  readonly throws: Thrown[] = [];
  readonly log: string[] = [];
  violations: string[] = [];
  /** The URL functions several hooks share, by kind and URL. */
  readonly sharedFunctions = new Map<string, UrlSource>();
  /** Where each function object points for the pool: its first call's answer, or itself when that threw. */
  readonly pointsTo = new Map<UrlSource, string>();
  readonly urlRandom: () => number;
  private rerender: ((ui: React.ReactElement) => void) | null = null;
  unmountAll: () => void = () => {};
  counter = 0;

  constructor(readonly urlThrowRate: number, seed: number) {
    this.urlRandom = seededRandom(seed);
  }

  violation(name: Invariant, detail: string) {
    if (!SKIP.has(name)) this.violations.push(`[${name}] ${INVARIANTS[name]}\n  ${detail}`);
  }

  note(line: string) {
    this.log.push(line);
  }

  /** A URL function that may throw (sync) or reject (async); its first call is the pool's question. */
  urlFunction(kind: 'sync' | 'async', url: string, name: string): UrlSource {
    const fn = (): string | Promise<string> => {
      const first = !this.pointsTo.has(fn);
      const fails = this.urlThrowRate > 0 && this.urlRandom() < this.urlThrowRate;
      if (first) this.pointsTo.set(fn, fails ? name : identity(url));
      if (fails) count(`URL function ${kind} ${first ? 'probe ' : ''}fails`);
      if (fails) this.note(`    (${name} ${kind === 'sync' ? 'throws' : 'rejects'}${first ? ', asked where it points' : ''})`);
      if (kind === 'sync') {
        if (fails) throw new Error(`${name} throws`);
        return url;
      }
      return new Promise((resolve, reject) => setTimeout(() => (fails ? reject(new Error(`${name} rejects`)) : resolve(url)), 1));
    };
    return fn;
  }

  sourceFor(spec: HookSpec, id: number): UrlSource {
    const url = URLS[spec.url];
    if (spec.kind === 'string') return url;
    if (!spec.sharedFunction) return this.urlFunction(spec.kind, url, `hook ${id}'s ${spec.kind} URL function`);
    const key = `${spec.kind} ${url}`;
    if (!this.sharedFunctions.has(key)) this.sharedFunctions.set(key, this.urlFunction(spec.kind, url, `the shared ${spec.kind} URL function for ${url}`));
    return this.sharedFunctions.get(key)!;
  }

  /** Which connection a hook is on, as the hook's handle says: a number per connection object. */
  private readonly connectionIds = new WeakMap<object, string>();
  private connections = 0;
  group(hook: Hook): string {
    if (!hook.connection) return 'none';
    if (!this.connectionIds.has(hook.connection)) this.connectionIds.set(hook.connection, `connection ${(this.connections += 1)}`);
    return this.connectionIds.get(hook.connection)!;
  }

  maybeThrow(hook: Hook, fn: FnName) {
    const rate = hook.spec.throws[fn];
    if (!(rate > 0 && (rate >= 1 || hook.random() < rate))) return;
    const error = new Error(`hook ${hook.id}'s ${fn} throws (#${this.throws.length + 1})`);
    this.throws.push({ hook: hook.id, fn, error });
    count(`throw ${fn}`);
    this.note(`    (${error.message})`);
    throw error;
  }

  mount(spec: HookSpec): Hook {
    const id = this.hooks.length;
    const hook: Hook = { id, spec, source: this.sourceFor(spec, id), messages: [], parsed: [], errors: [], random: seededRandom(spec.seed) };
    this.hooks.push(hook);
    return hook;
  }

  async render(mounted: Hook[]) {
    this.mounted = mounted;
    const ui = (
      <WebSocketProvider share={this.sharing} WebSocket={this.server.WebSocket} policy={POLICY} onAbnormalClose={quiet}>
        {mounted.map((hook) => (
          <HookProbe key={hook.id} hook={hook} world={this} />
        ))}
      </WebSocketProvider>
    );
    await act(async () => {
      if (this.rerender) this.rerender(ui);
      else {
        const result = render(ui);
        this.rerender = result.rerender;
        this.unmountAll = result.unmount;
      }
    });
  }

  fingerprint(): string {
    return `${this.server.sockets.map((socket) => socket.readyState).join('')} ${this.throws.length} ${this.hooks.map((hook) => `${hook.messages.length}.${hook.errors.length}`).join(',')}`;
  }

  live(): FakeWebSocket[] {
    return this.server.sockets.filter((socket) => socket.readyState !== 3);
  }

  describe(): string {
    const sockets = this.server.sockets.map((socket, i) => `${i}:${new URL(socket.url).host}${'cOgx'[socket.readyState]}`).join(' ');
    return `hooks=[${this.mounted.map((hook) => `${hook.id}@${this.group(hook).replace(/^ws:\/\//, '')}`).join(' ')}] sockets=[${sockets}]`;
  }

  check() {
    // One live socket per URL identity; none that no mounted hook uses.
    const byUrl = new Map<string, number[]>();
    this.server.sockets.forEach((socket, i) => {
      if (socket.readyState === 3) return;
      const key = identity(socket.url);
      byUrl.set(key, [...(byUrl.get(key) ?? []), i]);
    });
    const used = new Set(this.mounted.map((hook) => identity(URLS[hook.spec.url])));
    for (const [url, sockets] of byUrl) {
      if (sockets.length > 1) this.violation('one-socket-per-url', `${url}: live sockets #${sockets.join(', #')}`);
      if (!used.has(url)) this.violation('no-orphan-socket', `${url}: live socket(s) #${sockets.join(', #')}, but no mounted hook uses it`);
    }
    // Every throw reported once to its own hook, none twice to any hook, with its function's name.
    for (const thrown of this.throws) {
      if (thrown.fn === 'onError') {
        // onError's own throw cannot go to onError; where it went, it must not be named as another function.
        for (const hook of this.hooks) {
          for (const error of hook.errors) {
            if (error.cause === thrown.error) this.violation('throw-field', `"${thrown.error.message}" reached hook ${hook.id}'s onError as '${error.code}' with field ${JSON.stringify(error.field)}`);
          }
        }
        continue;
      }
      const own = this.hooks[thrown.hook]!;
      const reports = own.errors.filter((error) => error.cause === thrown.error);
      const code = thrown.fn === 'parse' ? 'parse-failed' : 'callback-failed';
      if (reports.length !== 1) this.violation('throw-reported', `"${thrown.error.message}" reached its hook's onError ${reports.length} times`);
      else if (reports[0]!.code !== code) this.violation('throw-reported', `"${thrown.error.message}" was reported as '${reports[0]!.code}', not '${code}'`);
      else if (reports[0]!.field !== thrown.fn) this.violation('throw-field', `"${thrown.error.message}" was reported with field ${JSON.stringify(reports[0]!.field)}`);
      for (const hook of this.hooks) {
        const heard = hook.errors.filter((error) => error.cause === thrown.error).length;
        if (heard > 1 || (heard > 0 && thrown.fn === 'parse' && hook.id !== thrown.hook)) {
          this.violation('throw-reported', `"${thrown.error.message}" reached hook ${hook.id}'s onError ${heard} times`);
        }
      }
    }
  }

  throwIfViolated() {
    if (this.violations.length === 0) return;
    throw new Error(`${this.violations.join('\n')}\n--- trace ---\n${this.log.slice(-60).join('\n')}`);
  }
}

function HookProbe({ hook, world }: { hook: Hook; world: World }) {
  const handle = useWebSocket(hook.source, {
    share: true,
    ...(hook.spec.parse && {
      parse: (data: unknown) => {
        hook.parsed.push(data);
        world.maybeThrow(hook, 'parse');
        return data;
      },
    }),
    onOpen: () => world.maybeThrow(hook, 'onOpen'),
    onMessage: (message) => {
      hook.messages.push(message);
      world.maybeThrow(hook, 'onMessage');
    },
    onClose: () => world.maybeThrow(hook, 'onClose'),
    onError: (error) => {
      hook.errors.push(error);
      world.maybeThrow(hook, 'onError');
    },
  });
  hook.connection = connectionOf(handle);
  return null;
}

// ---------------------------------------------------------------------------------------
// Commands

type Command = fc.AsyncCommand<object, World>;

const step = (name: string, applies: (world: World) => boolean, run: (world: World) => void | Promise<void>): Command => ({
  check: () => true,
  async run(_, world) {
    if (!applies(world)) return;
    count(`command ${name.replace(/\(.*$/, '')}`);
    world.note(name);
    await run(world);
    await settle(world);
    world.note(`    -> ${world.describe()}`);
    world.check();
    world.throwIfViolated();
  },
  toString: () => name,
});

const socketIn = (world: World, states: number[], n: number) => {
  const list = world.server.sockets.filter((socket) => states.includes(socket.readyState));
  return list[n % list.length];
};

/** fc.commands picks each arbitrary equally often: one listed n times is n times as likely. */
const times = <T,>(n: number, arbitrary: T): T[] => Array.from({ length: n }, () => arbitrary);

const commands = [
  ...times(3, hookArb.map((spec) => step(`mount(${showSpec(spec)})`, (w) => w.mounted.length < MAX_HOOKS, (w) => w.render([...w.mounted, w.mount(spec)])))),
  ...times(
    2,
    fc.nat(9).map((n) => step(`unmount(${n})`, (w) => w.mounted.length > 0, (w) => w.render(w.mounted.filter((_, i) => i !== n % w.mounted.length)))),
  ),
  // One hook leaves as another joins, in the same render.
  fc.tuple(fc.nat(9), hookArb).map(([n, spec]) =>
    step(`replace(${n}, ${showSpec(spec)})`, (w) => w.mounted.length > 0, (w) => {
      const next = [...w.mounted];
      next.splice(n % next.length, 1, w.mount(spec));
      return w.render(next);
    }),
  ),
  ...times(3, fc.nat(3).map((n) => step(`accept(${n})`, (w) => !!socketIn(w, [0], n), (w) => act(() => void socketIn(w, [0], n)!.accept())))),
  fc.nat(3).map((n) => step(`refuse(${n})`, (w) => !!socketIn(w, [0], n), (w) => act(() => void socketIn(w, [0], n)!.refuse()))),
  fc.nat(3).map((n) => step(`drop(${n})`, (w) => !!socketIn(w, [1], n), (w) => act(() => void socketIn(w, [1], n)!.drop()))),
  fc.tuple(fc.nat(3), fc.constantFrom(1000, 1001, 1011, 4000)).map(([n, code]) =>
    step(`serverClose(${n}, ${code})`, (w) => !!socketIn(w, [1], n), (w) => act(() => void socketIn(w, [1], n)!.serverClose(code))),
  ),
  ...times(
    4,
    fc.nat(3).map((n) =>
      step(`serverMessage(${n})`, (w) => !!socketIn(w, [1], n), async (w) => {
        const socket = socketIn(w, [1], n)!;
        const data = `m${(w.counter += 1)}`;
        const before = new Map(w.hooks.map((hook) => [hook.id, { messages: hook.messages.length, parsed: hook.parsed.length, throws: w.throws.length }]));
        await act(() => void socket.message(data));
        // Who heard it: its parse (which may throw on it), or else its onMessage.
        const since = (hook: Hook) => before.get(hook.id)!;
        const onMessageGot = (hook: Hook) => hook.messages.slice(since(hook).messages);
        const got = (hook: Hook) => (hook.spec.parse ? hook.parsed.slice(since(hook).parsed) : onMessageGot(hook));
        const receivers = w.hooks.filter((hook) => got(hook).length > 0);
        count(`message heard by ${receivers.length} hook(s)`);
        w.note(`    (${data} on ${socket.url}: heard by hook(s) ${receivers.map((hook) => hook.id).join(', ') || 'none'})`);
        // The hooks sharing this socket: one group of mounted hooks, on its URL identity.
        const url = identity(socket.url);
        const groups = new Set(receivers.map((hook) => w.group(hook)));
        const group = [...groups][0];
        const expected = group === undefined ? [] : w.mounted.filter((hook) => w.group(hook) === group);
        if (groups.size > 1) {
          w.violation('message-to-every-holder', `${data} on ${url} reached hooks of different connections: ${receivers.map((hook) => `${hook.id}@${w.group(hook)}`).join(', ')}`);
        }
        for (const hook of w.hooks) {
          const list = got(hook);
          const want = expected.includes(hook) ? [data] : [];
          if (list.length !== want.length || list.some((value, i) => value !== want[i])) {
            w.violation('message-to-every-holder', `${data} on ${url}: hook ${hook.id} (${hook.spec.parse ? 'parse' : 'onMessage'}) got ${JSON.stringify(list)}, expected ${JSON.stringify(want)} (sharing: ${expected.map((h) => h.id).join(', ') || 'none'})`);
          }
          // A hook whose parse did not throw on it hands it to its onMessage.
          const parseThrew = w.throws.slice(since(hook).throws).some((thrown) => thrown.hook === hook.id && thrown.fn === 'parse');
          if (hook.spec.parse && list.length === 1 && onMessageGot(hook).length !== (parseThrew ? 0 : 1)) {
            w.violation('message-to-every-holder', `${data}: hook ${hook.id}'s parse took it${parseThrew ? ' and threw' : ''}, but its onMessage got it ${onMessageGot(hook).length} times`);
          }
        }
      }),
    ),
  ),
  fc.constant(step('wait', () => true, () => sleep(10).then(() => {}))),
];

describe('the share pool, as a model', () => {
  it(`random shared hooks, URL forms, server faults and throwing functions (${RUNS} runs, seed ${SEED})`, async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(0, 0, 0.3), fc.nat(), fc.array(hookArb, { minLength: 1, maxLength: 3 }), fc.commands(commands, { maxCommands: 30, size: 'max', ...(REPLAY_PATH ? { replayPath: REPLAY_PATH } : {}) }), async (urlThrowRate, seed, first, list) => {
        const world = new World(URL_THROWS ? urlThrowRate : 0, seed);
        world.note(`setup: URL functions throw at rate ${world.urlThrowRate}; mount ${first.map(showSpec).join(', ')}`);
        try {
          await world.render(first.map((spec) => world.mount(spec)));
          await settle(world);
          world.note(`    -> ${world.describe()}`);
          world.check();
          world.throwIfViolated();
          await fc.asyncModelRun(() => ({ model: {}, real: world }), list);
          count('runs');
          count('sockets', world.server.sockets.length);
          count(`max live sockets at the end: ${world.live().length}`);
          // The end: every hook goes; no socket stays.
          world.note('unmount all');
          await world.render([]);
          await settle(world);
          world.note(`    -> ${world.describe()}`);
          world.check();
          world.throwIfViolated();
        } finally {
          world.unmountAll();
        }
      }),
      { numRuns: RUNS, seed: SEED, ...(PATH ? { path: PATH } : {}) },
    );
    if (STATS) console.log([...stats].sort(([a], [b]) => a.localeCompare(b)).map(([what, n]) => `${String(n).padStart(8)}  ${what}`).join('\n'));
  }, 900_000);
});
