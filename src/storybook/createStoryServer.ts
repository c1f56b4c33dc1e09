import { describeCloseCode, type CloseInfo, type SendData, type WebSocketConstructor } from '../core';
import { FakeWebSocket } from '../testing';
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
  /** Give it to `WebSocketProvider`'s `onClose`: what the connection decided about each close. */
  recordDecision(close: CloseInfo): void;
  snapshot(): LifelineSnapshot;
  /** Closes every socket (1001), stops the timers and gives `navigator.onLine` back. */
  dispose(): void;
}

const KEEP = 200;
const urlForPanel = (url: string) => url.split(/[?#]/)[0]!.replace(/\/\/[^/]*@/, '//');

/**
 * A server for one story: every socket the story opens through its `WebSocket` is a
 * `FakeWebSocket` (react-lifeline/testing) that this server accepts, answers and closes as
 * the panel says. In `'real'` mode each one also carries a real socket to the story's URL,
 * and the panel's closes are simulated on top of it.
 */
export function createStoryServer(options: StoryServerOptions = {}): StoryServer {
  const { mode = 'fake', acceptAfterMs = 150, respond, onChange, storyId = '' } = options;
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
  let refusing = false;
  let refusingUntil = 0;
  let disposed = false;

  const snapshot = (): LifelineSnapshot => ({
    storyId,
    mode,
    online,
    refusing: refusing || now() < refusingUntil,
    stalled: live().some((socket) => socket.stalled),
    sockets: [...rows.values()].map((row) => ({ ...row })),
    timeline,
  });
  const changed = () => !disposed && onChange?.(snapshot());
  const log = (entry: TimelineEntry) => {
    if (disposed) return;
    timeline = [...timeline.slice(-(KEEP - 1)), entry];
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
  const update = (socket: StorySocket, change: Partial<SocketRow>) => {
    const row = rows.get(socket);
    if (row) rows.set(socket, { ...row, ...change });
  };

  class StorySocket extends FakeWebSocket {
    readonly id = sockets.length + 1;
    /** 'real' mode: the socket to the story's own server. */
    protected real: WebSocket | null = null;

    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
      rows.set(this, { id: this.id, url: urlForPanel(this.url), phase: 'connecting', received: 0, sent: 0 });
      this.addEventListener('open', () => {
        update(this, { phase: 'open' });
        log({ at: now(), kind: 'open', socket: this.id });
        if (!played) play(0);
      });
      this.addEventListener('message', () => update(this, { received: rows.get(this)!.received + 1 }));
      this.addEventListener('close', (event) => {
        const { code, reason, wasClean } = event as CloseEvent;
        update(this, { phase: 'closed' });
        if (this.refused) return log({ at: now(), kind: 'refused', socket: this.id });
        const initiator = this.closedByClient ? 'client' : wasClean ? 'server' : 'network';
        log({ at: now(), kind: 'closed', socket: this.id, code, name: describeCloseCode(code).name, initiator, reason });
      });
      log({ at: now(), kind: 'connecting', socket: this.id, url: urlForPanel(this.url) });
      this.responder = (data) => respond?.(data);
      // Down, refusing or offline when the handshake completes: refused. A story that is gone refuses at once.
      const answer = () => this.readyState === 0 && (down() || mode === 'real' ? this.refuseHandshake() : this.accept());
      if (disposed) queueMicrotask(() => this.readyState === 0 && this.refuseHandshake());
      else if (mode === 'real' && !down()) this.openReal(protocols);
      else after(acceptAfterMs, answer);
    }

    refused = false;
    refuseHandshake() {
      this.refused = true;
      this.refuse();
    }

    override send(data: SendData): void {
      super.send(data);
      if (this.readyState !== 1) return;
      update(this, { sent: rows.get(this)!.sent + 1 });
      changed();
      this.real?.send(data);
    }

    override close(code?: number, reason?: string): void {
      if (this.readyState < 2) update(this, { phase: 'closing' });
      super.close(code, reason);
      this.real?.close(code, reason);
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

    private openReal(protocols: string | string[] | undefined) {
      const real = new Real(this.url, protocols);
      this.real = real;
      // The app's binaryType, bufferedAmount and extensions are the real socket's.
      Object.defineProperty(this, 'binaryType', { get: () => real.binaryType, set: (type: BinaryType) => (real.binaryType = type), configurable: true });
      Object.defineProperty(this, 'bufferedAmount', { get: () => real.bufferedAmount, configurable: true });
      real.onopen = () => {
        this.extensions = real.extensions;
        if (this.readyState === 0) this.accept(real.protocol);
      };
      real.onmessage = (event) => this.readyState === 1 && !this.stalled && this.message(event.data);
      real.onclose = (event) => {
        this.real = null;
        if (this.readyState === 3) return;
        if (event.wasClean || this.readyState === 2) this.serverClose(event.code, event.reason);
        else this.drop();
      };
    }
  }

  const closeAll = (close: (socket: StorySocket) => void) => {
    for (const socket of sockets.filter((each) => each.readyState < 2)) {
      socket.cut();
      close(socket);
    }
  };

  // The scenario: from the first open, each step after the one before.
  const play = (index: number) => {
    played = true;
    const step = scenario[index];
    if (!step) return;
    if ('wait' in step) return after(step.wait, () => play(index + 1));
    server.act(step, 'scenario');
    play(index + 1);
  };

  const setOnline = (next: boolean) => {
    online = next;
    if (win?.navigator) Object.defineProperty(win.navigator, 'onLine', { get: () => online, configurable: true });
    win?.dispatchEvent(new Event(next ? 'online' : 'offline'));
  };

  const server: StoryServer = {
    WebSocket: StorySocket,
    act(action, from = 'panel') {
      const checked = checkAction(action);
      if (disposed) return;
      log({ at: now(), kind: 'action', action: checked, from });
      if ('close' in checked) closeAll((socket) => socket.readyState === 0 ? socket.refuseHandshake() : socket.serverClose(checked.close, checked.reason ?? ''));
      else if ('drop' in checked) closeAll((socket) => (socket.readyState === 0 ? socket.refuseHandshake() : socket.drop()));
      else if ('restart' in checked) {
        refusingUntil = now() + checked.restart;
        closeAll((socket) => (socket.readyState === 0 ? socket.refuseHandshake() : socket.serverClose(1012, 'Service Restart')));
        after(checked.restart, changed);
      } else if ('refuse' in checked) refusing = checked.refuse;
      else if ('offline' in checked) {
        closeAll((socket) => (socket.readyState === 0 ? socket.refuseHandshake() : socket.drop()));
        setOnline(false);
      } else if ('online' in checked) setOnline(true);
      else if ('stall' in checked) live().forEach((socket) => socket.stall());
      else live().forEach((socket) => socket.message(checked.message));
      changed();
    },
    recordDecision(close) {
      log({ at: now(), kind: 'decision', code: close.code, willRetry: close.willRetry, retryAt: close.retryAt, reauth: close.action === 'reauth' });
    },
    snapshot,
    dispose() {
      if (disposed) return;
      disposed = true;
      for (const handle of timers) cancel(handle);
      timers.clear();
      closeAll((socket) => (socket.readyState === 0 ? socket.refuseHandshake() : socket.serverClose(1001, 'Story closed')));
      if (!online && win?.navigator) {
        delete (win.navigator as { onLine?: boolean }).onLine;
        win.dispatchEvent(new Event('online'));
      }
    },
  };
  return server;
}

function checkStep(step: LifelineStep, index: number): LifelineStep {
  if (typeof step === 'object' && step !== null && 'wait' in step) {
    if (Object.keys(step).length === 1 && typeof step.wait === 'number' && step.wait >= 0 && Number.isFinite(step.wait)) return step;
    throw new RangeError(`react-lifeline/storybook: lifeline.scenario[${index}] waits ${JSON.stringify(step.wait)}: write { wait: ms } with ms a finite number from 0.`);
  }
  try {
    return checkAction(step);
  } catch (error) {
    (error as Error).message = (error as Error).message.replace('react-lifeline/storybook:', `react-lifeline/storybook: lifeline.scenario[${index}],`);
    throw error;
  }
}
