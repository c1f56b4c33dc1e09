// A probe on useWebSocket that logs what its callbacks hear, and a way to catch what callbacks
// throw into queueMicrotask: shared by the addon's tests and the provider's onClose tests.
import { vi } from 'vitest';
import { useWebSocket, type WebSocketHandle } from '../../src/react/useWebSocket';

/** The URL a probe opens unless told otherwise (nothing listens there: a fake or story server answers). */
export const PROBE_URL = 'ws://127.0.0.1:1/chat';

export type HookOptions = Parameters<typeof useWebSocket>[1];

/**
 * Spies on queueMicrotask (restored after the test) so each callback runs with its throw caught,
 * as a reporter would; returns the errors caught, in order.
 */
export function catchMicrotaskErrors() {
  const errors: unknown[] = [];
  const real = globalThis.queueMicrotask;
  vi.spyOn(globalThis, 'queueMicrotask').mockImplementation((callback) =>
    real(() => {
      try {
        callback();
      } catch (error) {
        errors.push(error);
      }
    }),
  );
  return errors;
}

/**
 * A component on useWebSocket that keeps its latest handle (`handle()`) and logs what it hears
 * in `events`: 'open', 'message <data>', 'close <code>'. `options` are added to those callbacks.
 */
export function makeProbe() {
  const probe = { current: undefined as WebSocketHandle | undefined, events: [] as string[], handle: () => probe.current! };
  function Component({ url = PROBE_URL, options = {} }: { url?: Parameters<typeof useWebSocket>[0]; options?: HookOptions }) {
    probe.current = useWebSocket(url, {
      onOpen: () => void probe.events.push('open'),
      onMessage: (message) => void probe.events.push(`message ${String(message)}`),
      onClose: (close) => void probe.events.push(`close ${close.code}`),
      ...options,
    });
    // Read in render, so the component follows these fields.
    void [probe.current.status, probe.current.error, probe.current.lastClose, probe.current.nextRetryAt];
    return null;
  }
  return Object.assign(probe, { Component });
}
