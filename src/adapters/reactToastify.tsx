import { toast as toastify, type UpdateOptions } from 'react-toastify';
import type { CloseFeedback, ToastAdapter } from '../feedback/types';
import { actionStyles, ToastContent } from './ToastContent';
import { userDismissals } from './userDismissals';

export interface ReactToastifyAdapterOptions {
  toast?: typeof toastify | undefined;
  /** How long "Reconnected" stays. Default 3000 ms; incidents stay until they end. */
  restoredMs?: number | undefined;
}

/**
 * Sends `useCloseFeedback` toasts to react-toastify, one per incident, updated in place by id.
 *
 * `toast.update` merges into the toast's previous options (and the icon follows `type`), so
 * every call states each option it sets. An update is applied after a default 100 ms `delay`;
 * `delay: null` applies it at once, so a `dismiss` right after a `show` is not undone by the
 * pending update.
 *
 * @example
 * import { ToastContainer } from 'react-toastify';
 * import { reactToastifyAdapter } from 'react-lifeline/react-toastify';
 * <WebSocketProvider toast={reactToastifyAdapter}><App /><ToastContainer /></WebSocketProvider>
 */
export function createReactToastifyAdapter({ toast = toastify, restoredMs = 3000 }: ReactToastifyAdapterOptions = {}): ToastAdapter {
  const dismissals = userDismissals();
  return {
    show(feedback: CloseFeedback) {
      if (dismissals.skip(feedback)) return; // closed by hand, nothing new to say
      const options = {
        type: feedback.severity,
        autoClose: feedback.severity === 'success' ? restoredMs : (false as const),
        closeOnClick: false,
        onClose: () => dismissals.closedBy(feedback.id),
      };
      const render = <ToastContent feedback={feedback} actionStyle={actionStyles.reactToastify} />;
      // Updates the toast if react-toastify still holds it, also one dismissed a moment ago
      // (a dismiss and a show in one go, as StrictMode's effects do): creating it anew would
      // be ignored as a duplicate until its exit animation ends. A no-op for an unknown id.
      toast.update(feedback.id, { ...options, render, delay: null } satisfies UpdateOptions);
      if (!toast.isActive(feedback.id)) toast(render, { ...options, toastId: feedback.id });
    },
    dismiss(id: string) {
      dismissals.forget(id);
      toast.dismiss(id);
    },
  };
}

export const reactToastifyAdapter: ToastAdapter = createReactToastifyAdapter();
