import type { FeedbackMessages } from '../feedback/types';

/**
 * User-facing words for graphql-ws's close codes (its `CloseCode`, as its server uses them);
 * pair with `graphqlWsPolicy` and `graphqlWsReady`. Codes that mean the app itself broke the
 * protocol (4400, 4401, 4406, 4409, 4429) ask for a reload and offer Reload.
 */
export const graphqlWsMessages: Partial<FeedbackMessages> = {
  codes: {
    // An invalid message: the app sent something the protocol does not allow.
    4400: { title: 'The app sent an invalid request', detail: 'The server could not accept a message from this page. Reload the page.', action: 'reload' },
    // A subscribe before connection_ack: the app did not wait for the server (a readiness step prevents it).
    4401: { title: 'The connection was not ready', detail: 'This page sent a request before the server accepted the connection. Reload the page.', action: 'reload' },
    // onConnect refused the connection_init payload (usually its credentials).
    4403: { title: 'Access denied', detail: 'The server did not accept your credentials for this connection.', action: 'reconnect' },
    4406: { title: 'This page needs an update', detail: 'The server no longer speaks the version this page uses. Reload the page.', action: 'reload' },
    // No connection_init in time (server side); retried under graphqlWsPolicy.
    4408: { title: 'The connection took too long to start', detail: 'The server did not get the connection set up in time.' },
    4409: { title: 'A request was sent twice', detail: 'This page subscribed twice with the same id. Reload the page.', action: 'reload' },
    // A second connection_init on one socket: the app started the connection twice.
    4429: { title: 'The connection was started twice', detail: 'This page started the same connection twice. Reload the page.', action: 'reload' },
    4499: { title: 'The connection was ended', detail: 'The connection was ended on this side.' },
    4500: { title: 'The server ran into a problem', detail: 'The server hit an internal error. Try again in a little while.', action: 'reconnect' },
    // No connection_ack in time (client side); retried.
    4504: { title: 'The server did not answer in time', detail: 'The server did not accept the connection in time.' },
  },
};
