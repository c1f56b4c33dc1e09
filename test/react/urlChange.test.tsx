// What a change of the url prop does: the socket moves when the URL it names changes (a URL
// function is compared by the URL it returns), what was queued for the old URL is discarded
// and reported, and after disconnect() nothing reconnects until connect(). Fake server, public
// API only; each of these failed on 0.1.
import { act, render } from '@testing-library/react';
import { useCallback } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LifelineError } from 'react-lifeline';
import { createFakeServer } from 'react-lifeline/testing';
import { codeOf, Probe, Provider, settle, URL_A, URL_B, type View } from '../helpers/hookProbe';

afterEach(() => {
  vi.restoreAllMocks();
});

const discards = (errors: Error[]) => errors.filter((error) => codeOf(error) === 'queue-discarded');

describe('a message queued for one URL never goes to another', () => {
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

describe('a URL function is compared by the URL it returns', () => {
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

describe('a URL change after disconnect() does not reconnect the hook', () => {
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
