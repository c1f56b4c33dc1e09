import { createFeedbackTracker, type FeedbackTracker } from '../feedback/createFeedbackTracker';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';

export interface FeedbackHub {
  /** The incident tracker every component showing this connection's feedback shares (each watches it). */
  tracker(connection: object, idPrefix: string): FeedbackTracker;
  /** Shows a toast for `holder`; only the toast's first holder updates it (one toast per incident). */
  showToast(holder: object, adapter: ToastAdapter, feedback: CloseFeedback): void;
  /** `holder` lets go of toast `id`; the last one dismisses it. */
  releaseToast(holder: object, adapter: ToastAdapter, id: string): void;
}

/**
 * Per `WebSocketProvider`: one incident tracker per connection, and one toast per incident
 * however many components show the same shared socket's feedback. No module-level state.
 */
export function createFeedbackHub(): FeedbackHub {
  const trackers = new WeakMap<object, FeedbackTracker>();
  const toasts = new Map<string, { holders: Set<object>; owner: object }>();
  return {
    tracker(connection, idPrefix) {
      let tracker = trackers.get(connection);
      if (!tracker) trackers.set(connection, (tracker = createFeedbackTracker(idPrefix)));
      return tracker;
    },
    showToast(holder, adapter, feedback) {
      let toast = toasts.get(feedback.id);
      if (!toast) toasts.set(feedback.id, (toast = { holders: new Set(), owner: holder }));
      toast.holders.add(holder);
      if (toast.owner === holder) adapter.show(feedback);
    },
    releaseToast(holder, adapter, id) {
      const toast = toasts.get(id);
      if (!toast) return;
      toast.holders.delete(holder);
      const [next] = toast.holders;
      if (next === undefined) {
        toasts.delete(id);
        adapter.dismiss(id);
      } else if (toast.owner === holder) {
        toast.owner = next; // shows at its next update
      }
    },
  };
}
