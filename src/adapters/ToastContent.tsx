import type { CSSProperties, ReactNode } from 'react';
import type { CloseFeedback } from '../feedback/types';

/**
 * The toast's sentence. While a retry is scheduled it is a countdown that changes every
 * second, so it sits in an `aria-live="off"` element: the toast's live region announces the
 * toast once, not every tick. Without a countdown the sentence changes rarely ("Reconnecting…",
 * "The connection is back.") and is announced with the rest.
 */
export function ToastDescription({ feedback }: { feedback: CloseFeedback }): ReactNode {
  return feedback.retryInMs === null ? feedback.description : <span aria-live="off">{feedback.description}</span>;
}

/**
 * An action button that fits a toast without any stylesheet: it takes the toast's font and
 * colour (so it follows the library's theme, light, dark or coloured) and outlines itself
 * in that colour.
 */
const actionBase: CSSProperties = {
  appearance: 'none',
  fontFamily: 'inherit',
  fontSize: '0.875em',
  lineHeight: 1.4,
  color: 'inherit',
  background: 'transparent',
  border: '1px solid currentColor',
  cursor: 'pointer',
};

/** Looks of the action button per library, on top of {@link actionBase}. */
export const actionStyles = {
  /** react-hot-toast: white cards with 8px corners, medium-weight text. */
  reactHotToast: { ...actionBase, fontWeight: 500, borderRadius: 6, padding: '2px 10px', marginTop: 6 },
  /** react-toastify: its font (`--toastify-font-family`, inherited) in a compact, bolder button. */
  reactToastify: { ...actionBase, fontWeight: 600, borderRadius: 4, padding: '2px 10px', marginTop: 8 },
} satisfies Record<string, CSSProperties>;

/** The body of a toast for toast libraries that take React content: title, sentence, action. */
export function ToastContent({ feedback, actionStyle }: { feedback: CloseFeedback; actionStyle?: CSSProperties | undefined }) {
  return (
    <div data-lifeline-toast="" data-severity={feedback.severity} style={{ display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: 2 }}>
      <strong>{feedback.title}</strong>
      <div>
        <ToastDescription feedback={feedback} />
      </div>
      {feedback.action && (
        // The toast stays: the next feedback updates it in place.
        <button type="button" data-lifeline-action="" style={actionStyle} onClick={feedback.action.onClick}>
          {feedback.action.label}
        </button>
      )}
    </div>
  );
}
