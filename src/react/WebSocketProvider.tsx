import { useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { createSocketPool } from '../core';
import { mergePolicy } from '../core';
import type { CloseInfo, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { CrossTab } from '../tabs/crossTab';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';
import { LifelineContext, type LifelineConfig } from './LifelineContext';
import { ABNORMAL_CODES, logAbnormalClose } from './logAbnormalClose';

export interface WebSocketProviderProps {
  /** Merged over the providers above (per field; `codes` per code), under each hook's own `policy`. */
  policy?: ReconnectPolicyOptions | undefined;
  /** Called for 1006, 1011 and 1014. Default: `console.warn` in development, URL without its query. */
  onAbnormalClose?: ((close: CloseInfo, context: { url: string }) => void) | undefined;
  /**
   * Called for every close of every socket below, nested providers included, once per socket
   * however many hooks share it: the close with what the connection decided (`willRetry`,
   * `retryAt`, `action`). For logs, analytics and devtools; the URL comes without its query.
   */
  onClose?: ((close: CloseInfo, context: { url: string }) => void) | undefined;
  /** Default `globalThis.WebSocket`; pass `ws`'s in Node, or a fake in tests. */
  WebSocket?: WebSocketConstructor | undefined;
  /** User-facing texts, merged over the English catalog (and the providers above). */
  messages?: Partial<FeedbackMessages> | undefined;
  /** Where `useCloseFeedback` sends toasts. None by default. */
  toast?: ToastAdapter | undefined;
  /** For countdowns ("5 seconds"); default: the browser's. */
  locale?: string | undefined;
  /**
   * What "Sign in again" does where the policy cannot re-authenticate by itself (no
   * `reauthenticate`): take the user to your sign-in. Without it, no such button is offered.
   */
  onSignInRequired?: (() => void) | undefined;
  /** What "Reload" does (after a policy violation or a protocol error). Default: `location.reload()`. */
  onReload?: (() => void) | undefined;
  /** `crossTab()` from `react-lifeline/tabs`: what `share: 'tabs'` hooks below share one socket across tabs through. */
  tabs?: CrossTab | undefined;
  children: ReactNode;
}

/**
 * Shares a reconnect policy, a WebSocket implementation and a pool of shared sockets with
 * every hook below it. Providers nest: the inner one merges over the outer one.
 *
 * @example
 * <WebSocketProvider policy={{ maxAttempts: 10, codes: { 4001: 'reauth' } }}>
 *   <App />
 * </WebSocketProvider>
 */
export function WebSocketProvider({ policy, onAbnormalClose, onClose, WebSocket, messages, toast, locale, onSignInRequired, onReload, tabs, children }: WebSocketProviderProps) {
  const parent = useContext(LifelineContext);
  const [pool] = useState(createSocketPool);
  const [feedback] = useState(() => ({}));
  const latest = useRef({ onAbnormalClose, onClose, onSignInRequired, onReload });
  useIsomorphicLayoutEffect(() => {
    latest.current = { onAbnormalClose, onClose, onSignInRequired, onReload };
  });
  const parentReport = parent?.reportClose;
  // This provider's handlers, then the provider above: its `onClose` too, its `onAbnormalClose` only if none below took it.
  const [reportClose] = useState(() => (close: CloseInfo, context: { url: string }, handled?: boolean): void => {
    const { onClose: own, onAbnormalClose: abnormal } = latest.current;
    // An `onClose` that throws keeps nothing from the others; its error still surfaces afterwards.
    const mine = !handled && abnormal && ABNORMAL_CODES.has(close.code);
    try {
      own?.(close, context);
    } finally {
      try {
        if (mine) abnormal(close, context);
      } finally {
        (parentReport ?? logAbnormalClose)(close, context, handled || !!mine);
      }
    }
  });
  // Stable callbacks that call the latest props (or the provider above).
  const hasSignIn = !!onSignInRequired || !!parent?.signIn;
  const parentSignIn = parent?.signIn;
  const [signIn] = useState(() => () => (latest.current.onSignInRequired ?? parentSignIn)?.());
  const parentReload = parent?.reload;
  const [reload] = useState(() => () => (latest.current.onReload ?? parentReload ?? (() => globalThis.location?.reload()))());
  const value = useMemo<LifelineConfig>(
    () => ({
      policy: mergePolicy(parent?.policy, policy),
      WebSocket: WebSocket ?? parent?.WebSocket,
      messages: messages ? [...(parent?.messages ?? []), messages] : (parent?.messages ?? []),
      toast: toast ?? parent?.toast,
      locale: locale ?? parent?.locale,
      reportClose,
      pool,
      feedback,
      signIn: hasSignIn ? signIn : undefined,
      reload,
      tabs: tabs ?? parent?.tabs,
    }),
    [parent?.policy, parent?.WebSocket, parent?.messages, parent?.toast, parent?.locale, policy, WebSocket, messages, toast, locale, reportClose, pool, feedback, hasSignIn, signIn, reload, tabs, parent?.tabs],
  );
  return <LifelineContext.Provider value={value}>{children}</LifelineContext.Provider>;
}
