import { act, render } from '@testing-library/react';
import { StrictMode, type ComponentProps, type ReactNode } from 'react';
import type { AddressInfo } from 'node:net';
import { ManagerContext } from 'storybook/manager-api';
import { addons, mockChannel } from 'storybook/preview-api';
import { convert, ThemeProvider, themes } from 'storybook/theming';
import { afterEach, beforeEach, vi } from 'vitest';
import { WebSocketServer } from 'ws';
import { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { createStoryServer, type StoryServerOptions } from '../../src/storybook/createStoryServer';
import { withLifeline } from '../../src/storybook/withLifeline';
import { describeEntry } from '../../src/storybook/describeEntry';
import { EVENTS, type LifelineSnapshot } from '../../src/storybook/protocol';
import { makeProbe, PROBE_URL, type HookOptions } from '../helpers/eventProbe';

export { catchMicrotaskErrors, makeProbe, type HookOptions } from '../helpers/eventProbe';

// What the addon's tests share: the preview's channel, a probe on useWebSocket, a story server
// with a probe on it, a stand-in for the manager, and a real ws server.

/** The URL a probe opens unless told otherwise (nothing listens there: the story server answers). */
export const URL_A = PROBE_URL;

/** The preview's channel of the running test (set by {@link installPreviewChannel}). */
export let channel: ReturnType<typeof mockChannel>;
/** Every snapshot sent over {@link channel} in the running test, oldest first. */
export let snapshots: LifelineSnapshot[];

/**
 * Before each test: a fresh Storybook preview channel whose snapshots are collected in
 * {@link snapshots}. After each: real timers and mocks back, and with `restoreOnLine` any
 * `navigator.onLine` a story server left on the navigator removed. Call once at a file's top level.
 */
export function installPreviewChannel({ restoreOnLine = false } = {}) {
  beforeEach(() => {
    channel = mockChannel();
    addons.setChannel(channel);
    snapshots = [];
    channel.on(EVENTS.snapshot, (snapshot: LifelineSnapshot) => snapshots.push(snapshot));
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
    if (restoreOnLine) delete (navigator as { onLine?: boolean }).onLine;
  });
}

/**
 * A story server (storyId 'story'; its onChange snapshots in `changes`) and a probe on it at `url`
 * with the hook options `hook`, under a provider that records the decisions; on fake timers, and
 * in StrictMode only with `strict`.
 */
export function setup(
  options: StoryServerOptions = {},
  { strict = false, url = URL_A as Parameters<typeof useWebSocket>[0], hook = {} as HookOptions } = {},
) {
  vi.useFakeTimers();
  const changes: LifelineSnapshot[] = [];
  const server = createStoryServer({ storyId: 'story', onChange: (snapshot) => changes.push(snapshot), ...options });
  const probe = makeProbe();
  const tree = (
    <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
      <probe.Component url={url} options={hook} />
    </WebSocketProvider>
  );
  const view = render(strict ? <StrictMode>{tree}</StrictMode> : tree);
  const wait = (ms: number) => act(() => vi.advanceTimersByTime(ms));
  const flush = () => act(async () => {});
  return { server, changes, probe, view, wait, flush, status: () => probe.handle().status };
}

/** A story with one socket at {@link URL_A} that shows its status. */
export function Chat() {
  const socket = useWebSocket(URL_A);
  return <p data-testid="status">{socket.status}</p>;
}

/** Renders {@link Chat} decorated by withLifeline with `parameters.lifeline`; on fake timers, in StrictMode unless told. */
export const renderStory = (parameters: Record<string, unknown> = {}, { strict = true, id = 'chat--default' } = {}) => {
  vi.useFakeTimers();
  const element = withLifeline(Chat, { id, parameters: { lifeline: parameters } });
  return render(strict ? <StrictMode>{element}</StrictMode> : element);
};

/** A snapshot's timeline as the panel words it, one line an entry. */
/**
 * A decorated story with one socket of ours (on the addon's server) beside a socket of the
 * story's own provider, which passes its own WebSocket (`own`, a fake server the test drives).
 * On fake timers; renders it and returns both probes.
 */
export function renderMixedStory({ ours, theirs, theirOptions }: { ours: string; theirs: string; theirOptions?: HookOptions }) {
  vi.useFakeTimers();
  const own = createFakeServer();
  const ownProbe = makeProbe();
  const ourProbe = makeProbe();
  function Story() {
    return (
      <>
        <ourProbe.Component url={ours} />
        <WebSocketProvider WebSocket={own.WebSocket}>
          <ownProbe.Component url={theirs} {...(theirOptions && { options: theirOptions })} />
        </WebSocketProvider>
      </>
    );
  }
  render(withLifeline(Story, { id: 'mixed--default', parameters: {} }));
  return { own, ownProbe, ourProbe };
}

export const lines = (snapshot: LifelineSnapshot) => snapshot.timeline.map((entry) => describeEntry(entry));

/**
 * A stand-in for Storybook's manager: its state (the story) and a channel api the test drives.
 * `wrap(ui, story)` renders under it (themed) as if `story` were selected; `send` delivers a
 * snapshot to the listeners; `emit` records what the addon sent; `listening` counts snapshot listeners.
 */
export function manager(storyId: string) {
  type Listener = (...args: unknown[]) => void;
  const listeners = new Map<string, Set<Listener>>();
  const emit = vi.fn<(type: string, ...args: unknown[]) => void>();
  const api = {
    on: (type: string, listener: Listener) => void (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(listener),
    off: (type: string, listener: Listener) => void listeners.get(type)?.delete(listener),
    emit,
  };
  const value = { api, state: { storyId } } as unknown as ComponentProps<typeof ManagerContext.Provider>['value'];
  const wrap = (ui: ReactNode, story = storyId) => (
    <ManagerContext.Provider value={{ ...value, state: { ...value.state, storyId: story } } as typeof value}>
      <ThemeProvider theme={convert(themes.light)}>{ui}</ThemeProvider>
    </ManagerContext.Provider>
  );
  const send = (snapshot: LifelineSnapshot) => act(() => listeners.get(EVENTS.snapshot)?.forEach((listener) => listener(snapshot)));
  const listening = () => listeners.get(EVENTS.snapshot)?.size ?? 0;
  return { emit, wrap, send, listening };
}

/**
 * A fake-mode snapshot of `storyId` with `open` open sockets (ids from 1), all at `url`
 * (`ws://example.test/<storyId>` unless given), and an empty timeline.
 */
export const snapshotOf = (storyId: string, { open = 1, url = `ws://example.test/${storyId}` } = {}): LifelineSnapshot => ({
  storyId,
  mode: 'fake',
  online: true,
  refusing: false,
  restartingUntil: null,
  startedAt: 0,
  stalled: false,
  sockets: Array.from({ length: open }, (_, index) => ({ id: index + 1, url, phase: 'open' as const, received: 0, sent: 0 })),
  timeline: [],
});

/** A ws server on 127.0.0.1 (ephemeral port) with the options given, e.g. a verifyClient. */
export async function startWsServer(options: ConstructorParameters<typeof WebSocketServer>[0] = {}) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, ...options });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const { port } = wss.address() as AddressInfo;
  return {
    wss,
    url: `ws://127.0.0.1:${port}`,
    async stop() {
      for (const socket of wss.clients) socket.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
