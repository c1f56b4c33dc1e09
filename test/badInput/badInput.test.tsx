import { act, render, waitFor } from '@testing-library/react';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import type { LifelineError, LifelineErrorCode } from '../../src/core/LifelineError';
import type { ReconnectPolicyOptions, UrlSource } from '../../src/core/types';
import { useWebSocket, type UseWebSocketOptions, type WebSocketHandle } from '../../src/react/useWebSocket';
import { WebSocketProvider } from '../../src/react/WebSocketProvider';
import { startServer, type TestServer } from '../helpers/startServer';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  // Commands a subject sends to get a hostile answer on its own socket.
  server.onConnection((socket) => {
    socket.on('message', (data) => {
      const text = data.toString();
      if (text === 'send invalid utf-8') socket.send(Buffer.from([0x68, 0xff, 0xfe, 0x69]), { binary: false });
      if (text === 'send bad json') {
        socket.send('not json');
        socket.send('{"ok":true}');
      }
    });
  });
});
afterAll(async () => {
  await server.stop();
});

interface Mounted {
  subject: { current: WebSocketHandle };
  healthy: { current: WebSocketHandle };
  unmount(): void;
}

/** The hook under test next to a healthy one on the same server: bad input must not touch it. */
function mount(url: UrlSource | null, options: UseWebSocketOptions<unknown> = {}, providerPolicy?: ReconnectPolicyOptions): Mounted {
  const subject = { current: null as unknown as WebSocketHandle };
  const healthy = { current: null as unknown as WebSocketHandle };
  function Subject() {
    subject.current = useWebSocket(url, options);
    void [subject.current.status, subject.current.error, subject.current.lastClose];
    return null;
  }
  function Healthy() {
    healthy.current = useWebSocket(`${server.url}/healthy`);
    void healthy.current.status;
    return null;
  }
  const { unmount } = render(
    <WebSocketProvider policy={providerPolicy} onAbnormalClose={() => {}}>
      <Subject />
      <Healthy />
    </WebSocketProvider>,
  );
  return { subject, healthy, unmount };
}

const errorCode = (handle: WebSocketHandle) => handle.error?.code;

async function expectSetupFailure(url: UrlSource, code: LifelineErrorCode, message: RegExp, options: UseWebSocketOptions<unknown> = {}) {
  const before = server.connections.length;
  const { subject, healthy, unmount } = mount(url, options);
  await waitFor(() => expect(subject.current.status).toBe('failed'));
  expect(errorCode(subject.current)).toBe(code);
  expect(subject.current.error?.message).toMatch(message);
  await waitFor(() => expect(healthy.current.status).toBe('open'));
  expect(server.connections.length - before).toBe(1); // the healthy one only: no stray socket
  unmount();
}

describe('bad input: URLs and set-up', () => {
  it.each<[string, UrlSource, LifelineErrorCode, RegExp]>([
    ['a host with a space', 'ws://bad host/', 'invalid-url', /not a valid absolute URL/],
    ['a port out of range', 'ws://127.0.0.1:99999/', 'invalid-url', /not a valid absolute URL/],
    ['an unsupported scheme', 'ftp://127.0.0.1/x', 'invalid-url', /unsupported scheme "ftp:".*use ws: or wss:/],
    ['a javascript: URL', 'javascript:alert(1)', 'invalid-url', /unsupported scheme "javascript:"/],
    ['a fragment', 'ws://127.0.0.1:1/x#y', 'invalid-url', /may not have a fragment/],
    ['a URL function that throws', () => { throw new Error('no token'); }, 'url-failed', /the URL function threw or rejected: no token/],
    ['a URL function that rejects', () => Promise.reject(new Error('token service down')), 'url-failed', /threw or rejected: token service down/],
    ['a URL function that returns a number', (() => 42) as unknown as () => string, 'invalid-url', /must be a string or a URL, got number/],
  ])('%s: error + failed, no socket', async (_label, url, code, message) => {
    await expectSetupFailure(url, code, message);
  });

  it.each<[string, string | string[]]>([
    ['protocols with a space', 'a b'],
    ['duplicate protocols', ['chat', 'chat']],
  ])('%s: socket-failed, no socket', async (_label, protocols) => {
    await expectSetupFailure(`${server.url}/p`, 'socket-failed', /new WebSocket\(.*\) threw/, { protocols });
  });

  it('no WebSocket implementation (Node, server): no-websocket, and a hint how to pass one', async () => {
    const saved = globalThis.WebSocket;
    // @ts-expect-error: a runtime without WebSocket
    delete globalThis.WebSocket;
    try {
      function Subject({ view }: { view: { current: WebSocketHandle | null } }) {
        view.current = useWebSocket(`${server.url}/none`);
        void view.current.status;
        return null;
      }
      const view: { current: WebSocketHandle | null } = { current: null };
      render(<Subject view={view} />);
      expect(view.current!.status).toBe('failed');
      expect(errorCode(view.current!)).toBe('no-websocket');
      expect(view.current!.error?.message).toMatch(/pass one: <WebSocketProvider WebSocket=/);
    } finally {
      globalThis.WebSocket = saved;
    }
  });

  it.each<[string, ReconnectPolicyOptions, 'hook' | 'provider', RegExp]>([
    ['a negative delay in the hook', { initialDelayMs: -1 }, 'hook', /policy\.initialDelayMs/],
    ['a factor below 1 in a provider', { factor: 0.5 }, 'provider', /policy\.factor/],
    ['a code key that is not a whole number', { codes: { abc: 'never' } as never }, 'hook', /policy\.codes\["abc"\]/],
  ])('%s: invalid-policy, naming the field, no socket', async (_label, policy, where, message) => {
    const before = server.connections.length;
    const { subject, healthy, unmount } = where === 'hook' ? mount(`${server.url}/policy`, { policy }) : mount(`${server.url}/policy`, {}, policy);
    expect(subject.current.status).toBe('failed');
    expect(errorCode(subject.current)).toBe('invalid-policy');
    expect(subject.current.error?.message).toMatch(message);
    if (where === 'hook') {
      await waitFor(() => expect(healthy.current.status).toBe('open'));
      expect(server.connections.length - before).toBe(1);
    }
    unmount();
  });
});

