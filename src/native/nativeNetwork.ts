import { checkFields, guard, type LifelineError, type NetworkSource } from '../core';

/** What `nativeNetwork` reads of NetInfo (`@react-native-community/netinfo`'s default export). */
export interface NetInfoLike {
  addEventListener(listener: (state: { isConnected: boolean | null; isInternetReachable?: boolean | null | undefined }) => void): () => void;
}

/** What `nativeNetwork` reads of React Native's `AppState`. */
export interface AppStateLike {
  readonly currentState: string | null | undefined;
  addEventListener(type: 'change', listener: (state: string) => void): { remove(): void };
}

export interface NativeNetworkOptions {
  /** `NetInfo` from `@react-native-community/netinfo` (an optional peer dependency). Without it: always online. */
  NetInfo?: NetInfoLike | undefined;
  /** `AppState` from `react-native`. Without it: always in the foreground. */
  AppState?: AppStateLike | undefined;
}

/** A network source for React Native, plus the problem with its options, if any (development builds check them). */
export interface NativeNetwork extends NetworkSource {
  isForeground(): boolean;
  subscribeForeground(listener: (foreground: boolean) => void, report?: (error: LifelineError) => void): () => void;
  subscribePageRestore(listener: () => void, report?: (error: LifelineError) => void): () => void;
  readonly error: LifelineError | null;
}

type Report = ((error: LifelineError) => void) | undefined;

/**
 * One subscription to a platform event while anyone listens: started by the first listener,
 * stopped after the last, its latest value kept (`read` answers while nobody listens). `start`
 * calls the app's functions through the guard with the first listener's `report`: one that
 * throws is reported, and the value stays what `read` said.
 */
function channel<T>(read: () => T, start: (emit: (value: T) => void, report: Report) => () => void) {
  const listeners = new Set<(value: T) => void>();
  let stop: (() => void) | undefined;
  let value: T;
  return {
    get: () => (stop ? value : read()),
    subscribe(listener: (value: T) => void, report: Report): () => void {
      listeners.add(listener);
      if (!stop) {
        value = read();
        stop = start((next) => {
          value = next;
          for (const heard of [...listeners]) heard(next);
        }, report);
      }
      return () => {
        if (!listeners.delete(listener) || listeners.size) return;
        stop?.();
        stop = undefined;
      };
    },
  };
}

/**
 * The connection's network source on React Native and Expo: online/offline from NetInfo,
 * foreground/background from AppState. Offline pauses retries and going online retries at
 * once, as `navigator.onLine` does in browsers; back in the foreground after the background, a
 * socket that died meanwhile counts as closed (1006) and a waiting retry goes now. Plug-ins
 * read `isForeground()`/`subscribeForeground()`. It subscribes to NetInfo and AppState only
 * while a connection listens, and reads no DOM global. Both are passed in, so this entry
 * imports neither `react-native` nor NetInfo. `NetInfo.addEventListener` and
 * `AppState.addEventListener` (and what they return) are called through the guard: one that
 * throws is reported to the connection as a `'callback-failed'` `LifelineError` naming it, and
 * the connection carries on as online and in the foreground. Options that are not an object
 * (`null`) are an `'invalid-option'` error in development, and always online in the foreground.
 *
 * @example
 * import NetInfo from '@react-native-community/netinfo';
 * import { AppState } from 'react-native';
 * import { WebSocketProvider } from 'react-lifeline';
 * import { nativeNetwork } from 'react-lifeline/native';
 *
 * const network = nativeNetwork({ NetInfo, AppState }); // once, at module scope
 * <WebSocketProvider network={network}><Chat /></WebSocketProvider>
 */
export function nativeNetwork(options: NativeNetworkOptions = {}): NativeNetwork {
  let error: LifelineError | null = null;
  let { NetInfo, AppState } = options ?? {};
  if (process.env.NODE_ENV !== 'production') {
    error = checkFields('invalid-option', 'nativeNetwork', options, 'NetInfo:o? AppState:o?');
    if (!error && NetInfo && typeof NetInfo.addEventListener !== 'function') error = checkFields('invalid-option', 'nativeNetwork.NetInfo', NetInfo, 'addEventListener:f');
    if (!error && AppState && typeof AppState.addEventListener !== 'function') error = checkFields('invalid-option', 'nativeNetwork.AppState', AppState, 'addEventListener:f');
    // A bad part is left out (always online, always in the foreground), and said once.
    if (error) {
      if (String(error.field).includes('NetInfo') || typeof NetInfo !== 'object') NetInfo = undefined;
      if (String(error.field).includes('AppState') || typeof AppState !== 'object') AppState = undefined;
      console.error(error);
    }
  }
  // Unknown (null) counts as online: only a known loss pauses the retries.
  const online = channel(
    () => true,
    (emit, report) => {
      const listener = (state: Parameters<Parameters<NetInfoLike['addEventListener']>[0]>[0]) => emit(state.isConnected !== false && state.isInternetReachable !== false);
      const unsubscribe = NetInfo && guard('NetInfo.addEventListener', (heard: typeof listener) => NetInfo!.addEventListener(heard), [listener], report);
      return () => guard('NetInfo.unsubscribe', unsubscribe, [], report);
    },
  );
  const appState = channel(
    () => AppState?.currentState ?? 'active',
    (emit, report) => {
      const subscription = AppState && guard('AppState.addEventListener', (heard: typeof emit) => AppState!.addEventListener('change', heard), [emit], report);
      return () => guard('AppState.subscription.remove', () => subscription?.remove(), [], report);
    },
  );
  const foreground = (state: string | null | undefined) => state !== 'background';
  return Object.freeze({
    error,
    isOnline: online.get,
    subscribe(listener: (online: boolean) => void, report?: Report) {
      let last = online.get();
      return online.subscribe((next) => next !== last && listener((last = next)), report);
    },
    isForeground: () => foreground(appState.get()),
    subscribeForeground(listener: (foreground: boolean) => void, report?: Report) {
      let last = foreground(appState.get());
      return appState.subscribe((state) => foreground(state) !== last && listener((last = foreground(state))), report);
    },
    subscribePageRestore(listener: () => void, report?: Report) {
      let away = !foreground(appState.get());
      return appState.subscribe((state) => {
        if (state === 'active' && away) listener();
        away = state === 'background' || (away && state !== 'active');
      }, report);
    },
  });
}
