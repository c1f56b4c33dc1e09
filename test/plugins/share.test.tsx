// share: true, one socket per URL under a provider with sharedSockets(): the pool is keyed by
// the normalised URL (an inline URL function by its answer), each hook keeps its own parse,
// enabled and policy. Fake server, public API only; each of these failed on 0.1.
import { act, render } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type ReconnectPolicyOptions } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { Probe, Provider, settle, URL_A, type View } from '../helpers/hookProbe';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a disabled shared hook is idle', () => {
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

describe('shared sockets follow policy changes', () => {
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

describe('share: true with an inline URL function keeps one socket', () => {
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

describe('shared sockets are keyed by the normalised URL', () => {
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

describe('each shared hook applies its own parse', () => {
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
