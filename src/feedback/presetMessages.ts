import type { FeedbackMessages } from './types';

/** User-facing words for graphql-ws's close codes; pair with `graphqlWsPolicy`. */
export const graphqlWsMessages: Partial<FeedbackMessages> = {
  codes: {
    4400: { title: 'The server rejected a request', detail: 'The app sent something the server could not accept. Reload the page.' },
    4401: { title: 'You are signed out', detail: 'Sign in again to reconnect.' },
    4403: { title: 'Access denied', detail: 'Your account is not allowed to use this connection.' },
    4406: { title: 'This app needs an update', detail: 'The server no longer speaks this version. Reload the page.' },
    4408: { title: 'The connection took too long to start' },
    4409: { title: 'Subscribed twice', detail: 'The app subscribed to the same thing twice. Reload the page.' },
    4429: { title: 'Too many connection attempts', detail: 'Wait a moment, then reload the page.' },
    4499: { title: 'The connection was ended' },
    4500: { title: 'The server ran into a problem', detail: 'Try again in a little while.' },
    4504: { title: 'The server did not answer in time' },
  },
};

/** User-facing words for Discord-gateway-style codes; pair with `discordGatewayPolicy`. */
export const discordGatewayMessages: Partial<FeedbackMessages> = {
  codes: {
    4000: { title: 'The server hit an unknown error' },
    4001: { title: 'The app sent an unknown command' },
    4002: { title: 'The app sent something unreadable' },
    4003: { title: 'Not signed in yet' },
    4004: { title: 'Sign-in failed', detail: 'Check your token, then reconnect.' },
    4005: { title: 'Signed in twice' },
    4007: { title: 'The session fell out of step' },
    4008: { title: 'Slow down', detail: 'Too many messages were sent; waiting before reconnecting.' },
    4009: { title: 'The session timed out' },
    4010: { title: 'Invalid shard', detail: 'The app is misconfigured. Contact support.' },
    4011: { title: 'Sharding required', detail: 'The app is misconfigured. Contact support.' },
    4012: { title: 'This app needs an update', detail: 'The server no longer supports this API version.' },
    4013: { title: 'Invalid intents', detail: 'The app is misconfigured. Contact support.' },
    4014: { title: 'Intents not allowed', detail: 'The app asked for access it does not have.' },
  },
};
