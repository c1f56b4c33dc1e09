import { toast as sonnerToast } from 'sonner';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';

export interface SonnerAdapterOptions {
  /** Sonner's `toast`, or one bound to a specific `<Toaster id>`. */
  toast?: typeof sonnerToast | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * Sends `useCloseFeedback` toasts to sonner, one per incident, updated in place by id.
 *
 * @example
 * import { Toaster } from 'sonner';
 * import { sonnerAdapter } from 'react-lifeline/sonner';
 * <WebSocketProvider toast={sonnerAdapter}><App /><Toaster /></WebSocketProvider>
 */
export function createSonnerAdapter({ toast = sonnerToast, restoredMs = 3000 }: SonnerAdapterOptions = {}): ToastAdapter {
  return {
    show(feedback: CloseFeedback) {
      const show = { success: toast.success, error: toast.error, warning: toast.warning, info: toast.info }[feedback.severity];
      show(feedback.title, {
        id: feedback.id,
        description: feedback.description,
        duration: feedback.severity === 'success' ? restoredMs : Infinity,
        ...(feedback.action && {
          action: {
            label: feedback.action.label,
            onClick: (event: { preventDefault(): void }) => {
              // Keep the toast: the next feedback updates it in place (sonner would close it).
              event.preventDefault();
              feedback.action?.onClick();
            },
          },
        }),
      });
    },
    dismiss(id: string) {
      toast.dismiss(id);
    },
  };
}

export const sonnerAdapter: ToastAdapter = createSonnerAdapter();
