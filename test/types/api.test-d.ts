import { describe, expectTypeOf, it } from 'vitest';
import {
  createConnection,
  describeCloseCode,
  useCloseFeedback,
  useWebSocket,
  type CloseFeedback,
  type CloseInfo,
  type ReconnectPolicyOptions,
  type SendResult,
  type ToastAdapter,
  type WebSocketHandle,
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
