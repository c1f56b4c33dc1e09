import { toast as hotToast } from 'react-hot-toast';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';
import { ToastContent } from './ToastContent';

export interface ReactHotToastAdapterOptions {
  toast?: typeof hotToast | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * Sends `useCloseFeedback` toasts to react-hot-toast, one per incident, updated in place by id.
 *
 * @example
 * import { Toaster } from 'react-hot-toast';
 * import { reactHotToastAdapter } from 'react-lifeline/react-hot-toast';
 * <WebSocketProvider toast={reactHotToastAdapter}><App /><Toaster /></WebSocketProvider>
 */
export function createReactHotToastAdapter({ toast = hotToast, restoredMs = 3000 }: ReactHotToastAdapterOptions = {}): ToastAdapter {
  return {
    show(feedback: CloseFeedback) {
      const content = <ToastContent feedback={feedback} />;
      const options = { id: feedback.id, duration: feedback.severity === 'success' ? restoredMs : Infinity };
      if (feedback.severity === 'success') toast.success(content, options);
      else if (feedback.severity === 'error') toast.error(content, options);
      else toast(content, { ...options, icon: feedback.severity === 'warning' ? '⚠️' : 'ℹ️' });
    },
    dismiss(id: string) {
      toast.dismiss(id);
    },
  };
}

export const reactHotToastAdapter: ToastAdapter = createReactHotToastAdapter();
