import { createElement } from 'react';
import { toast as sonnerToast } from 'sonner';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';
import { ToastDescription } from './ToastContent';
import { userDismissals } from './userDismissals';

export interface SonnerAdapterOptions {
  /** Sonner's `toast`, or one bound to a specific `<Toaster id>`. */
  toast?: typeof sonnerToast | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * Sends `useCloseFeedback` toasts to sonner, one per incident, updated in place by id.
 *
 * Sonner merges an update into the toast with the same id, so every call states each option
 * it ever sets: `action: undefined` takes the "Retry now" button off "Reconnected".
 *
 * @example
 * import { Toaster } from 'sonner';
 * import { sonnerAdapter } from 'react-lifeline/sonner';
 * <WebSocketProvider toast={sonnerAdapter}><App /><Toaster /></WebSocketProvider>
 */
export function createSonnerAdapter({ toast = sonnerToast, restoredMs = 3000 }: SonnerAdapterOptions = {}): ToastAdapter {
  const dismissals = userDismissals();
  return {
    show(feedback: CloseFeedback) {
      if (dismissals.skip(feedback)) return; // closed by hand, nothing new to say
      const show = { success: toast.success, error: toast.error, warning: toast.warning, info: toast.info }[feedback.severity];
      const { action } = feedback;
      show(feedback.title, {
        id: feedback.id,
        // A ticking countdown goes in an aria-live="off" element, see ToastDescription.
        description: feedback.retryInMs === null ? feedback.description : createElement(ToastDescription, { feedback }),
        duration: feedback.severity === 'success' ? restoredMs : Infinity,
        onDismiss: () => dismissals.closedBy(feedback.id),
        action: action
          ? {
              label: action.label,
              onClick: (event: { preventDefault(): void }) => {
                // Keep the toast: the next feedback updates it in place (sonner would close it).
                event.preventDefault();
                action.onClick();
              },
            }
          : undefined,
      });
    },
    dismiss(id: string) {
      dismissals.forget(id);
      toast.dismiss(id);
    },
  };
}

export const sonnerAdapter: ToastAdapter = createSonnerAdapter();
