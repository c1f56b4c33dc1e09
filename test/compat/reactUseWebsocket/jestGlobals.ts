// react-use-websocket's suite ran on jest. Two of its tools look for jest's globals:
// jest-websocket-mock registers its matchers with the global `expect`, and Testing Library's
// `waitFor` drives fake timers through `jest.advanceTimersByTime`. Import this first.
import { expect, vi } from 'vitest';

Object.assign(globalThis, { expect, jest: { advanceTimersByTime: (ms: number) => vi.advanceTimersByTime(ms) } });

declare module 'vitest' {
  interface Assertion<T> {
    toReceiveMessage(expected: unknown, options?: { timeout?: number }): Promise<T>;
    toHaveReceivedMessages(messages: unknown[]): T;
  }
}
