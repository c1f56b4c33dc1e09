import { createElement } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import {
  createConnection,
  describeCloseCode,
  useCloseFeedback,
  useWebSocket,
  WebSocketProvider,
  type CloseFeedback,
  type CloseInfo,
  type ConnectionState,
  type LifelineError,
  type ReconnectPolicyOptions,
  type SendResult,
  type ToastAdapter,
  type WebSocketHandle,
  type WebSocketProviderProps,
} from '../../src';
import { graphqlWsPolicy } from '../../src/presets';
import { sonnerAdapter } from '../../src/adapters/sonner';
import { reactHotToastAdapter } from '../../src/adapters/reactHotToast';
import { reactToastifyAdapter } from '../../src/adapters/reactToastify';

interface Chat {
  from: string;
  text: string;
}

describe('useWebSocket generics', () => {
  it('types lastMessage and onMessage from parse', () => {
    const chat = useWebSocket<Chat>('wss://example.test/chat', {
      parse: (data) => JSON.parse(String(data)) as Chat,
      onMessage: (message, event) => {
        expectTypeOf(message).toEqualTypeOf<Chat>();
        expectTypeOf(event).toEqualTypeOf<MessageEvent>();
      },
    });
    expectTypeOf(chat.lastMessage).toEqualTypeOf<Chat | undefined>();
    expectTypeOf(chat).toMatchTypeOf<WebSocketHandle<Chat>>();
    expectTypeOf(chat.send).returns.toEqualTypeOf<SendResult>();
    expectTypeOf(chat.lastClose).toEqualTypeOf<CloseInfo | null>();
  });

  it('defaults messages to unknown', () => {
    expectTypeOf(useWebSocket('wss://example.test').lastMessage).toEqualTypeOf<unknown>();
  });

  it('accepts null, URL objects and async URL functions, and rejects numbers', () => {
    useWebSocket(null);
    useWebSocket(new URL('wss://example.test'));
    useWebSocket(async () => 'wss://example.test');
    // @ts-expect-error a number is not a URL
    useWebSocket(42);
  });

  it('a parse that returns the wrong type does not fit', () => {
    // @ts-expect-error parse must return Chat
    useWebSocket<Chat>('wss://example.test', { parse: (data) => String(data) });
  });
});

describe('policy types', () => {
  it('keys codes by number and takes advice strings or delays', () => {
    const policy: ReconnectPolicyOptions = { codes: { 4001: 'reauth', 4002: { delayMs: 500 }, 4003: { delayMs: [100, 200] } } };
    expectTypeOf(policy.codes).toMatchTypeOf<Readonly<Record<number, unknown>> | undefined>();
    // @ts-expect-error an unknown advice
    const bad: ReconnectPolicyOptions = { codes: { 4001: 'sometimes' } };
    void bad;
    // @ts-expect-error jitter is a union
    const badJitter: ReconnectPolicyOptions = { jitter: 'lots' };
    void badJitter;
    expectTypeOf(graphqlWsPolicy).toEqualTypeOf<ReconnectPolicyOptions>();
  });

  it('shouldReconnect gets the close and the attempt', () => {
    const policy: ReconnectPolicyOptions = {
      shouldReconnect: (close, attempt) => {
        expectTypeOf(close).toEqualTypeOf<CloseInfo>();
        expectTypeOf(attempt).toEqualTypeOf<number>();
        return close.code === 4000 ? false : undefined;
      },
    };
    void policy;
  });
});

describe('feedback and adapters', () => {
  it('useCloseFeedback returns CloseFeedback | null, and takes any handle', () => {
    const socket = useWebSocket<Chat>('wss://example.test');
    expectTypeOf(useCloseFeedback(socket)).toEqualTypeOf<CloseFeedback | null>();
  });

  it('every adapter is a ToastAdapter', () => {
    expectTypeOf(sonnerAdapter).toEqualTypeOf<ToastAdapter>();
    expectTypeOf(reactHotToastAdapter).toEqualTypeOf<ToastAdapter>();
    expectTypeOf(reactToastifyAdapter).toEqualTypeOf<ToastAdapter>();
    const custom: ToastAdapter = { show: (feedback) => void feedback.title, dismiss: (id) => void id };
    void custom;
  });

  it('core is typed without React', () => {
    const connection = createConnection<Chat>('wss://example.test', { parse: (data) => JSON.parse(String(data)) as Chat });
    expectTypeOf(connection.getState().lastMessage).toEqualTypeOf<Chat | undefined>();
    expectTypeOf(describeCloseCode(1000).retry).toEqualTypeOf<'never' | 'backoff' | 'delayed' | 'reauth'>();
  });
});

// The error and ws types below failed to type-check on 0.1.
describe('every reported error is typed as a LifelineError', () => {
  it('types WebSocketHandle.error as LifelineError | null, so handle.error?.code compiles', () => {
    const handle = useWebSocket('wss://example.test/chat');
    expectTypeOf(handle.error).toEqualTypeOf<LifelineError | null>();
    expectTypeOf<WebSocketHandle['error']>().toEqualTypeOf<LifelineError | null>();
    const code = handle.error?.code;
    expectTypeOf(code).toEqualTypeOf<LifelineError['code'] | undefined>();
  });

  it('types ConnectionState.error (createConnection().getState().error) as LifelineError | null', () => {
    const connection = createConnection('wss://example.test/chat');
    expectTypeOf(connection.getState().error).toEqualTypeOf<LifelineError | null>();
    expectTypeOf<ConnectionState['error']>().toEqualTypeOf<LifelineError | null>();
    const code = connection.getState().error?.code;
    expectTypeOf(code).toEqualTypeOf<LifelineError['code'] | undefined>();
  });

  it("has the v2 error codes 'queue-discarded' and 'invalid-option'", () => {
    expectTypeOf<'queue-discarded'>().toMatchTypeOf<LifelineError['code']>();
    expectTypeOf<'invalid-option'>().toMatchTypeOf<LifelineError['code']>();
  });
});

describe("the `ws` package's WebSocket fits <WebSocketProvider WebSocket={...}>", () => {
  it('accepts WebSocket from ws as the provider prop', () => {
    const props: WebSocketProviderProps = { WebSocket: WsWebSocket, children: null };
    void props;
  });

  it('type-checks createElement(WebSocketProvider, { WebSocket }) with ws', () => {
    // The .test-d.ts form of <WebSocketProvider WebSocket={WebSocket}>{null}</WebSocketProvider>.
    const element = createElement(WebSocketProvider, { WebSocket: WsWebSocket, children: null });
    void element;
  });
});
