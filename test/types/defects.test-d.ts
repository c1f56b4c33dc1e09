// Defect 18 (types): must fail to type-check on 0.1 and pass once the v2 semantics hold.
// Run with `npx vitest run --config vitest.types.config.ts`.
import { createElement } from 'react';
import { describe, expectTypeOf, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';
import {
  createConnection,
  type LifelineError,
  useWebSocket,
  WebSocketProvider,
  type ConnectionState,
  type WebSocketHandle,
  type WebSocketProviderProps,
} from '../../src';

describe('defect 18: every reported error is typed as a LifelineError', () => {
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

describe("defect 18: the `ws` package's WebSocket fits <WebSocketProvider WebSocket={...}>", () => {
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
