import { render } from '@testing-library/react';
import type { ReactNode } from 'react';
import { WebSocketProvider, type WebSocketProviderProps } from '../../src/react/WebSocketProvider';
import { createFakeServer } from '../../src/testing/createFakeServer';
import { sharedSockets } from '../../src/plugins/share';

/** Renders under a provider wired to a fresh fake server. */
export function renderWithServer(ui: ReactNode, props: Omit<WebSocketProviderProps, 'children'> = {}) {
  const server = createFakeServer();
  const result = render(
    <WebSocketProvider share={sharedSockets()} WebSocket={server.WebSocket} {...props}>
      {ui}
    </WebSocketProvider>,
  );
  return { server, ...result };
}
