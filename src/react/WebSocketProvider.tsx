import { useContext, useMemo, useRef, useState, type ReactNode } from 'react';
import { guard, mergePolicy } from '../core';
import type { CloseInfo, Plugin, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { Sharing } from '../plugins/share/types';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';
import { LifelineContext, type LifelineConfig } from './LifelineContext';
import { ABNORMAL_CODES, logAbnormalClose } from './logAbnormalClose';

export interface WebSocketProviderProps {
  /** Merged over the providers above (per field; `codes` per code), under each hook's own `policy`. */
  policy?: ReconnectPolicyOptions | undefined;
  /** Plug-ins every connection below takes (after those of the providers above, before the hook's own). */
  plugins?: readonly Plugin[] | undefined;
  /**
   * How hooks below share sockets: `sharedSockets()` from `react-lifeline/share` for
   * `share: true`; `crossTab()` from `react-lifeline/tabs` for `share: 'tabs'` as well.
   * Nested providers keep their own sockets, shared the same way unless given another.
   */
  share?: Sharing | undefined;
  /** Called for 1006, 1011 and 1014. Default: `console.warn` in development, the URL redacted. */
  onAbnormalClose?: ((close: CloseInfo, context: { url: string }) => void) | undefined;
  /**
   * Called for every close of every socket below, nested providers included, once per socket
   * however many hooks share it: the close with what the connection decided (`willRetry`,
   * `retryAt`, `action`). For logs, analytics and devtools; the URL comes redacted.
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
  children: ReactNode;
}

const reloadPage = () => globalThis.location?.reload();

/**
 * Shares a reconnect policy, plug-ins, a WebSocket implementation, feedback settings and
 * (with `share`) a pool of shared sockets with every hook below it. Providers nest: the
 * inner one merges over the outer one. Its callbacks are read when they are called, so a
 * prop given after mount counts at once.
 *
 * @example
 * <WebSocketProvider policy={{ maxAttempts: 10, codes: { 4001: 'reauth' } }}>
 *   <App />
 * </WebSocketProvider>
 */
export function WebSocketProvider({ policy, plugins, share, onAbnormalClose, onClose, WebSocket, messages, toast, locale, onSignInRequired, onReload, children }: WebSocketProviderProps) {
  const parent = useContext(LifelineContext);
  const sharing = share ?? parent?.sharing;
  const [pool] = useState(() => sharing?.createPool());
  const [feedback] = useState(() => ({}));
  const latest = useRef({ onAbnormalClose, onClose, onSignInRequired, onReload, parent });
  useIsomorphicLayoutEffect(() => {
    latest.current = { onAbnormalClose, onClose, onSignInRequired, onReload, parent };
  });
  // This provider's handlers, then the provider above: its `onClose` too, its `onAbnormalClose` only if none below took it.
  const [reportClose] = useState(() => (close: CloseInfo, context: { url: string }, handled?: boolean): void => {
    const { onClose: own, onAbnormalClose: abnormal, parent: above } = latest.current;
    const mine = !handled && !!abnormal && ABNORMAL_CODES.has(close.code);
    guard('WebSocketProvider.onClose', own, [close, context]);
    if (mine) guard('WebSocketProvider.onAbnormalClose', abnormal, [close, context]);
    (above?.reportClose ?? logAbnormalClose)(close, context, handled || mine);
  });
  // Stable callbacks that call the latest props, or the latest provider above.
  const [signIn] = useState(() => () => {
    const { onSignInRequired: own, parent: above } = latest.current;
    (own ?? above?.signIn)?.();
  });
  const [reload] = useState(() => () => {
    const { onReload: own, parent: above } = latest.current;
    (own ?? above?.reload ?? reloadPage)();
  });
  const hasSignIn = !!onSignInRequired || !!parent?.signIn;
  const value = useMemo<LifelineConfig>(
    () => ({
      policy: mergePolicy(parent?.policy, policy),
      plugins: plugins ? [...(parent?.plugins ?? []), ...plugins] : (parent?.plugins ?? []),
      WebSocket: WebSocket ?? parent?.WebSocket,
      messages: messages ? [...(parent?.messages ?? []), messages] : (parent?.messages ?? []),
      toast: toast ?? parent?.toast,
      locale: locale ?? parent?.locale,
      reportClose,
      sharing,
      pool,
      feedback,
      signIn: hasSignIn ? signIn : undefined,
      reload,
    }),
    [parent, policy, plugins, WebSocket, messages, toast, locale, reportClose, sharing, pool, feedback, hasSignIn, signIn, reload],
  );
  return <LifelineContext.Provider value={value}>{children}</LifelineContext.Provider>;
}
