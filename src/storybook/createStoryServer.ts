import { redactUrl, type CloseInfo, type SendData, type WebSocketConstructor } from '../core';
import { FakeWebSocket } from '../testing';
import { appendEntry, closedEntry, decisionEntry } from '../timeline/timelineModel';
import { checkAction } from './checkAction';
import type { LifelineAction, LifelineServerMode, LifelineSnapshot, LifelineStep, SocketRow, TimelineEntry } from './protocol';

export interface StoryServerOptions {
  /** Default `'fake'`: see `LifelineParameters.server`. */
  mode?: LifelineServerMode | undefined;
  /** Fake server: how long a handshake takes. Default 150 ms. */
  acceptAfterMs?: number | undefined;
  /** Fake server: what it answers to what the client sends. */
  respond?: ((data: unknown) => unknown) | undefined;
  /** Played once the first socket opens. Checked here: a bad step throws before anything runs. */
  scenario?: readonly LifelineStep[] | undefined;
  /** Called after every change (batched by the caller if it likes). */
  onChange?: ((snapshot: LifelineSnapshot) => void) | undefined;
  storyId?: string | undefined;
  /** `'real'` mode's sockets; default `globalThis.WebSocket`. */
  RealWebSocket?: (new (url: string, protocols?: string | string[]) => WebSocket) | undefined;
  /** Where `navigator.onLine` and the `online`/`offline` events are simulated; default `globalThis.window`. */
  window?: (Window & typeof globalThis) | undefined;
  setTimeout?: ((callback: () => void, ms: number) => unknown) | undefined;
  clearTimeout?: ((handle: unknown) => void) | undefined;
  now?: (() => number) | undefined;
}

export interface StoryServer {
  /** Give it to `WebSocketProvider`'s `WebSocket`. */
  readonly WebSocket: WebSocketConstructor;
  /** Does what the panel or a scenario step asks. Throws a TypeError for a malformed action, changing nothing. */
  act(action: LifelineAction, from?: 'panel' | 'scenario'): void;
  /** Give it to `WebSocketProvider`'s `onClose`: what the connection decided about each close (and the closes of sockets it did not make). */
  recordDecision(close: CloseInfo, context?: { url: string }): void;
  snapshot(): LifelineSnapshot;
  /**
   * Holds the server for a mounted story; the last release disposes of it on the next task
   * (so a StrictMode rehearsal, or a story hidden and shown again, keeps it or brings it back).
   */
  hold(): () => void;
  /** Closes every socket (1001), stops the timers and gives `navigator.onLine` back. */
  dispose(): void;
}

/**
 * A server for one story: every socket the story opens through its `WebSocket` is a
 * `FakeWebSocket` (react-lifeline/testing) that this server accepts, answers and closes as
 * the panel says. In `'real'` mode each one also carries a real socket to the story's URL,
 * and the panel's closes are simulated on top of it.
 */
