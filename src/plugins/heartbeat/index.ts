export { heartbeat } from './heartbeat';
export type { HeartbeatOptions } from './heartbeat';
