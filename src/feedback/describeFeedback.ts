import { describeCloseCode, guard } from '../core';
import { englishMessages } from './englishMessages';
import type { ConnectionState, Severity } from '../core';
import { countdownLocale, formatDuration } from './formatDuration';
import { meaningOfClose } from './meaningOfClose';
import { sanitizeReason } from './sanitizeReason';
import { SETUP_FAILURES, situationOf } from './situationOf';
import type { FeedbackActionKind, FeedbackMeaning, FeedbackMessages, Message, MessageContext } from './types';

export interface FeedbackInput {
  state: Pick<ConnectionState, 'status' | 'lastClose' | 'attempt' | 'nextRetryAt' | 'online' | 'error'>;
  now: number;
  messages: FeedbackMessages;
  locale?: string | undefined;
  showReason?: boolean | undefined;
  /**
   * Where the incident tracker is: `restored` says "Reconnected"; `confirming` (open again, not
   * proved yet) keeps the incident's words. Without it, an open connection shows nothing.
   */
  phase?: 'shown' | 'confirming' | 'restored' | undefined;
  /** Can "Sign in again" do something here (the policy's `reauthenticate`, or the app's `onSignInRequired`)? */
  canSignIn?: boolean | undefined;
}

export interface FeedbackDescription {
  code: number | null;
  severity: Severity;
  title: string;
  description: string;
  retryInMs: number | null;
  action: { kind: FeedbackActionKind; label: string } | null;
}

// What a person can do about a close that will not come back by itself, by its meaning.
const MANUAL: Readonly<Partial<Record<FeedbackMeaning, FeedbackActionKind>>> = {
  connectionLost: 'reconnect',
  serverGoingAway: 'reconnect',
  serverRestarting: 'reconnect',
  tryAgainLater: 'reconnect',
  internalError: 'reconnect',
  badGateway: 'reconnect',
  timeout: 'reconnect',
  closedNormally: 'reconnect',
  secureConnectionFailed: 'reconnect',
  policyViolation: 'reload',
  protocolError: 'reload',
  sessionExpired: 'signInAgain',
};

const text = (message: Message, context: MessageContext) => (typeof message === 'function' ? message(context) : message);

/**
 * A message function that throws (a missing translation) goes through the guard and its English
 * words stand in, for that message only: the code's own words around it, its action and its
 * severity stay as the catalog says. Development builds say so on the console.
 */
function spoken(message: Message, english: Message): Message {
  if (typeof message !== 'function') return message;
  return (context) => {
    let threw = false;
    const said = guard('messages', message, [context], (error) => {
      threw = true;
      if (process.env.NODE_ENV !== 'production') console.error('react-lifeline: a message function threw; showing the English words instead.', error.cause);
    });
    return threw ? text(english, context) : said!;
  };
}

/**
 * What a person should be told about a connection right now, or null when all is well.
 * Pure: one situation (`situationOf`) picks the words and the one action, and the words
 * never ask for what the action does not do. The hook supplies the clock and the tracker's phase.
 * A message function that throws: its English words stand in (see `spoken`).
 */
export function describeFeedback(input: FeedbackInput): FeedbackDescription | null {
  const words = { ...input.messages };
  for (const key of Object.keys(words) as Array<keyof FeedbackMessages>) {
    const english = englishMessages[key];
    if (key !== 'codes' && key !== 'locale' && english !== undefined) (words as Record<string, unknown>)[key] = spoken(words[key] as Message, english as Message);
  }
  return describeWith({ ...input, messages: words });
}

