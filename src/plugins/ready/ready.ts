import { checkFields, LifelineError } from '../../core';
import type { Plugin, PluginApi, PluginHooks } from '../../core';

/**
 * A readiness step for protocols that acknowledge a connection (graphql-ws `connection_ack`,
 * a Phoenix join, an app's own hello).
 */
export interface ReadyOptions {
  /** Sent as soon as the socket opens, straight out (before anything queued). */
  message?: string | (() => string) | undefined;
  /** Does this server message say the server accepted the connection? It is not delivered. */
  isReady: (data: unknown) => boolean;
  /** No accepted message within this many ms: the client closes with 3008. Default 10000. */
  timeoutMs?: number | undefined;
}

/**
 * A readiness step, as a plug-in: the socket counts as open (status `open`, the queue
 * flushed, the attempt counter reset, "Reconnected" allowed) only once `isReady` accepts a
 * server message; `message` goes out first, before anything queued. No acceptance within
 * `timeoutMs`: the client closes with 3008 and the policy retries. A `message()` or
 * `isReady` that throws is reported, and the step waits on (for the next message, or the
 * timeout).
 *
 * @example
 * import { ready } from 'react-lifeline/ready';
 * useWebSocket(url, { plugins: [ready({ message: 'hello', isReady: (data) => data === 'welcome' })] });
 */
export function ready(options: ReadyOptions): Plugin<ReadyOptions> {
  return {
    name: 'ready',
    options,
    error: process.env.NODE_ENV !== 'production' ? checkFields('invalid-option', 'ready', options, 'isReady:f message:t? timeoutMs:p?') : null,
    setup,
  };
}

function setup(api: PluginApi<ReadyOptions>): PluginHooks {
  let timer: unknown;
  const stop = () => {
    if (timer !== undefined) api.timers.clearTimeout(timer);
    timer = undefined;
  };
  return {
    socketOpen() {
      const { message, timeoutMs } = api.options();
      // Production builds skip the check: a timeout that cannot be right is the default.
      const ms = timeoutMs! > 0 ? timeoutMs! : 10_000;
      timer = api.timers.setTimeout(() => {
        timer = undefined;
        api.close(3008, 'Ready timeout', new LifelineError('ready-timeout', { got: ms }));
      }, ms);
      const hello = typeof message === 'function' ? api.call('ready.message', message) : message;
      if (hello !== undefined) api.send(hello);
      return 'hold';
    },
    message(data) {
      if (timer === undefined || !api.call('ready.isReady', api.options().isReady, data)) return false;
      stop();
      api.ready();
      return true;
    },
    close: stop,
    dispose: stop,
  };
}
