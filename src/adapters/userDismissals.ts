import type { CloseFeedback } from '../feedback/types';

/**
 * What a person closed: a toast dismissed by hand (its ×, a swipe) stays closed while its
 * incident goes on at the same severity (a countdown ticking, a retry opening and being
 * refused again), and comes back when the incident turns into something else (given up, an
 * error that needs them, "Reconnected"). One per adapter; an incident is forgotten when the
 * adapter dismisses its toast.
 */
export function userDismissals() {
  const showing = new Map<string, string>(); // toast id → the severity on screen
  const closed = new Map<string, Set<string>>(); // toast id → the severities the person closed it at
  return {
    /** Whether to leave this update out: the person closed this incident's toast at this severity, and none shows now. */
    skip(feedback: CloseFeedback): boolean {
      if (!showing.has(feedback.id) && closed.get(feedback.id)?.has(feedback.severity)) return true;
      showing.set(feedback.id, feedback.severity);
      return false;
    },
    /** The library closed toast `id`: the person did, unless the adapter dismissed it first. */
    closedBy(id: string): void {
      const severity = showing.get(id);
      if (severity === undefined) return;
      closed.set(id, (closed.get(id) ?? new Set()).add(severity));
      showing.delete(id);
    },
    /** The adapter dismisses it: the incident is over. */
    forget(id: string): void {
      showing.delete(id);
      closed.delete(id);
    },
  };
}