export function createStoryServer(options: StoryServerOptions = {}): StoryServer {
  const { mode = 'fake', acceptAfterMs = 150, respond, onChange, storyId = '' } = checkServerOptions(options);
  const scenario = (options.scenario ?? []).map(checkStep);
  let played = scenario.length === 0;
  const later = options.setTimeout ?? ((callback, ms) => globalThis.setTimeout(callback, ms));
  const cancel = options.clearTimeout ?? ((handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>));
  const now = options.now ?? Date.now;
  const win = options.window ?? (typeof window === 'undefined' ? undefined : window);
  const Real = options.RealWebSocket ?? globalThis.WebSocket;
  const sockets: StorySocket[] = [];
  const rows = new Map<StorySocket, SocketRow>();
  let timeline: TimelineEntry[] = [];
  const timers = new Set<unknown>();
  let online = true;
  let onLineOverridden = false;
  let refusing = false;
  let refusingUntil = 0;
  let disposed = false;
  let holds = 0;
  let releasing: unknown = null;
  // The code of a close one of our sockets just logged: the connection's decision about it follows at once.
  let justClosed: number | null = null;
  // One of our sockets the app closed in this task (a heartbeat's 3008): its decision comes before its close event.
  let closingNow: StorySocket | null = null;
  const startedAt = now();
  const noteClosing = (socket: StorySocket) => {
    closingNow = socket;
    queueMicrotask(() => (closingNow = null));
  };

  const snapshot = (): LifelineSnapshot => ({
    storyId,
    mode,
    online,
    refusing,
    restartingUntil: now() < refusingUntil ? refusingUntil : null,
    stalled: live().some((socket) => socket.stalled),
    sockets: [...rows.values()].map((row) => ({ ...row })),
    timeline,
    startedAt,
  });
  const changed = () => !disposed && onChange?.(snapshot());
  const log = (entry: TimelineEntry) => {
    if (disposed) return;
    timeline = appendEntry(timeline, entry);
    changed();
  };
  const after = (ms: number, callback: () => void) => {
    if (disposed) return;
    const handle = later(() => {
      timers.delete(handle);
      callback();
    }, ms);
    timers.add(handle);
  };
  const down = () => refusing || !online || now() < refusingUntil;
  const live = () => sockets.filter((socket) => socket.readyState === 1);
  const count = (socket: StorySocket, field: 'received' | 'sent') => {
    const row = rows.get(socket);
    if (row) rows.set(socket, { ...row, [field]: row[field] + 1 });
    changed();
  };
  const setPhase = (socket: StorySocket, phase: SocketRow['phase']) => {
    const row = rows.get(socket);
    if (row) rows.set(socket, { ...row, phase });
  };
  // What the fake server answers; a `respond` that throws is the story's bug, not a failed send.
  const answer = (data: SendData) => {
    try {
      return respond?.(data);
    } catch (error) {
      console.error(error);
      return undefined;
    }
  };

  class StorySocket extends FakeWebSocket {
    readonly id: number;
    /** 'real' mode: the socket to the story's own server. */
    real: WebSocket | null = null;
    refused = false;
    /** Its close is in the timeline already (logged when the connection decided, before the event). */
    logged = false;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      // A real socket first: if the browser's constructor throws (a bad URL, duplicate protocols), so does this one, and nothing is listed.
      const real = mode === 'real' && !disposed && !down() ? new Real(this.url, protocols) : null;
      this.id = sockets.length + 1;
      sockets.push(this);
      rows.set(this, { id: this.id, url: redactUrl(this.url), phase: 'connecting', received: 0, sent: 0 });
      this.addEventListener('open', () => {
        setPhase(this, 'open');
        log({ at: now(), kind: 'open', socket: this.id });
        // After the app has heard `open` too; once, however many sockets open in this task.
        if (!played) {
          played = true;
          queueMicrotask(() => play(0));
        }
      });
      this.addEventListener('message', () => count(this, 'received'));
      this.addEventListener('close', (event) => {
        const { code, reason, wasClean } = event as CloseEvent;
        setPhase(this, 'closed');
        justClosed = code;
        queueMicrotask(() => (justClosed = null));
        if (this.refused) return log({ at: now(), kind: 'refused', socket: this.id });
        if (this.logged) return changed();
        const initiator = this.closedByClient ? 'client' : wasClean ? 'server' : 'network';
        log(closedEntry(now(), this.id, { code, initiator, reason }));
      });
      log({ at: now(), kind: 'connecting', socket: this.id, url: redactUrl(this.url) });
      if (mode === 'fake') this.responder = answer;
      // Down, refusing or offline when the handshake completes: refused. A story that is gone refuses at once.
      if (real) this.attach(real);
      else if (disposed) queueMicrotask(() => this.readyState === 0 && this.refuseHandshake());
      else after(acceptAfterMs, () => this.readyState === 0 && (down() || mode === 'real' ? this.refuseHandshake() : this.accept()));
    }

    refuseHandshake() {
      this.refused = true;
      this.refuse();
    }

    override send(data: SendData): void {
      super.send(data);
      if (this.readyState !== 1) return;
      count(this, 'sent');
      // A stalled link carries nothing, either way.
      if (!this.stalled) this.real?.send(data);
    }

    override close(code?: number, reason?: string): void {
      if (this.readyState >= 2) return;
      noteClosing(this);
      const real = this.real;
      if (!real) {
        setPhase(this, 'closing');
        return super.close(code, reason);
      }
      // Real mode: the close completes when the real closing handshake does, as without the addon.
      real.close(code, reason); // throws for a bad code or reason, as the browser's does, changing nothing
      this.closedByClient = { code, reason };
      this.readyState = 2;
      setPhase(this, 'closing');
      changed();
    }

    /** The panel closed it: the real socket, if any, goes quietly (1000). */
    cut() {
      const real = this.real;
      this.real = null;
      if (real) {
        real.onopen = real.onmessage = real.onclose = real.onerror = null;
        real.close(1000);
      }
    }

    private attach(real: WebSocket) {
      this.real = real;
      // The app's binaryType, bufferedAmount and extensions are the real socket's.
      Object.defineProperty(this, 'binaryType', { get: () => real.binaryType, set: (type: BinaryType) => (real.binaryType = type), configurable: true });
      Object.defineProperty(this, 'bufferedAmount', { get: () => real.bufferedAmount, configurable: true });
      real.onopen = () => {
        if (this.readyState !== 0) return;
        // The panel refused handshakes meanwhile: this one is refused too.
        if (down()) return this.cut(), this.refuseHandshake();
        this.extensions = real.extensions;
        this.accept(real.protocol);
      };
      real.onmessage = (event) => this.readyState === 1 && !this.stalled && this.message(event.data);
      real.onclose = (event) => {
        this.real = null;
        if (this.readyState === 3) return;
        // Closed before it opened: the real server refused the handshake (a 401, a 503, nothing listening).
        if (this.readyState === 0) return this.refuseHandshake();
        if (event.wasClean) this.serverClose(event.code, event.reason);
        else this.drop();
      };
    }
  }

  const closeOpen = (close: (socket: StorySocket) => void) => {
    for (const socket of live()) {
      socket.cut();
      close(socket);
    }
  };
  const refuseConnecting = () => {
    for (const socket of sockets.filter((each) => each.readyState === 0)) {
      socket.cut();
      socket.refuseHandshake();
    }
  };

  // The scenario: from the first open, each step after the one before.
  const play = (index: number) => {
    played = true;
    const step = scenario[index];
    if (!step || disposed) return;
    if ('wait' in step) return after(step.wait, () => play(index + 1));
    server.act(step, 'scenario');
    play(index + 1);
  };

  // navigator.onLine: offline while this server (or another story's on the page) says so. Each
  // server's getter defers to the one it covered, so several servers compose and none undoes another.
  let covered: PropertyDescriptor | undefined;
  // `gone`: given back while covered by another story's getter, so transparent; `covers`: what it sits on.
  const getter: (() => boolean) & { gone?: boolean; covers?: PropertyDescriptor | undefined } = () =>
    online && (covered?.get ? Boolean(covered.get.call(win!.navigator)) : nativeOnLine());
  const nativeOnLine = () => {
    const proto = win && Object.getPrototypeOf(win.navigator);
    const descriptor = proto && Object.getOwnPropertyDescriptor(proto, 'onLine');
    return descriptor?.get ? Boolean(descriptor.get.call(win!.navigator)) : true;
  };
  const pageOnline = () => win?.navigator?.onLine ?? true;
  const setOnline = (next: boolean) => {
    if (online === next) return;
    const before = pageOnline();
    online = next;
    if (!next && win?.navigator && !onLineOverridden) {
      onLineOverridden = true;
      covered = Object.getOwnPropertyDescriptor(win.navigator, 'onLine');
      getter.gone = false;
      getter.covers = covered;
      Object.defineProperty(win.navigator, 'onLine', { get: getter, configurable: true });
    }
    if (pageOnline() !== before) win?.dispatchEvent(new Event(pageOnline() ? 'online' : 'offline'));
  };
  /** Takes this server's getter off navigator.onLine if it is still on top (else it just turns transparent: online). */
  const giveBackOnLine = () => {
    if (!onLineOverridden || !win?.navigator) return;
    if (Object.getOwnPropertyDescriptor(win.navigator, 'onLine')?.get === getter) {
      // Under it, the getters of servers given back meanwhile go too: the first live one, or the browser's own.
      let under = covered;
      while ((under?.get as typeof getter | undefined)?.gone) under = (under!.get as typeof getter).covers;
      if (under) Object.defineProperty(win.navigator, 'onLine', under);
      else delete (win.navigator as { onLine?: boolean }).onLine;
      onLineOverridden = false;
      covered = undefined;
    } else {
      getter.gone = true;
    }
  };

  const server: StoryServer = {
    WebSocket: StorySocket,
    act(action, from = 'panel') {
      // A copy: the caller's object may change later, the timeline may not.
      const checked = { ...checkAction(action) } as LifelineAction;
      if (disposed) return;
      log({ at: now(), kind: 'action', action: checked, from });
      if ('close' in checked) closeOpen((socket) => socket.serverClose(checked.close, checked.reason ?? ''));
      else if ('drop' in checked) {
        refuseConnecting();
        closeOpen((socket) => socket.drop());
      } else if ('restart' in checked) {
        refusingUntil = now() + checked.restart;
        refuseConnecting();
        closeOpen((socket) => socket.serverClose(1012, 'Service Restart'));
        after(checked.restart, changed);
      } else if ('refuse' in checked) refusing = checked.refuse;
      else if ('offline' in checked) {
        refuseConnecting();
        closeOpen((socket) => socket.drop());
        setOnline(false);
      } else if ('online' in checked) {
        setOnline(true);
        giveBackOnLine();
      }
      else if ('stall' in checked) live().forEach((socket) => socket.stall());
      // A stalled link carries nothing, the panel's messages included.
      else live().forEach((socket) => socket.stalled || socket.message(checked.message));
      changed();
    },
    recordDecision(close, context) {
      // A socket this server did not make (a story's own provider with its own WebSocket): its close comes only from here.
      const closing = closingNow;
      const where = context?.url;
      if (justClosed === close.code) {
        // Ours: its close event came first and is in the timeline.
      } else if (closing && closing.readyState === 2 && closing.closedByClient?.code === close.code && redactUrl(closing.url) === where) {
        // Ours, closed by the app in this task (a heartbeat's 3008): the decision came before the event. Its close first.
        closing.logged = true;
        log(closedEntry(now(), closing.id, { ...close, initiator: 'client' }));
      } else if (!sockets.some((socket) => redactUrl(socket.url) === where && socket.readyState !== 1)) {
        // A socket this server did not make (a story's own provider with its own WebSocket): none of
        // ours at that URL is between sockets. A close of ours without a socket (the app's disconnect()
        // while waiting: its last socket is closed, or the next one connecting) has only its decision.
        log(closedEntry(now(), null, close));
      }
      justClosed = null;
      closingNow = null;
      log(decisionEntry(now(), close, where));
    },
    snapshot,
    hold() {
      holds += 1;
      if (releasing !== null) cancel(releasing);
      releasing = null;
      if (disposed) {
        // Shown again: the scenario plays again from the next first open.
        disposed = false;
        played = scenario.length === 0;
      }
      let held = true;
      return () => {
        if (!held) return;
        held = false;
        holds -= 1;
        if (holds === 0) releasing = later(() => ((releasing = null), server.dispose()), 0);
      };
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const handle of timers) cancel(handle);
      timers.clear();
      for (const socket of sockets.filter((each) => each.readyState < 3)) {
        socket.cut();
        if (socket.readyState === 0) socket.refuseHandshake();
        else if (socket.readyState === 1) socket.serverClose(1001, 'Story closed');
        // The app's own close, whose real closing handshake will not be heard now: done as it asked.
        else socket.serverClose(socket.closedByClient?.code ?? 1005, socket.closedByClient?.reason ?? '');
      }
      setOnline(true);
      giveBackOnLine();
      refusing = false;
      refusingUntil = 0;
    },
  };
  return server;
}

