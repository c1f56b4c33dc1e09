import { browserNetwork } from '../../core';
import { createSocketPool } from '../share/createSocketPool';
import type { Sharing } from '../share/types';
import { createTabConnection } from './createTabConnection';
import type { CrossTabOptions } from './types';

/** Given to `<WebSocketProvider share={…}>`: `share: 'tabs'` hooks below share one socket across tabs, `share: true` ones within the provider. */
export interface CrossTab extends Sharing {
  /** False where Web Locks or BroadcastChannel are missing: `share: 'tabs'` then shares within the provider. */
  readonly supported: boolean;
}

/**
 * One socket for all the tabs and windows of a browser profile: the tab holding a Web Lock
 * (`navigator.locks`) named after the socket owns it, the others follow over a
 * BroadcastChannel, and when the leader tab goes, another takes over. Give it to a provider,
 * then ask for it per hook (`share: true` hooks below share within the provider, as with
 * `sharedSockets()`):
 *
 * @example
 * const tabs = crossTab(); // module scope: one per app
 * <WebSocketProvider share={tabs}>…</WebSocketProvider>
 * useWebSocket(url, { share: 'tabs' });
 */
export function crossTab(options: CrossTabOptions = {}): CrossTab {
  const locks = options.locks ?? (globalThis.navigator as { locks?: CrossTabOptions['locks'] } | undefined)?.locks;
  const BroadcastChannel = options.BroadcastChannel ?? globalThis.BroadcastChannel;
  const network = options.network ?? browserNetwork;
  const supported = !!locks && typeof BroadcastChannel === 'function';
  const id = globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
  let warned = false;
  let connections = 0;
  return {
    supported,
    acrossTabs: true,
    createPool: () =>
      createSocketPool((key, local, mode, queue) => {
        if (mode !== 'tabs') return local;
        // Each connection its own sender: a remount, or a second provider in this tab, is a new one.
        if (supported) return createTabConnection(key, local, { locks: locks!, BroadcastChannel, network, id: `${id}:${(connections += 1)}`, queue });
        if (process.env.NODE_ENV !== 'production' && !warned && typeof window !== 'undefined') {
          warned = true;
          console.warn(
            "react-lifeline: share: 'tabs' needs Web Locks (navigator.locks) and BroadcastChannel, which this browser lacks; each tab shares its sockets within its own provider instead.",
          );
        }
        return local;
      }),
  };
}
