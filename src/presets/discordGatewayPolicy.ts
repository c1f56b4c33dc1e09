import type { ReconnectPolicyOptions } from '../core';

/**
 * A Discord-gateway-style table: reconnect on 4000-4003, 4005, 4007-4009; never on 4004
 * (authentication failed) or 4010-4014 (shard, version, intents: the app must change).
 */
export const discordGatewayPolicy: ReconnectPolicyOptions = {
  codes: {
    4000: 'backoff',
    4001: 'backoff',
    4002: 'backoff',
    4003: 'backoff',
    4005: 'backoff',
    4007: 'backoff',
    4008: { delayMs: [5000, 15_000] }, // rate limited: wait longer
    4009: 'backoff',
    4004: 'never',
    4010: 'never',
    4011: 'never',
    4012: 'never',
    4013: 'never',
    4014: 'never',
  },
};