function describeWith(input: FeedbackInput): FeedbackDescription | null {
  const { state, now, messages, locale, phase } = input;
  const { lastClose, attempt, nextRetryAt, error } = state;
  const situation = situationOf(state);
  const retryInMs = nextRetryAt === null ? null : Math.max(0, nextRetryAt - now);
  // The server's words only: a reason the client closed with itself (a heartbeat's) is not "the server said".
  const reason = input.showReason && lastClose && lastClose.initiator !== 'client' ? sanitizeReason(lastClose.reason) : '';
  const code = lastClose?.code ?? null;
  const context: MessageContext = { code, attempt, retryInMs, retryIn: retryInMs === null ? '' : formatDuration(retryInMs, countdownLocale(messages.locale, locale)), reason };
  const build = (title: Message, detail: Message, severity: Severity, action: FeedbackActionKind | null | undefined, countdown = false): FeedbackDescription => {
    let description = text(detail, context);
    if (reason && severity !== 'success') description += ` ${text(messages.serverReason, context)}`;
    const usable = action && (action !== 'signInAgain' || input.canSignIn);
    return {
      code,
      severity,
      title: text(title, context),
      description,
      retryInMs: countdown ? retryInMs : null,
      action: usable ? { kind: action, label: text(messages[action], context) } : null,
    };
  };

  if (phase === 'restored') return build(messages.restored, messages.restoredDetail, 'success', null);
  // Open again (or a reconnect running) after a shown incident: not back until it holds.
  if (phase === 'confirming' || (phase === 'shown' && (situation === 'connecting' || state.status === 'open'))) {
    return build(messages.reconnecting, messages.reconnectingDetail, 'warning', null);
  }
  if (situation === 'healthy' || situation === 'connecting') return null;
  if (situation === 'offline') return build(messages.offline, messages.offlineDetail, 'warning', null);

  // A set-up failure: nothing closed, the connection could not even start.
  if (situation === 'needsUser' && (!lastClose || (error && SETUP_FAILURES.has(error.code)))) {
    if (error?.code === 'reauth-failed') return build(messages.sessionExpired, messages.sessionExpiredDetail, 'warning', 'signInAgain');
    const retryable = error?.code === 'url-failed' || error?.code === 'socket-failed';
    return build(messages.connectFailed, messages.connectFailedDetail, 'error', retryable ? 'reconnect' : null);
  }

  // The cause: the code's own words (a preset's, the app's), else its meaning's.
  // A code the policy re-authenticates for, where nothing here can (no `reauthenticate`): the user signs in.
  const signInNeeded = lastClose?.action === 'reauth' && !lastClose.willRetry && state.status === 'closed';
  const meaning = signInNeeded ? 'sessionExpired' : meaningOfClose(code ?? 1006);
  const own = code === null ? undefined : messages.codes?.[code];
  const meaningTitle = messages[meaning as Exclude<FeedbackMeaning, 'restored'>];
  const meaningDetail = messages[`${meaning}Detail` as keyof FeedbackMessages] as Message;
  // The code's own words; if one of them throws, the meaning's stand in.
  const title = own?.title === undefined ? meaningTitle : spoken(own.title, meaningTitle);
  const detail = own?.detail === undefined ? meaningDetail : spoken(own.detail, meaningDetail);
  const severity = describeCloseCode(code ?? 1006).severity;
  const manual = own?.action === undefined ? MANUAL[meaning] : own.action;

  if (situation === 'reauthenticating') return build(title, messages.signingIn, 'warning', null);
  // While the policy retries, nothing needs the user yet: a warning at most (no alert on every attempt).
  const retrying = severity === 'error' ? 'warning' : severity;
  // A retry that is due (the timer is firing) is "Reconnecting…", never "in 0 seconds".
  if (situation === 'waiting' && retryInMs !== 0) return build(title, messages.retryingIn, retrying, 'retryNow', true);
  if (situation === 'waiting' || situation === 'dropped') return build(title, messages.retrying, retrying, null);
  // The policy retried this close and stopped: trying again is the one thing left (after a new
  // sign-in where the policy re-authenticates for this code), unless the code's words say otherwise.
  const again = lastClose?.action === 'reauth' && input.canSignIn ? 'signInAgain' : (manual ?? 'reconnect');
  if (situation === 'gaveUp') return build(title, (words) => `${text(detail, words)} ${text(messages.gaveUp, words)}`, 'error', own?.action === undefined ? again : manual);
  // It will not come back by itself: a page that needs reloading, or words that say no button
  // helps, is a dead end (an alert), whatever the code's range would say. A stopped connection
  // always offers a way forward: a meaning without its own (a message too big, an unknown code)
  // offers Reconnect, unless the code's words say no button helps (`action: null`).
  const forward = own?.action === null ? null : (manual ?? 'reconnect');
  return build(title, detail, forward === 'reload' || forward === null ? 'error' : severity, forward);
}
