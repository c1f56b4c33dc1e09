import type { CloseFeedback } from '../feedback/types';

/**
 * What a person closed: a toast dismissed by hand (its ×, a swipe) stays closed while its
 * incident goes on saying the same thing (a countdown ticking), and comes back when it says
 * something new (given up, "Reconnected"). One per adapter; an incident is forgotten when the
 * adapter dismisses its toast.
 */
export function userDismissals() {
  const showing = new Map<string, string>(); // toast id → what it says
  const closed = new Map<string, string>(); // toast id → what it said when the person closed it
  const gist = (feedback: CloseFeedback) => `${feedback.severity}\n${feedback.title}`;
  return {
    /** Whether to leave this update out: the person closed the toast, and it says nothing new. */
    skip(feedback: CloseFeedback): boolean {
      if (closed.get(feedback.id) === gist(feedback)) return true;
      closed.delete(feedback.id);
      showing.set(feedback.id, gist(feedback));
      return false;
    },
    /** The library closed toast `id`: the person did, unless the adapter dismissed it first. */
    closedBy(id: string): void {
      const said = showing.get(id);
      if (said !== undefined) closed.set(id, said);
      showing.delete(id);
    },
    /** The adapter dismisses it: the incident is over. */
    forget(id: string): void {
      showing.delete(id);
      closed.delete(id);
    },
  };
}
