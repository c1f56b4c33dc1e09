// createStoryServer in 'real' mode: the story's sockets go to a real ws server on 127.0.0.1, and
// the panel shows and drives them as in fake mode (refused handshakes, refuse, stall, sanitised
// reasons, closing handshakes, dispose). Found by the adversarial reviews of the Storybook addon.
import { act, render, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { useWebSocket } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { createStoryServer, type StoryServerOptions } from '../../src/storybook/createStoryServer';
import { describeEntry } from '../../src/storybook/describeEntry';
import { startRecordingServer } from '../helpers/startRecordingServer';
import { installPreviewChannel, makeProbe, startWsServer } from './addonHarness';

installPreviewChannel({ restoreOnLine: true });

/** A story server in 'real' mode with a probe on it, on real timers. */
function setupReal(url: string, hook: Parameters<typeof useWebSocket>[1] = {}, options: StoryServerOptions = {}) {
  const server = createStoryServer({ mode: 'real', storyId: 'real', ...options });
  const made: WebSocket[] = [];
  const Spy = class extends (server.WebSocket as unknown as new (url: string, protocols?: string | string[]) => WebSocket) {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      made.push(this);
    }
  };
  const probe = makeProbe();
  const view = render(
    <WebSocketProvider WebSocket={Spy as never} onClose={server.recordDecision}>
      <probe.Component url={url} options={hook} />
    </WebSocketProvider>,
  );
  return { server, probe, view, made };
}
const sleep = (ms: number) => act(() => new Promise<void>((resolve) => setTimeout(resolve, ms)));

describe("createStoryServer in 'real' mode (ws on 127.0.0.1)", () => {
  it('a handshake the real server refuses (401) is shown as a refused handshake, as in fake mode', async () => {
    const real = await startWsServer({ verifyClient: (_info: unknown, done: (ok: boolean, code?: number) => void) => done(false, 401) } as never);
    const { server } = setupReal(`${real.url}/private`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      await waitFor(() => expect(server.snapshot().sockets[0]!.phase).toBe('closed'));
      expect(server.snapshot().timeline.map((entry) => describeEntry(entry))[1]).toBe('#1 handshake refused');
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it('refuse: a real handshake that completes while the panel refuses is refused, not opened', async () => {
    const real = await startWsServer({
      verifyClient: (_info: unknown, done: (ok: boolean) => void) => void setTimeout(() => done(true), 150),
    } as never);
    const { server, probe } = setupReal(`${real.url}/slow`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      act(() => server.act({ refuse: true }));
      await sleep(400);
      expect(probe.events).not.toContain('open');
      expect(server.snapshot().sockets[0]!.phase).not.toBe('open');
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it('a WebSocket the real constructor rejects (duplicate subprotocols) leaves no socket stuck "connecting" in the panel', async () => {
    const real = await startRecordingServer();
    const { server, probe } = setupReal(`${real.url}/dup`, { protocols: ['chat', 'chat'] });
    try {
      await sleep(50);
      expect(probe.handle().status).toBe('failed');
      expect(server.snapshot().sockets.filter((socket) => socket.phase === 'connecting')).toEqual([]);
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it("a real server's close reason reaches the panel's timeline only as sanitised plain text", async () => {
    const real = await startRecordingServer();
    real.onConnection((connection) => setTimeout(() => connection.socket.close(4003, 'ok\u202Egnp.exe\nline'), 20));
    const { server } = setupReal(`${real.url}/reason`, { policy: { initialDelayMs: 60_000, jitter: 'none' } });
    try {
      await waitFor(() => expect(server.snapshot().timeline.some((entry) => entry.kind === 'closed')).toBe(true));
      const line = server
        .snapshot()
        .timeline.filter((entry) => entry.kind === 'closed')
        .map((entry) => describeEntry(entry))[0]!;
      expect(line).not.toMatch(/[\u202E\n]/);
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it("'real' mode: `respond` is the fake server's, so a real connection gets no fake replies on top of the real server's", async () => {
    const real = await startRecordingServer();
    const messages: unknown[] = [];
    const { server, probe } = setupReal(`${real.url}/quiet`, { onMessage: (message) => void messages.push(message) }, { respond: () => 'fake reply' });
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      act(() => void probe.handle().send('hello'));
      const connection = await real.connection(1);
      await waitFor(() => expect(connection.received).toEqual(['hello']));
      await sleep(50);
      expect(messages).toEqual([]);
    } finally {
      server.dispose();
      await real.stop();
    }
  });

  it("the app's own close of a real socket completes when the real closing handshake does (as without the addon), not at once", async () => {
    const real = await startRecordingServer();
    // Control: the plain WebSocket, same server, same pause.
    const plainProbe = makeProbe();
    const plain = render(<plainProbe.Component url={`${real.url}/plain`} />);
    const { server, probe } = setupReal(`${real.url}/story`);
    try {
      await waitFor(() => expect(plainProbe.events).toContain('open'));
      await waitFor(() => expect(probe.events).toContain('open'));
      (await real.connection(1)).pause();
      (await real.connection(2)).pause();
      act(() => plainProbe.handle().disconnect(4000, 'bye'));
      act(() => probe.handle().disconnect(4000, 'bye'));
      await sleep(300);
      expect(plainProbe.handle().status).toBe('closing');
      expect(probe.handle().status).toBe('closing');
    } finally {
      plain.unmount();
      server.dispose();
      await real.stop();
    }
  });

  it('stall: a half-open link carries nothing, so what the app sends meanwhile does not reach the real server', async () => {
    const real = await startRecordingServer();
    const server = createStoryServer({ mode: 'real', storyId: 'real' });
    const probe = makeProbe();
    const view = render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <probe.Component url={`${real.url}/stall`} />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      const connection = await real.connection(1);
      act(() => void probe.handle().send('before'));
      await waitFor(() => expect(connection.received).toEqual(['before']));
      act(() => server.act({ stall: true }));
      act(() => void probe.handle().send('during the stall'));
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 200)));
      expect(connection.received).toEqual(['before']);
    } finally {
      view.unmount();
      server.dispose();
      await real.stop();
    }
  });

  it("dispose closes every socket: one whose closing handshake the app started is not left 'closing' forever", async () => {
    const real = await startRecordingServer();
    const server = createStoryServer({ mode: 'real', storyId: 'real' });
    const probe = makeProbe();
    const view = render(
      <WebSocketProvider WebSocket={server.WebSocket} onClose={server.recordDecision}>
        <probe.Component url={`${real.url}/closing`} />
      </WebSocketProvider>,
    );
    try {
      await waitFor(() => expect(probe.events).toContain('open'));
      (await real.connection(1)).pause(); // the closing handshake is not answered yet
      act(() => probe.handle().disconnect(4000, 'bye'));
      expect(server.snapshot().sockets[0]!.phase).toBe('closing');
      view.unmount();
      server.dispose();
      (await real.connection(1)).resume();
      await act(() => new Promise<void>((resolve) => setTimeout(resolve, 300)));
      expect(server.snapshot().sockets[0]!.phase).toBe('closed');
    } finally {
      await real.stop();
    }
  });
});
