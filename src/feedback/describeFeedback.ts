import { describeCloseCode } from '../core';
import { LifelineError } from '../core';
import type { ConnectionState, Severity } from '../core';
import { formatDuration } from './formatDuration';
import { meaningOfClose } from './meaningOfClose';
import { sanitizeReason } from './sanitizeReason';
import type { FeedbackActionKind, FeedbackMeaning, FeedbackMessages, Message, MessageContext } from './types';

export interface FeedbackInput {
  state: Pick<ConnectionState, 'status' | 'lastClose' | 'attempt' | 'nextRetryAt' | 'online' | 'error'>;
  now: number;
  messages: FeedbackMessages;
  locale?: string | undefined;
  showReason?: boolean | undefined;
  /** The incident is over and was shown: say so. */
  restored?: boolean | undefined;
}

export interface FeedbackDescription {
  code: number | null;
  severity: Severity;
  title: string;
  description: string;
  retryInMs: number | null;
  action: { kind: FeedbackActionKind; label: string } | null;
}

// Failures of set-up that a retry by the user can fix, and those it cannot.
const RETRYABLE_FAILURES: ReadonlySet<string> = new Set(['url-failed', 'reauth-failed']);
const SETUP_FAILURES: ReadonlySet<string> = new Set(['invalid-url', 'url-failed', 'no-websocket', 'socket-failed', 'reauth-failed', 'invalid-policy']);
// Closes after which reconnecting by hand cannot help: the user needs to be told, not offered a button.
const NO_MANUAL_RETRY: ReadonlySet<FeedbackMeaning> = new Set(['policyViolation', 'forbidden', 'messageTooBig', 'protocolError']);

const text = (message: Message, context: MessageContext) => (typeof message === 'function' ? message(context) : message);

/**
 * What a person should be told about a connection right now, or null when all is well.
 * Pure: the hook supplies the clock and decides when an incident is worth showing.
 */
export function describeFeedback(input: FeedbackInput): FeedbackDescription | null {
  const { state, now, messages, locale } = input;
  const { status, lastClose, attempt, nextRetryAt, online, error } = state;
  const retryInMs = nextRetryAt === null ? null : Math.max(0, nextRetryAt - now);
  const reason = input.showReason && lastClose ? sanitizeReason(lastClose.reason) : '';
  const code = lastClose?.code ?? null;
  const context: MessageContext = { code, attempt, retryInMs, retryIn: retryInMs === null ? '' : formatDuration(retryInMs, locale), reason };
  const build = (
    meaning: FeedbackMeaning,
    severity: Severity,
    action: FeedbackActionKind | null,
    detail: Message = messages[`${meaning}Detail`],
    title: Message = messages[meaning],
  ): FeedbackDescription => {
    let description = text(detail, context);
    if (reason && meaning !== 'restored' && meaning !== 'offline') description += ` ${text(messages.serverReason, context)}`;
    return {
      code,
      severity,
      title: text(title, context),
      description,
      retryInMs: meaning === 'restored' ? null : retryInMs,
      action: action && { kind: action, label: text(messages[action], context) },
    };
  };

  if (input.restored) return build('restored', 'success', null);
  if (status === 'open') return null;
  if (!online && status !== 'idle' && status !== 'closed') return build('offline', 'warning', null);

  if (status === 'failed') {
    const failure = error instanceof LifelineError && SETUP_FAILURES.has(error.code) ? error.code : null;
    if (failure === 'reauth-failed') return build('sessionExpired', 'warning', 'signInAgain');
    if (failure) return build('connectFailed', 'error', RETRYABLE_FAILURES.has(failure) ? 'reconnect' : null);
    return build('gaveUp', 'error', 'reconnect');
  }

  if (!lastClose || (lastClose.initiator === 'client' && lastClose.code !== 3008)) return null;
  const meaning = meaningOfClose(lastClose.code);
  const severity = describeCloseCode(lastClose.code).severity;

  // The app's or a protocol's own words for this code, over the meaning's.
  const own = messages.codes?.[lastClose.code];
  const title = own?.title;

  if (status === 'reconnecting' || status === 'connecting') {
    const action = meaning === 'sessionExpired' ? 'signInAgain' : retryInMs === null ? null : 'retryNow';
    return build(meaning, severity, action, retryInMs === null ? messages.retrying : messages.retryingIn, title);
  }
  if (status !== 'closed') return null;
  const action = meaning === 'sessionExpired' ? 'signInAgain' : NO_MANUAL_RETRY.has(meaning) ? null : 'reconnect';
  return build(meaning, severity, action, own?.detail, title);
}
