import type { AppStateLike, NetInfoLike } from 'react-lifeline/native';

/**
 * NetInfo and AppState as the app passes them, shaped like `@react-native-community/netinfo`'s
 * default export and `react-native`'s AppState: the test switches them and counts listeners.
 */
export function fakeReactNative() {
  const netListeners = new Set<Parameters<NetInfoLike['addEventListener']>[0]>();
  const appListeners = new Set<(state: string) => void>();
  const NetInfo: NetInfoLike = {
    addEventListener(listener) {
      netListeners.add(listener);
      return () => netListeners.delete(listener);
    },
  };
  const AppState = {
    currentState: 'active' as string,
    addEventListener(_type: 'change', listener: (state: string) => void) {
      appListeners.add(listener);
      return { remove: () => appListeners.delete(listener) };
    },
  } satisfies AppStateLike;
  return {
    NetInfo,
    AppState,
    net(isConnected: boolean | null, isInternetReachable: boolean | null = isConnected) {
      for (const listener of [...netListeners]) listener({ isConnected, isInternetReachable });
    },
    app(state: string) {
      AppState.currentState = state;
      for (const listener of [...appListeners]) listener(state);
    },
    listeners: () => netListeners.size + appListeners.size,
  };
}
