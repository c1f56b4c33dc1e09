import type { CloseFeedback } from '../feedback/types';

/** The body of a toast for toast libraries that take React content: title, sentence, action. */
export function ToastContent({ feedback }: { feedback: CloseFeedback }) {
  return (
    <div data-lifeline-toast="" data-severity={feedback.severity}>
      <strong>{feedback.title}</strong>
      <div>{feedback.description}</div>
      {feedback.action && (
        <button type="button" onClick={feedback.action.onClick}>
          {feedback.action.label}
        </button>
      )}
    </div>
  );
}
