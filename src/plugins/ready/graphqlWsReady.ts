import type { Plugin } from '../../core';
import { ready, type ReadyOptions } from './ready';

/**
 * The graphql-ws handshake as a readiness step: `connection_init` (with your payload, read
 * at every attempt so a fresh token goes out) on open, and the connection counts as open
 * only on the server's `connection_ack`. Queued messages wait for the ack; a missing ack
 * closes with 3008 after `timeoutMs`, and the policy retries.
 *
 * @example
 * import { graphqlWsReady } from 'react-lifeline/ready';
 * useWebSocket(url, { protocols: 'graphql-transport-ws', policy: graphqlWsPolicy, plugins: [graphqlWsReady(() => ({ token }))] });
 */
export function graphqlWsReady(payload?: Record<string, unknown> | (() => Record<string, unknown>), timeoutMs = 10_000): Plugin<ReadyOptions> {
  return ready({
    message: () => JSON.stringify({ type: 'connection_init', payload: typeof payload === 'function' ? payload() : payload }),
    isReady(data) {
      try {
        return (JSON.parse(String(data)) as { type?: unknown }).type === 'connection_ack';
      } catch {
        return false;
      }
    },
    timeoutMs,
  });
}
