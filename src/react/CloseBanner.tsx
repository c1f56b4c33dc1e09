import type { ReactNode } from 'react';
import type { CloseFeedback } from '../feedback/types';
import { useCloseFeedback, type UseCloseFeedbackOptions } from './useCloseFeedback';
import type { WebSocketHandle } from './useWebSocket';

export interface CloseBannerProps extends Omit<UseCloseFeedbackOptions, 'toast'> {
  socket: WebSocketHandle<unknown>;
  className?: string | undefined;
  /** Custom markup inside the banner's live region. */
  children?: ((feedback: CloseFeedback) => ReactNode) | undefined;
}

/**
 * An unstyled banner for the connection's feedback. Its live regions are there from the first
 * render (empty while all is well), because screen readers often miss a region inserted
 * together with its first message: `role="status"` for what can wait, `role="alert"` for an
 * error that needs the user. Never moves focus; server text only as plain text; a ticking
 * countdown is kept out of what is announced. Style it through `data-severity` (absent while
 * empty) and `data-status`, or import `react-lifeline/close-banner.css`.
 *
 * @example
 * <CloseBanner socket={useWebSocket(url)} className="banner" />
 */
export function CloseBanner({ socket, className, children, ...options }: CloseBannerProps) {
  const feedback = useCloseFeedback(socket, { ...options, toast: false });
  const urgent = feedback?.severity === 'error' && feedback.retryInMs === null;
  const content = feedback && (
    <>
      {children ? (
        children(feedback)
      ) : (
        <>
          <strong data-part="title">{feedback.title}</strong>{' '}
          <span data-part="description" aria-live={feedback.retryInMs === null ? undefined : 'off'}>
            {feedback.description}
          </span>
          {feedback.action && (
            <>
              {' '}
              <button type="button" data-part="action" onClick={feedback.action.onClick}>
                {feedback.action.label}
              </button>
            </>
          )}
        </>
      )}
    </>
  );
  return (
    <div className={className} data-lifeline-banner="" data-severity={feedback?.severity} data-status={socket.status} data-code={feedback?.code ?? undefined}>
      <div role="status">{!urgent && content}</div>
      <div role="alert">{urgent && content}</div>
    </div>
  );
}
