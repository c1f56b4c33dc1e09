import type { FeedbackMessages } from '../feedback/types';

/**
 * User-facing words for Discord-gateway-style codes; pair with `discordGatewayPolicy`. The
 * codes it retries (resume or identify again) say what happened, read once it gives up; the
 * ones it never retries say what the user can do, with a way forward: a reload (and support if
 * that does not help) where the app itself is set up wrongly.
 */
export const discordGatewayMessages: Partial<FeedbackMessages> = {
  codes: {
    4000: { title: 'The server hit an unknown error', detail: 'The server closed the connection after an error it did not explain.' },
    4001: { title: 'The app sent an unknown command', detail: 'The server did not recognise a command this page sent.' },
    4002: { title: 'The app sent something unreadable', detail: 'The server could not read a message this page sent.' },
    4003: { title: 'Not signed in yet', detail: 'This page sent a request before it had signed in.' },
    4004: { title: 'Sign-in failed', detail: 'Your sign-in was not accepted. Sign in again.', action: 'signInAgain' },
    4005: { title: 'Signed in twice', detail: 'This page signed in twice on the same connection.' },
    4007: { title: 'The session fell out of step', detail: 'The session could not be resumed where it left off.' },
    4008: { title: 'Slow down', detail: 'Too many messages were sent at once.' },
    4009: { title: 'The session timed out', detail: 'The session was idle for too long and ended.' },
    4010: { title: 'Invalid shard', detail: 'This app is set up wrongly for the server. Reload the page; if this keeps happening, contact support.', action: 'reload' },
    4011: { title: 'Sharding required', detail: 'This app is set up wrongly for the server. Reload the page; if this keeps happening, contact support.', action: 'reload' },
    4012: { title: 'This page needs an update', detail: 'The server no longer supports the version this page uses. Reload the page.', action: 'reload' },
    4013: { title: 'Invalid intents', detail: 'This app is set up wrongly for the server. Reload the page; if this keeps happening, contact support.', action: 'reload' },
    4014: { title: 'Access not allowed', detail: 'This app asked for access it is not allowed. Reload the page; if this keeps happening, contact support.', action: 'reload' },
  },
};
