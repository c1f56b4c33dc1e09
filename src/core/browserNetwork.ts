import type { NetworkSource } from './types';

// A window event, or nothing where there is no window (server rendering, Node).
const on = <E extends Event>(type: string, listener: (event: E) => void): (() => void) => {
  const target = typeof window === 'undefined' ? undefined : window;
  target?.addEventListener?.(type, listener as EventListener);
  return () => target?.removeEventListener?.(type, listener as EventListener);
};

/** `navigator.onLine` and the window's `online`/`offline`/`pageshow` events; always online where there is no window. */
export const browserNetwork: NetworkSource = /* @__PURE__ */ Object.freeze({
  isOnline: () => globalThis.navigator?.onLine ?? true,
  subscribe(listener: (online: boolean) => void): () => void {
    const offOnline = on('online', () => listener(true));
    const offOffline = on('offline', () => listener(false));
    return () => {
      offOnline();
      offOffline();
    };
  },
  subscribePageRestore: (listener: () => void) => on<PageTransitionEvent>('pageshow', (event) => event.persisted && listener()),
});