const MAX_TIMER = 2 ** 31 - 1;

function checkServerOptions(options: StoryServerOptions): StoryServerOptions {
  const fail = (field: string, got: unknown, what: string, Type: typeof TypeError = TypeError): never => {
    throw new Type(`react-lifeline/storybook: lifeline.${field} is ${typeof got === 'function' ? 'a function' : JSON.stringify(got)}: ${what}.`);
  };
  const { mode, acceptAfterMs, respond, scenario } = options;
  if (mode !== undefined && mode !== 'fake' && mode !== 'real') fail('server', mode, "write 'fake' (the default) or 'real'");
  if (acceptAfterMs !== undefined && !(typeof acceptAfterMs === 'number' && acceptAfterMs >= 0 && acceptAfterMs <= MAX_TIMER))
    fail('acceptAfterMs', acceptAfterMs, 'write a number of ms from 0', RangeError);
  if (respond !== undefined && typeof respond !== 'function') fail('respond', respond, 'write a function of what the client sent, e.g. (data) => data');
  if (scenario !== undefined && !Array.isArray(scenario)) fail('scenario', scenario, 'write a list of steps, e.g. [{ wait: 2000 }, { close: 1012 }]');
  return options;
}

function checkStep(step: LifelineStep, index: number): LifelineStep {
  if (typeof step === 'object' && step !== null && 'wait' in step) {
    if (Object.keys(step).length === 1 && typeof step.wait === 'number' && step.wait >= 0 && step.wait <= MAX_TIMER) return step;
    throw new RangeError(`react-lifeline/storybook: lifeline.scenario[${index}] waits ${JSON.stringify(step.wait)}: write { wait: ms } with ms from 0 to ${MAX_TIMER}.`);
  }
  try {
    return checkAction(step);
  } catch (error) {
    (error as Error).message = (error as Error).message.replace('react-lifeline/storybook:', `react-lifeline/storybook: lifeline.scenario[${index}],`);
    throw error;
  }
}
