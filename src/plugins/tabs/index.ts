export { crossTab } from './crossTab';
export type { CrossTab } from './crossTab';
export { readTabMessage } from './readTabMessage';
export type { ChannelConstructor, ChannelLike, CrossTabOptions, LockManagerLike, TabMessage, WireState } from './types';
