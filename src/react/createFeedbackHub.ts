import { createFeedbackTracker, type FeedbackTracker } from '../feedback/createFeedbackTracker';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';

export interface FeedbackHub {
  /** The incident tracker every component showing this connection's feedback shares. */
  tracker(connection: object, idPrefix: string): FeedbackTracker;
  /** Holds the shared tracker while mounted; the last release stops its timers. */
  retain(connection: object): () => void;
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
  const trackers = new WeakMap<object, { tracker: FeedbackTracker; holders: number }>();
  const toasts = new Map<string, { holders: Set<object>; owner: object }>();
  return {
    tracker(connection, idPrefix) {
      let entry = trackers.get(connection);
      if (!entry) trackers.set(connection, (entry = { tracker: createFeedbackTracker(idPrefix), holders: 0 }));
      return entry.tracker;
    },
    retain(connection) {
      const entry = trackers.get(connection);
      if (!entry) return () => {};
      entry.holders += 1;
      return () => {
        entry.holders -= 1;
        if (entry.holders === 0) entry.tracker.stop();
      };
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
