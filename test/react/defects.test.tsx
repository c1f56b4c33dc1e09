// Hook and shared-pool defects of 0.1, each pinned by tests that must fail on 0.1 and pass
// with the v2 semantics (README: sessions and the queue, URL identity). Fake server, public API only.
import { act, render } from '@testing-library/react';
import { useCallback } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifelineError, type ReconnectPolicyOptions } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { codeOf, Probe, Provider, settle, URL_A, URL_B, type View } from '../helpers/hookProbe';

afterEach(() => {
  vi.restoreAllMocks();
});

const discards = (errors: Error[]) => errors.filter((error) => codeOf(error) === 'queue-discarded');

describe('defect 1 (hook): a message queued for one URL never goes to another', () => {
  it('does not send a message queued for URL A to URL B after the url prop changes, and reports the discard', async () => {
    const server = createFakeServer();
    const errors: Error[] = [];
    const view: View<unknown> = { current: null };
    const ui = (url: string) => (
      <Provider server={server}>
        <Probe url={url} options={{ onError: (error) => errors.push(error) }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    expect(server.last().url).toBe(URL_A);
    let answer: string | undefined;
    act(() => {
      answer = view.current!.send('for A');
    });
    expect(answer).toBe('queued');

    rerender(ui(URL_B));
    await settle();
    const socketB = server.last();
    expect(socketB.url).toBe(URL_B);
    act(() => void socketB.accept());
    await settle();
    expect(socketB.sent).toEqual([]);
    expect(discards(errors)).toHaveLength(1);
    expect(discards(errors)[0]).toBeInstanceOf(LifelineError);
    expect(discards(errors)[0]).toMatchObject({ code: 'queue-discarded', count: 1 });
  });
});

describe('defect 2: a URL function is compared by the URL it returns', () => {
  function Room({ room, view }: { room: string; view: View<unknown> }) {
    const url = useCallback(() => `ws://127.0.0.1:1/room-${room}`, [room]);
    return <Probe url={url} view={view} />;
  }

  it('switching from room A to room B (each a useCallback URL function) moves the socket', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const { rerender } = render(
      <Provider server={server}>
        <Room room="a" view={view} />
      </Provider>,
    );
    await settle();
    act(() => void server.last().accept());
    expect(view.current!.status).toBe('open');

    rerender(
      <Provider server={server}>
        <Room room="b" view={view} />
      </Provider>,
    );
    await settle();
    expect(server.sockets.map((socket) => socket.url)).toEqual(['ws://127.0.0.1:1/room-a', 'ws://127.0.0.1:1/room-b']);
    expect(server.sockets[0]!.closedByClient).toMatchObject({ code: 1000 });
    act(() => void server.last().accept());
    expect(view.current!.status).toBe('open');
  });

  it('a new function that returns the same URL on every render changes nothing (guard)', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    // Every call makes a new element with a new arrow: each rerender re-renders the hook.
    const ui = () => (
      <Provider server={server}>
        <Probe url={() => `${URL_A}?v=1`} view={view} />
      </Provider>
    );
    const { rerender } = render(ui());
    await settle();
    act(() => void server.last().accept());
    for (let tick = 1; tick <= 3; tick += 1) {
      rerender(ui());
      await settle();
    }
    expect(server.sockets).toHaveLength(1);
    expect(view.current!.status).toBe('open');
  });
});

describe('defect 7: a disabled shared hook is idle', () => {
  it("a shared hook turned off with enabled: false reports 'idle', not 'connecting'", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (enabled: boolean) => (
      <Provider server={server}>
        <Probe url={URL_A} options={{ share: true, enabled }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(true));
    await settle();
    act(() => void server.last().accept());
    expect(view.current!.status).toBe('open');

    rerender(ui(false));
    await settle();
    expect(view.current!.status).toBe('idle');
    expect(server.live()).toHaveLength(0);
    expect(server.last().closedByClient).toMatchObject({ code: 1000 });
  });
});

