import { act } from '@testing-library/react';
import type { ReactNode } from 'react';
import { useWebSocket, WebSocketProvider, type ReconnectPolicyOptions, type UrlSource, type UseWebSocketOptions, type WebSocketHandle } from 'react-lifeline';
import type { FakeServer } from 'react-lifeline/testing';
import { sharedSockets } from '../../src/plugins/share';

export const URL_A = 'ws://127.0.0.1:1/a';
export const URL_B = 'ws://127.0.0.1:1/b';

/** Lets React commit and promise jobs run. */
export const settle = () => act(async () => {});

export const codeOf = (error: unknown) => (error as { code?: unknown } | null)?.code;

export interface View<In> {
  current: WebSocketHandle<In> | null;
}

/** Mounts one hook and keeps its latest handle in `view`; reads every field so each change re-renders. */
export function Probe<In>({ url, options, view }: { url: UrlSource | null; options?: UseWebSocketOptions<In>; view: View<In> }) {
  const handle = useWebSocket<In>(url, options);
  view.current = handle;
  void [handle.status, handle.readyState, handle.lastClose, handle.lastMessage, handle.attempt, handle.nextRetryAt, handle.online, handle.error];
  return null;
}

/** A provider whose WebSocket is the fake server's. */
export function Provider({ server, policy, children }: { server: FakeServer; policy?: ReconnectPolicyOptions; children: ReactNode }) {
  return (
    <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} policy={policy}>
      {children}
    </WebSocketProvider>
  );
}
