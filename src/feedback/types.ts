import type { Severity } from '../core';

/** What a catalog message may use. `reason` is empty unless `showReason` is on, and then sanitised. */
export interface MessageContext {
  code: number | null;
  /** Retries since the last stable open. */
  attempt: number;
  retryInMs: number | null;
  /** `retryInMs` formatted for the locale, e.g. "5 sec"; empty when there is no countdown. */
  retryIn: string;
  reason: string;
}

export type Message = string | ((context: MessageContext) => string);

/**
 * The user-facing catalog, keyed by meaning. Each meaning has a title (`key`) and a
 * sentence (`keyDetail`); while a retry is scheduled the sentence is `retryingIn` instead,
 * while one runs `retrying`, and after giving up the cause's sentence gets `gaveUp` added.
 */
export interface FeedbackMessages {
  /**
   * The language the catalog is written in, a BCP 47 tag ("en", "de"). A countdown's units
   * follow it ("Neuer Versuch in 12 Sekunden"), in the provider's `locale` where that is the
   * same language ("de-CH"); an app locale in another language does not change them. Without
   * it, the provider's `locale`. The built-in catalog says "en".
   */
  locale?: string | undefined;
  offline: Message;
  offlineDetail: Message;
  /** The headline while a reconnect the user asked for runs (after giving up, say). */
  reconnecting: Message;
  reconnectingDetail: Message;
  retryingIn: Message;
  retrying: Message;
  /** While `policy.reauthenticate` runs, or is about to: the app signs in by itself. */
  signingIn: Message;
  connectionLost: Message;
  connectionLostDetail: Message;
  serverGoingAway: Message;
  serverGoingAwayDetail: Message;
  serverRestarting: Message;
  serverRestartingDetail: Message;
  tryAgainLater: Message;
  tryAgainLaterDetail: Message;
  internalError: Message;
  internalErrorDetail: Message;
  badGateway: Message;
  badGatewayDetail: Message;
  timeout: Message;
  timeoutDetail: Message;
  policyViolation: Message;
  policyViolationDetail: Message;
  sessionExpired: Message;
  sessionExpiredDetail: Message;
  forbidden: Message;
  forbiddenDetail: Message;
  messageTooBig: Message;
  messageTooBigDetail: Message;
  protocolError: Message;
  protocolErrorDetail: Message;
  secureConnectionFailed: Message;
  secureConnectionFailedDetail: Message;
  closedNormally: Message;
  closedNormallyDetail: Message;
  unknown: Message;
  unknownDetail: Message;
  connectFailed: Message;
  connectFailedDetail: Message;
  /** Added to the cause's sentence after the retries ran out, e.g. "Gave up after 5 attempts." */
  gaveUp: Message;
  restored: Message;
  restoredDetail: Message;
  /** Appended to the sentence when `showReason` is on and the server gave a reason. */
  serverReason: Message;
  retryNow: Message;
  reconnect: Message;
  signInAgain: Message;
  reload: Message;
  /**
   * Words for specific close codes (your app's or a protocol's own 4xxx), over the meaning's:
   * a title, a sentence for when no retry is scheduled, and the action offered then
   * (`null` for none; by default the meaning's). Merged per code.
   */
  codes?: Readonly<Record<number, CodeMessages>> | undefined;
}

export interface CodeMessages {
  title: Message;
  detail?: Message | undefined;
  action?: FeedbackActionKind | null | undefined;
}

/** The meanings that have a title and a `Detail` sentence. */
export type FeedbackMeaning =
  | 'offline'
  | 'connectionLost'
  | 'serverGoingAway'
  | 'serverRestarting'
  | 'tryAgainLater'
  | 'internalError'
  | 'badGateway'
  | 'timeout'
  | 'policyViolation'
  | 'sessionExpired'
  | 'forbidden'
  | 'messageTooBig'
  | 'protocolError'
  | 'secureConnectionFailed'
  | 'closedNormally'
  | 'unknown'
  | 'connectFailed'
  | 'restored';

/**
 * What the button does: skip the wait, reconnect, sign in again (the policy's
 * `reauthenticate`, or the provider's `onSignInRequired`), or reload the page (the
 * provider's `onReload`, by default `location.reload()`).
 */
export type FeedbackActionKind = 'retryNow' | 'reconnect' | 'signInAgain' | 'reload';

export interface CloseFeedback {
  /** Stable for one incident; toasts upsert by it. */
  id: string;
  code: number | null;
  severity: Severity;
  title: string;
  description: string;
  /** Counts down live while a retry is scheduled. */
  retryInMs: number | null;
  action: { label: string; onClick: () => void } | null;
}

export interface ToastAdapter {
  show(feedback: CloseFeedback): void;
  dismiss(id: string): void;
}
