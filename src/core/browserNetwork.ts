import type { NetworkSource } from './types';

/** `navigator.onLine` and the window's `online`/`offline` events; always online where there is no window. */
export const browserNetwork: NetworkSource = /* @__PURE__ */ Object.freeze({
  isOnline: () => globalThis.navigator?.onLine ?? true,
  subscribe(listener: (online: boolean) => void): () => void {
    const target = typeof window === 'undefined' ? undefined : window;
    if (!target?.addEventListener) return () => {};
    const online = () => listener(true);
    const offline = () => listener(false);
    target.addEventListener('online', online);
    target.addEventListener('offline', offline);
    return () => {
      target.removeEventListener('online', online);
      target.removeEventListener('offline', offline);
    };
  },
  subscribePageRestore(listener: () => void): () => void {
    const target = typeof window === 'undefined' ? undefined : window;
    if (!target?.addEventListener) return () => {};
    const pageshow = (event: PageTransitionEvent) => event.persisted && listener();
    target.addEventListener('pageshow', pageshow);
    return () => target.removeEventListener('pageshow', pageshow);
  },
});
