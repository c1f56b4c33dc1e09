import { toast as hotToast, type ToastOptions } from 'react-hot-toast';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';
import { actionStyles, ToastContent } from './ToastContent';

export interface ReactHotToastAdapterOptions {
  toast?: typeof hotToast | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * react-hot-toast has no warning or info icon of its own (no such types), so those get an
 * emoji, hidden from screen readers: the title already says what happened.
 */
const icons = {
  warning: <span aria-hidden="true">⚠️</span>,
  info: <span aria-hidden="true">ℹ️</span>,
};

/**
 * Sends `useCloseFeedback` toasts to react-hot-toast, one per incident, updated in place by id.
 *
 * react-hot-toast merges an update into the toast with the same id, so every call states
 * each option it ever sets: `icon: undefined` gives success and error back the library's own
 * icon instead of keeping the incident's ⚠️.
 *
 * @example
 * import { Toaster } from 'react-hot-toast';
 * import { reactHotToastAdapter } from 'react-lifeline/react-hot-toast';
 * <WebSocketProvider toast={reactHotToastAdapter}><App /><Toaster /></WebSocketProvider>
 */
export function createReactHotToastAdapter({ toast = hotToast, restoredMs = 3000 }: ReactHotToastAdapterOptions = {}): ToastAdapter {
  return {
    show(feedback: CloseFeedback) {
      const content = <ToastContent feedback={feedback} actionStyle={actionStyles.reactHotToast} />;
      const { severity } = feedback;
      // `undefined` (not `null`, which means "no icon") so the library picks its icon for the type.
      const options = {
        id: feedback.id,
        duration: severity === 'success' ? restoredMs : Infinity,
        icon: severity === 'warning' || severity === 'info' ? icons[severity] : undefined,
      } as ToastOptions;
      if (severity === 'success') toast.success(content, options);
      else if (severity === 'error') toast.error(content, options);
      else toast(content, options);
    },
    dismiss(id: string) {
      toast.dismiss(id);
    },
  };
}

export const reactHotToastAdapter: ToastAdapter = createReactHotToastAdapter();
