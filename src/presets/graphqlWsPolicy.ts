import type { ReconnectPolicyOptions } from '../core';

/**
 * graphql-ws (`graphql-transport-ws`): its own 44xx codes. Never retried: 4400 bad request,
 * 4401 subscribe before the ack, 4406 subprotocol not acceptable, 4409 subscriber exists,
 * 4429 too many init requests, 4500 internal error, 4004, 4005, and 1xxx except
 * 1000/1001/1005/1006/1012-1014. Retried: 4403 forbidden, 4408 init timeout, 4504 ack
 * timeout, 4499 terminated. 5 retries, as patient as graphql-ws's client: it waits
 * 2ⁿ s + 0.3-3 s (never giving up before 32.5 s), this waits a random half-to-whole of
 * 2.5 s·2ⁿ (capped at 30 s), never giving up before 33.75 s; neither gives up during a
 * 30 s outage (`npm run simulate` prints the figures).
 *
 * @example
 * <WebSocketProvider policy={graphqlWsPolicy} messages={graphqlWsMessages}>
 */
export const graphqlWsPolicy: ReconnectPolicyOptions = {
  maxAttempts: 5,
  initialDelayMs: 2500,
  jitter: 'equal',
  // graphql-ws treats every 1xxx code as fatal but these (its isFatalInternalCloseCode).
  shouldReconnect: ({ code }) => (code > 1000 && code < 2000 && ![1001, 1005, 1006, 1012, 1013, 1014].includes(code) ? false : undefined),
  codes: {
    1011: 'never',
    4004: 'never',
    4005: 'never',
    4400: 'never',
    4401: 'never',
    4406: 'never',
    4409: 'never',
    4429: 'never',
    4500: 'never',
    4403: 'backoff',
    4408: 'backoff',
    4499: 'backoff',
    4504: 'backoff',
  },
};
