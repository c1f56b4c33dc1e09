import { useContext, useEffect, useId, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { createFeedbackTracker, type FeedbackTracker } from '../feedback/createFeedbackTracker';
import { describeFeedback } from '../feedback/describeFeedback';
import { englishMessages } from '../feedback/englishMessages';
import { mergeMessages } from '../feedback/mergeMessages';
import { phaseFor } from '../feedback/phaseFor';
import type { CloseFeedback, FeedbackActionKind, FeedbackMessages, ToastAdapter } from '../feedback/types';
import { connectionOf } from './connectionOf';
import { createFeedbackHub, type FeedbackHub } from './createFeedbackHub';
import { LifelineContext } from './LifelineContext';
import type { WebSocketHandle } from './useWebSocket';

export interface UseCloseFeedbackOptions {
  /** `true` (default): the provider's adapter, if any; `false`: none; or an adapter. */
  toast?: boolean | ToastAdapter | undefined;
  /** Merged over the provider's catalog. */
  messages?: Partial<FeedbackMessages> | undefined;
  /** A reconnect within this many ms of a drop shows nothing. Default 1500. */
  graceMs?: number | undefined;
  /** How long "Reconnected" shows after a shown incident. Default 3000. */
  restoredMs?: number | undefined;
  /** Show the server's close reason, sanitised, as plain text. Default false (RFC 6455 5.5.1). */
  showReason?: boolean | undefined;
  /** For countdowns; default the provider's, then the browser's. */
  locale?: string | undefined;
}

/**
 * Turns the socket's state into one calm sentence for a person, or null while all is well:
 * nothing during `graceMs` of a drop that recovers, a live countdown while a retry waits,
 * an action where one helps ("Retry now", "Reconnect", "Sign in again"), then a short
 * "Reconnected" under the same `id`, which replaces the incident's toast.
 *
 * @example
 * const socket = useWebSocket(url);
 * const feedback = useCloseFeedback(socket);
 * return feedback && <p>{feedback.title}: {feedback.description}</p>;
 */
export function useCloseFeedback(socket: WebSocketHandle<unknown>, options: UseCloseFeedbackOptions = {}): CloseFeedback | null {
  const config = useContext(LifelineContext);
  const { graceMs = 1500, restoredMs = 3000, showReason = false } = options;
  const locale = options.locale ?? config?.locale;
  const { status, lastClose, attempt, nextRetryAt, online, error } = socket;

  // In a provider, every component showing one connection's feedback shares its tracker: one
  // incident, one id, one toast.
  const idPrefix = useId();
  const hub = config ? (config.feedback.hub ??= createFeedbackHub()) : undefined;
  const connection = connectionOf(socket);
  const [own] = useState(() => createFeedbackTracker(`lifeline${idPrefix}`));
  const tracker = hub && connection ? hub.tracker(connection, `lifeline${idPrefix}`) : own;
  useEffect(() => {
    tracker.update({ state: { status, lastClose, nextRetryAt, online, error, attempt } });
  });
  // Each watcher keeps its own grace and "Reconnected" time on the shared incident.
  useEffect(() => tracker.watch({ graceMs, restoredMs }), [tracker, graceMs, restoredMs]);
  const incident = useSyncExternalStore(tracker.subscribe, tracker.getSnapshot, tracker.getSnapshot);

  const overrides = options.messages;
  // The providers' catalogs, outermost first, then the hook's; the providers' callbacks, the nearest's latest when called.
  const { messages, signInThroughApp, reload } = useMemo(() => {
    const chain: Partial<FeedbackMessages>[] = [];
    for (let provider = config; provider; provider = provider.parent) if (provider.messages) chain.unshift(provider.messages);
    const nearest = <K extends 'onSignInRequired' | 'onReload'>(name: K) => {
      for (let provider = config; provider; provider = provider.parent) {
        const callback = provider.latest.get()[name];
        if (callback) return callback;
      }
      return undefined;
    };
    return {
      messages: mergeMessages(englishMessages, ...chain, overrides) as FeedbackMessages,
      signInThroughApp: config?.canSignIn ? () => nearest('onSignInRequired')?.() : undefined,
      reload: () => (nearest('onReload') ?? reloadPage)(),
    };
  }, [config, overrides]);

  const { retryNow, connect, reauthenticate } = socket;
  // "Sign in again": the policy re-authenticates where it can; else the app's sign-in, if it gave one.
  // (A 'reauth' close that left the connection `closed`: the policy has no `reauthenticate`.)
  const policySignsIn = (lastClose?.action === 'reauth' && status !== 'closed') || error?.code === 'reauth-failed';
  const signIn = policySignsIn ? reauthenticate : signInThroughApp;
  const feedback = useMemo((): CloseFeedback | null => {
    const phase = phaseFor(incident, { graceMs, restoredMs });
    if (!phase) return null;
    // A message function that throws: the English words stand in (describeFeedback's guard).
    const described = describeFeedback({ state: { status, lastClose, attempt, nextRetryAt, online, error }, now: incident.now, messages, locale, showReason, phase, canSignIn: !!signIn });
    if (!described) return null;
    const run: Record<FeedbackActionKind, (() => void) | undefined> = { retryNow, reconnect: connect, signInAgain: signIn, reload };
    return {
      id: incident.id,
      code: described.code,
      severity: described.severity,
      title: described.title,
      description: described.description,
      retryInMs: described.retryInMs,
      action: described.action && { label: described.action.label, onClick: run[described.action.kind] ?? reloadPage },
    };
  }, [incident, graceMs, restoredMs, status, lastClose, attempt, nextRetryAt, online, error, messages, locale, showReason, retryNow, connect, signIn, reload]);

  const adapter = options.toast === false ? undefined : options.toast === true || options.toast === undefined ? config?.toast : options.toast;
  useToast(adapter, feedback, hub, tracker);
  return feedback;
}

const reloadPage = () => globalThis.location?.reload();

/** What a toast shows: an unchanged signature needs no update. */
const signature = (feedback: CloseFeedback) =>
  [feedback.id, feedback.severity, feedback.title, feedback.description, feedback.action?.label ?? ''].join('\n');

/** Upserts the feedback as a toast by id, and lets go of it when the incident is over (the last holder dismisses). */
function useToast(adapter: ToastAdapter | undefined, feedback: CloseFeedback | null, hub: FeedbackHub | undefined, tracker: FeedbackTracker): void {
  const [holder] = useState(() => ({}));
  const shown = useRef<{ adapter: ToastAdapter; id: string; signature: string } | null>(null);
  useEffect(() => {
    const previous = shown.current;
    if (previous && (previous.adapter !== adapter || previous.id !== feedback?.id)) {
      if (hub) hub.releaseToast(holder, previous.id, tracker);
      else previous.adapter.dismiss(previous.id);
      shown.current = null;
    }
    if (!adapter || !feedback) return;
    const next = signature(feedback);
    if (shown.current?.signature === next) return;
    if (hub) hub.showToast(holder, adapter, feedback);
    else adapter.show(feedback);
    shown.current = { adapter, id: feedback.id, signature: next };
  }, [adapter, feedback, hub, holder, tracker]);
  useEffect(
    () => () => {
      const last = shown.current;
      if (last) {
        if (hub) hub.releaseToast(holder, last.id, tracker);
        else last.adapter.dismiss(last.id);
      }
      shown.current = null;
    },
    [hub, holder, tracker],
  );
}
