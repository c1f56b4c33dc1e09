import type { Connection, ConnectionState } from '../../src/core/types';

/** Resolves once the connection's state passes `check` (an event, not a delay); a hang (nothing for a minute) fails with `what`. */
export function until(connection: Connection, check: (state: ConnectionState) => boolean, what: string): Promise<void> {
  if (check(connection.getState())) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => (stop(), reject(new Error(`no ${what} within a minute (status ${connection.getState().status})`))), 60_000);
    const stop = connection.subscribe((state) => {
      if (!check(state)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}
