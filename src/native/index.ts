export { nativeNetwork } from './nativeNetwork';
export type { NativeNetwork, NativeNetworkOptions, NetInfoLike, AppStateLike } from './nativeNetwork';
