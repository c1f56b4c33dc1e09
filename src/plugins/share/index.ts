export { sharedSockets } from './sharedSockets';
export { createSocketPool } from './createSocketPool';
export type { Sharing, SharePool, SharedPick, ShareMode, ShareWrap } from './types';