describe('bad input: disconnect', () => {
  it.each<[string, number, string]>([
    ['999', 999, ''],
    ['1005 (local only)', 1005, ''],
    ['1006 (local only)', 1006, ''],
    ['2000 (reserved)', 2000, ''],
    ['5000', 5000, ''],
    ['1.5', 1.5, ''],
    ['a string code', '1000' as unknown as number, ''],
    ['a 200-byte reason', 1000, 'x'.repeat(200)],
  ])('disconnect(%s): a RangeError before the socket is touched', async (_label, code, reason) => {
    const { subject, healthy, unmount } = mount(`${server.url}/disconnect`);
    await waitFor(() => expect(subject.current.status).toBe('open'));
    expect(() => subject.current.disconnect(code, reason)).toThrow(RangeError);
    expect(() => subject.current.disconnect(code, reason)).toThrow(/react-lifeline: /);
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(subject.current.status).toBe('open');
    expect(subject.current.send('still works')).toBe('sent');
    expect(healthy.current.status).toBe('open');
    unmount();
  });
});

describe('bad input: sending and receiving', () => {
  it('send after failed: rejected, with not-open and what to do; `error` still says why it failed', async () => {
    const errors: LifelineError[] = [];
    const failed = mount('ws://bad host/', { onError: (error) => errors.push(error) });
    expect(failed.subject.current.status).toBe('failed');
    let answer: string | undefined;
    act(() => void (answer = failed.subject.current.send('x')));
    expect(answer).toBe('rejected');
    expect(errors.map((error) => error.code)).toEqual(['invalid-url', 'not-open']);
    expect(errors[1]!.message).toMatch(/send\(\) while failed: nothing will deliver it\. Call connect\(\) first/);
    // The failure is what a UI explains ("Could not connect"): a refused send does not replace it.
    expect(errorCode(failed.subject.current)).toBe('invalid-url');
    failed.unmount();
  });

  it('a full queue: rejected with queue-full; the queued ones still go out in order', async () => {
    const { subject, unmount } = mount(`${server.url}/queue`, { queue: { max: 2 }, enabled: false });
    expect(subject.current.send('q1')).toBe('queued');
    expect(subject.current.send('q2')).toBe('queued');
    let third: string | undefined;
    act(() => void (third = subject.current.send('q3')));
    expect(third).toBe('rejected');
    expect(errorCode(subject.current)).toBe('queue-full');
    expect(subject.current.error?.message).toMatch(/Raise queue\.max or use overflow: 'drop-oldest'/);
    act(() => subject.current.connect());
    await waitFor(() => expect(server.received.slice(-2)).toEqual(['q1', 'q2']));
    unmount();
  });

  it.each<[string, unknown]>([
    ['a circular value', (() => {
      const value: Record<string, unknown> = {};
      value.self = value;
      return value;
    })()],
    ['a BigInt', 10n],
    ['a function', () => 1],
  ])('sendJson of %s: rejected with invalid-json, nothing sent, still open', async (_label, value) => {
    const { subject, unmount } = mount(`${server.url}/json`);
    await waitFor(() => expect(subject.current.status).toBe('open'));
    const before = server.received.length;
    let answer: string | undefined;
    act(() => void (answer = subject.current.sendJson(value)));
    expect(answer).toBe('rejected');
    expect(errorCode(subject.current)).toBe('invalid-json');
    await act(() => new Promise((resolve) => setTimeout(resolve, 50)));
    expect(server.received.length).toBe(before);
    expect(subject.current.status).toBe('open');
    unmount();
  });

  it('a parse that throws: parse-failed, the socket stays open, later messages still parse', async () => {
    const seen: unknown[] = [];
    const errors: string[] = [];
    const { subject, unmount } = mount(`${server.url}/parse`, {
      parse: (data) => JSON.parse(String(data)) as unknown,
      onOpen: () => subject.current.send('send bad json'),
      onMessage: (message) => seen.push(message),
      onError: (error) => errors.push(error.code),
    });
    await waitFor(() => expect(subject.current.lastMessage).toEqual({ ok: true }));
    expect(errors).toEqual(['parse-failed']);
    expect(subject.current.status).toBe('open');
    expect(seen).toEqual([{ ok: true }]);
    unmount();
  });

  it('a text frame with invalid UTF-8 from the server: the client fails the connection, reported as a close', async () => {
    const { subject, healthy, unmount } = mount(`${server.url}/utf8`, { onOpen: () => subject.current.send('send invalid utf-8') });
    await waitFor(() => expect(subject.current.lastClose).not.toBeNull());
    // WHATWG: the client fails the connection (its close frame says 1007); the page sees the close.
    expect([1006, 1007]).toContain(subject.current.lastClose!.code);
    expect(subject.current.lastMessage).toBeUndefined();
    expect(healthy.current.status).toBe('open');
    unmount();
  });

  it('an oversized message: the server closes with 1009 and the policy does not retry', async () => {
    const small = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1024 });
    small.on('connection', (socket) => socket.on('error', () => {})); // ws reports the oversized frame here
    await new Promise((resolve) => small.once('listening', resolve));
    const url = `ws://127.0.0.1:${(small.address() as { port: number }).port}`;
    try {
      const { subject, unmount } = mount(url);
      await waitFor(() => expect(subject.current.status).toBe('open'));
      expect(subject.current.send('x'.repeat(4096))).toBe('sent');
      await waitFor(() => expect(subject.current.lastClose?.code).toBe(1009));
      expect(subject.current.lastClose).toMatchObject({ initiator: 'server', willRetry: false });
      expect(subject.current.status).toBe('closed');
      unmount();
    } finally {
      for (const client of small.clients) client.terminate();
      await new Promise((resolve) => small.close(resolve));
    }
  });

  it('unmount while connecting: no stray socket', async () => {
    const before = server.connections.length;
    const { unmount } = mount(`${server.url}/early`);
    unmount();
    const mine = () => server.connections.slice(before).filter((socket) => socket.readyState === socket.OPEN);
    await waitFor(() => expect(mine()).toHaveLength(0), { timeout: 3000 });
    expect(server.connections.length - before).toBeLessThanOrEqual(2);
  });

  it('a throwing onMessage callback does not break the connection or other hooks, and is reported as a typed error naming it', async () => {
    const errors: LifelineError[] = [];
    const { subject, healthy, unmount } = mount(`${server.url}/throws`, {
      onMessage: () => {
        throw new Error('bug in user code');
      },
      onError: (error) => void errors.push(error),
    });
    try {
      await waitFor(() => expect(subject.current.status).toBe('open'));
      server.connections.filter((socket) => socket.readyState === 1).forEach((socket) => socket.send('hello'));
      await waitFor(() => expect(subject.current.lastMessage).toBe('hello'));
      expect(subject.current.status).toBe('open');
      expect(healthy.current.status).toBe('open');
      expect(errors.map((error) => [error.code, error.field, String(error.cause)])).toEqual([['callback-failed', 'onMessage', 'Error: bug in user code']]);
      expect(subject.current.error).toBe(errors[0]);
    } finally {
      unmount();
    }
  });

});

describe('security', () => {
  const files = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => (statSync(join(dir, name)).isDirectory() ? files(join(dir, name)) : [join(dir, name)]));

  it('src never uses dangerouslySetInnerHTML, innerHTML or eval', () => {
    for (const file of files('src')) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/dangerouslySetInnerHTML|\.innerHTML\s*=|\beval\(|new Function\(/);
    }
  });

  it('src/core never imports React', () => {
    for (const file of files('src/core')) expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]react/);
  });
});
