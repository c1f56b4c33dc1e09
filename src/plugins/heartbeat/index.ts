export { heartbeat } from './heartbeat';
export type { HeartbeatOptions } from './heartbeat';
/** @internal For `react-lifeline/keepalive`: one heartbeat, from this entry. */
export { heartbeatHooks } from './heartbeat';
export type { HeartbeatHooks } from './heartbeat';
