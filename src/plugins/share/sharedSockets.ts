import { createSocketPool } from './createSocketPool';
import type { Sharing } from './types';

/**
 * One socket per (URL, protocols) for every hook below a provider that asks for it with
 * `share: true`, ref-counted: it opens with the first such hook and closes after the last
 * one goes. URLs are compared normalised, a URL function by what it returns. Each provider
 * keeps its own sockets (no module-level state). For one socket across the browser's tabs
 * too, give the provider `crossTab()` from `react-lifeline/tabs` instead.
 *
 * @example
 * import { sharedSockets } from 'react-lifeline/share';
 * <WebSocketProvider share={sharedSockets()}>
 *   <Feed />  // useWebSocket(url, { share: true }) in every component: one socket
 * </WebSocketProvider>
 */
export function sharedSockets(): Sharing {
  return { createPool: () => createSocketPool() };
}
