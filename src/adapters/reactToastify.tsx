import { toast as toastify } from 'react-toastify';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';
import { ToastContent } from './ToastContent';

export interface ReactToastifyAdapterOptions {
  toast?: typeof toastify | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * Sends `useCloseFeedback` toasts to react-toastify, one per incident, updated in place by id.
 *
 * @example
 * import { ToastContainer } from 'react-toastify';
 * import { reactToastifyAdapter } from 'react-lifeline/react-toastify';
 * <WebSocketProvider toast={reactToastifyAdapter}><App /><ToastContainer /></WebSocketProvider>
 */
export function createReactToastifyAdapter({ toast = toastify, restoredMs = 3000 }: ReactToastifyAdapterOptions = {}): ToastAdapter {
  return {
    show(feedback: CloseFeedback) {
      const options = {
        type: feedback.severity,
        autoClose: feedback.severity === 'success' ? restoredMs : (false as const),
        closeOnClick: false,
      };
      const render = <ToastContent feedback={feedback} />;
      if (toast.isActive(feedback.id)) toast.update(feedback.id, { ...options, render });
      else toast(render, { ...options, toastId: feedback.id });
    },
    dismiss(id: string) {
      toast.dismiss(id);
    },
  };
}

export const reactToastifyAdapter: ToastAdapter = createReactToastifyAdapter();
