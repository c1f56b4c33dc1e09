import type { Connection } from '../core';

const CONNECTION = Symbol('react-lifeline connection');

/** Ties a handle to its connection, so feedback for one shared socket is one incident. */
export function attachConnection<T extends object>(handle: T, connection: Connection<unknown>): T {
  return Object.defineProperty(handle, CONNECTION, { value: connection });
}

/** The connection behind a handle from `useWebSocket`, if it is one. */
export function connectionOf(handle: object): Connection<unknown> | undefined {
  return (handle as { [CONNECTION]?: Connection<unknown> })[CONNECTION];
}
