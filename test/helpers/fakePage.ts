import { vi } from 'vitest';

/**
 * A page whose visibility a test switches: `document` and `window` stubbed with event targets
 * (no Worker: a keepalive clock then runs on the main thread's fake timers). Undo with
 * `vi.unstubAllGlobals()`.
 */
export function fakePage() {
  const doc = Object.assign(new EventTarget(), { visibilityState: 'visible' as DocumentVisibilityState });
  vi.stubGlobal('document', doc);
  vi.stubGlobal('window', new EventTarget());
  const set = (state: DocumentVisibilityState) => {
    doc.visibilityState = state;
    doc.dispatchEvent(new Event('visibilitychange'));
  };
  return { hide: () => set('hidden'), show: () => set('visible') };
}