describe('defect 8: shared sockets follow policy changes', () => {
  it("applies a provider policy change to a shared socket from the next decision", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (policy: ReconnectPolicyOptions) => (
      <Provider server={server} policy={policy}>
        <Probe url={URL_A} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui({ codes: { 4001: 'never' } }));
    await settle();
    act(() => void server.last().accept());
    rerender(ui({ codes: { 4001: { delayMs: 60_000 } } }));
    await settle();
    expect(server.live()).toHaveLength(1); // a policy change never reconnects an open socket
    act(() => void server.last().serverClose(4001, 'moved'));
    expect(view.current!.lastClose).toMatchObject({ code: 4001, willRetry: true });
    expect(view.current!.status).toBe('reconnecting');
  });

  it("applies a hook policy change to a shared socket from the next decision", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (policy: ReconnectPolicyOptions) => (
      <Provider server={server}>
        <Probe url={URL_A} options={{ share: true, policy }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui({ codes: { 4001: { delayMs: 60_000 } } }));
    await settle();
    act(() => void server.last().accept());
    rerender(ui({ codes: { 4001: 'never' } }));
    await settle();
    act(() => void server.last().serverClose(4001, 'gone'));
    expect(view.current!.lastClose).toMatchObject({ code: 4001, willRetry: false });
    expect(view.current!.status).toBe('closed');
  });
});

describe('defect 9: share: true with an inline URL function keeps one socket', () => {
  it('an inline arrow URL re-created on every render keeps ONE shared socket across re-renders', async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    // Every call makes a new element with a new arrow: each rerender re-renders the hook.
    const ui = () => (
      <Provider server={server}>
        <Probe url={() => URL_A} options={{ share: true }} view={view} />
      </Provider>
    );
    const { rerender } = render(ui());
    await settle();
    act(() => void server.last().accept());
    for (let tick = 1; tick <= 3; tick += 1) {
      rerender(ui());
      await settle();
    }
    expect(server.sockets).toHaveLength(1);
    expect(server.live()).toHaveLength(1);
    expect(view.current!.status).toBe('open');
  });
});

describe('defect 10: shared sockets are keyed by the normalised URL', () => {
  it.each([
    ['ws://127.0.0.1:1', 'ws://127.0.0.1:1/'],
    ['WS://LocalHost:80/x', 'ws://localhost/x'],
    ['http://127.0.0.1:1/x', 'ws://127.0.0.1:1/x'],
  ])('%s and %s share one socket', async (first, second) => {
    const server = createFakeServer();
    const one: View<unknown> = { current: null };
    const two: View<unknown> = { current: null };
    render(
      <Provider server={server}>
        <Probe url={first} options={{ share: true }} view={one} />
        <Probe url={second} options={{ share: true }} view={two} />
      </Provider>,
    );
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept());
    expect(one.current!.status).toBe('open');
    expect(two.current!.status).toBe('open');
  });
});

describe("defect 11: each shared hook applies its own parse", () => {
  it("a later shared hook's parse applies to its onMessage and lastMessage", async () => {
    const server = createFakeServer();
    const first: View<string> = { current: null };
    const second: View<{ n: number }> = { current: null };
    const firstSeen: string[] = [];
    const secondSeen: Array<{ n: number }> = [];
    render(
      <Provider server={server}>
        <Probe<string>
          url={URL_A}
          options={{ share: true, parse: (data) => `first:${String(data)}`, onMessage: (message) => firstSeen.push(message) }}
          view={first}
        />
        <Probe<{ n: number }>
          url={URL_A}
          options={{ share: true, parse: (data) => JSON.parse(String(data)) as { n: number }, onMessage: (message) => secondSeen.push(message) }}
          view={second}
        />
      </Provider>,
    );
    await settle();
    expect(server.sockets).toHaveLength(1);
    act(() => void server.last().accept().message('{"n":1}'));
    expect(secondSeen).toEqual([{ n: 1 }]);
    expect(second.current!.lastMessage).toEqual({ n: 1 });
    expect(firstSeen).toEqual(['first:{"n":1}']);
    expect(first.current!.lastMessage).toBe('first:{"n":1}');
  });
});

describe('defect 14 (hook): a URL change after disconnect() does not reconnect', () => {
  it("the url prop changing after disconnect() leaves the hook 'closed' with no new socket; connect() then uses the new URL", async () => {
    const server = createFakeServer();
    const view: View<unknown> = { current: null };
    const ui = (url: string) => (
      <Provider server={server}>
        <Probe url={url} view={view} />
      </Provider>
    );
    const { rerender } = render(ui(URL_A));
    await settle();
    act(() => void server.last().accept());
    act(() => view.current!.disconnect());
    await settle();
    expect(view.current!.status).toBe('closed');

    rerender(ui(URL_B));
    await settle();
    expect(server.sockets).toHaveLength(1);
    expect(view.current!.status).toBe('closed');

    act(() => view.current!.connect());
    await settle();
    expect(server.sockets).toHaveLength(2);
    expect(server.last().url).toBe(URL_B);
  });
});
