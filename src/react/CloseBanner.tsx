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
 * An unstyled banner for the connection's feedback: `role="alert"` for an error that needs
 * the user, `role="status"` otherwise; never moves focus; server text only as plain text.
 * Style it through `data-severity` and `data-status`, or import `react-lifeline/close-banner.css`.
 *
 * @example
 * <CloseBanner socket={useWebSocket(url)} className="banner" />
 */
export function CloseBanner({ socket, className, children, ...options }: CloseBannerProps) {
  const feedback = useCloseFeedback(socket, { ...options, toast: false });
  if (!feedback) return null;
  const needsUser = feedback.severity === 'error' && feedback.retryInMs === null;
  return (
    <div
      role={needsUser ? 'alert' : 'status'}
      className={className}
      data-lifeline-banner=""
      data-severity={feedback.severity}
      data-status={socket.status}
      data-code={feedback.code ?? undefined}
    >
      {children ? (
        children(feedback)
      ) : (
        <>
          <strong data-part="title">{feedback.title}</strong>{' '}
          {/* A countdown changes every second: keep it out of what screen readers announce. */}
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
    </div>
  );
}
