import { createFeedbackTracker, type FeedbackTracker } from '../feedback/createFeedbackTracker';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';

export interface FeedbackHub {
  /** The incident tracker every component showing this connection's feedback shares (each watches it). */
  tracker(connection: object, idPrefix: string): FeedbackTracker;
  /** Shows a toast for `holder`; only the toast's owner (its first holder still there) updates it: one toast per incident. */
  showToast(holder: object, adapter: ToastAdapter, feedback: CloseFeedback): void;
  /**
   * `holder` lets go of toast `id`. The last one dismisses it, unless the incident goes on
   * for watchers still inside their grace: then the toast stays until one of them takes it
   * over, or the incident ends, or nobody watches any more.
   */
  releaseToast(holder: object, id: string, tracker?: FeedbackTracker): void;
}

interface Toast {
  /** Who shows this incident's feedback now, each with its adapter. */
  holders: Map<object, ToastAdapter>;
  owner: object | null;
  /** The adapter that shows it, and what it last showed. */
  adapter: ToastAdapter;
  last: CloseFeedback;
  unsubscribe?: (() => void) | undefined;
}

const ONGOING = ['grace', 'shown', 'confirming'];

/**
 * Per `WebSocketProvider`: one incident tracker per connection, and one toast per incident
 * however many components show the same shared socket's feedback, whatever their timing or
 * adapters. No module-level state.
 */
export function createFeedbackHub(): FeedbackHub {
  const trackers = new WeakMap<object, FeedbackTracker>();
  const toasts = new Map<string, Toast>();
  const show = (toast: Toast, adapter: ToastAdapter, feedback: CloseFeedback) => {
    // Another library takes it over: the old one's toast goes, so none is left behind.
    if (toast.adapter !== adapter) toast.adapter.dismiss(feedback.id);
    toast.adapter = adapter;
    toast.last = feedback;
    adapter.show(feedback);
  };
  return {
    tracker(connection, idPrefix) {
      let tracker = trackers.get(connection);
      if (!tracker) trackers.set(connection, (tracker = createFeedbackTracker(idPrefix)));
      return tracker;
    },
    showToast(holder, adapter, feedback) {
      let toast = toasts.get(feedback.id);
      if (!toast) toasts.set(feedback.id, (toast = { holders: new Map(), owner: holder, adapter, last: feedback }));
      toast.holders.set(holder, adapter);
      toast.unsubscribe?.(); // held again
      toast.unsubscribe = undefined;
      toast.owner ??= holder;
      if (toast.owner === holder) show(toast, adapter, feedback);
    },
    releaseToast(holder, id, tracker) {
      const toast = toasts.get(id);
      if (!toast || !toast.holders.delete(holder)) return;
      if (toast.owner === holder) {
        const [next] = toast.holders;
        toast.owner = next?.[0] ?? null;
        if (next) show(toast, next[1], toast.last); // the same toast, through the next owner's adapter
      }
      if (toast.holders.size) return;
      const over = () => {
        const incident = tracker?.getSnapshot();
        return !tracker?.watched() || incident!.id !== id || !ONGOING.includes(incident!.phase);
      };
      const finish = () => {
        toast.unsubscribe?.();
        toasts.delete(id);
        toast.adapter.dismiss(id);
      };
      if (over()) return finish();
      toast.unsubscribe = tracker!.subscribe(() => over() && finish());
    },
  };
}
