import { useContext, useMemo, useState, type ReactNode } from 'react';
import { mergePolicy } from '../core';
import type { CloseInfo, NetworkSource, Plugin, ReconnectPolicyOptions, WebSocketConstructor } from '../core';
import type { FeedbackMessages, ToastAdapter } from '../feedback/types';
import type { Sharing } from '../plugins/share/types';
import { box } from './box';
import { LifelineContext, type HookRecord, type LifelineConfig } from './LifelineContext';
import { useIsomorphicLayoutEffect } from './useIsomorphicLayoutEffect';

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
  /** Called for 1006, 1011 and 1014 (by the nearest provider that has it). Default: `console.warn` in development, the URL redacted. */
  onAbnormalClose?: ((close: CloseInfo, context: { url: string }) => void) | undefined;
  /**
   * Called for every close of every socket below, nested providers included, once per socket
   * however many hooks share it: the close with what the connection decided (`willRetry`,
   * `retryAt`, `action`). For logs, analytics and devtools; the URL comes redacted.
   */
  onClose?: ((close: CloseInfo, context: { url: string }) => void) | undefined;
  /** Default `globalThis.WebSocket`; pass `ws`'s in Node, or a fake in tests. */
  WebSocket?: WebSocketConstructor | undefined;
  /**
   * Where online/offline (and, on a phone, foreground/background) come from; default: the
   * browser's (`navigator.onLine`). On React Native: `nativeNetwork()` from `react-lifeline/native`.
   * Read when a connection below is created.
   */
  network?: NetworkSource | undefined;
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
export function WebSocketProvider(props: WebSocketProviderProps) {
  const { policy, plugins, share, WebSocket, network, messages, toast, locale, onSignInRequired } = props;
  const parent = useContext(LifelineContext);
  const sharing = share ?? parent?.sharing;
  const [pool] = useState(() => sharing?.createPool());
  const [feedback] = useState(() => ({}));
  const [hooks] = useState(() => parent?.hooks ?? new Set<HookRecord>());
  const [latest] = useState(() => box(props));
  useIsomorphicLayoutEffect(() => latest.set(props));
  const canSignIn = !!onSignInRequired || !!parent?.canSignIn;
  const value = useMemo<LifelineConfig>(
    () => ({
      parent,
      latest,
      policy: mergePolicy(parent?.policy, policy),
      plugins: [...(parent?.plugins ?? []), ...(plugins ?? [])],
      WebSocket: WebSocket ?? parent?.WebSocket,
      network: network ?? parent?.network,
      sharing,
      pool,
      feedback,
      messages,
      toast: toast ?? parent?.toast,
      locale: locale ?? parent?.locale,
      canSignIn,
      hooks,
    }),
    [parent, latest, policy, plugins, WebSocket, network, sharing, pool, feedback, messages, toast, locale, canSignIn, hooks],
  );
  return <LifelineContext.Provider value={value}>{props.children}</LifelineContext.Provider>;
}
