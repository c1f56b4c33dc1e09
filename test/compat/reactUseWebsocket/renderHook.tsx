// react-use-websocket shares sockets through a module-level map; react-lifeline through a
// provider's pool (`share={sharedSockets()}`). The suite renders each hook in a root of its
// own, so every root here sits under a provider holding the one pool of the current test.
import { renderHook as render, type RenderHookOptions } from '@testing-library/react';
import type { ReactNode } from 'react';
import { WebSocketProvider } from '../../../src';
import { sharedSockets } from '../../../src/plugins/share';
import type { SharePool } from '../../../src/plugins/share/types';

let pool: SharePool = sharedSockets().createPool();
const sharing = { createPool: () => pool };

/** A new pool for the next test. */
export function resetSharedPool(): void {
  pool = sharedSockets().createPool();
}

function Wrapper({ children }: { children: ReactNode }) {
  return <WebSocketProvider share={sharing}>{children}</WebSocketProvider>;
}

export function renderHook<Result, Props>(hook: (props: Props) => Result, options?: RenderHookOptions<Props>) {
  return render(hook, { ...options, wrapper: Wrapper });
}
