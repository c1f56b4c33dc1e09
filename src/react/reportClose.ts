import { describeCloseCode, guard, type CloseInfo } from '../core';
import type { LifelineConfig } from './LifelineContext';

/** Closes worth a developer's attention: no close frame, a server crash, a bad gateway. */
const ABNORMAL = [1006, 1011, 1014];

/**
 * Tells the providers about a close, innermost first, with their latest callbacks: every
 * `onClose`, and the nearest `onAbnormalClose` for 1006, 1011 and 1014 (by default a warning
 * in development). Each callback is guarded: one that throws keeps nothing from the others.
 */
export function reportClose(config: LifelineConfig | null, close: CloseInfo, url: string): void {
  const context = { url };
  let handled = !ABNORMAL.includes(close.code);
  for (let provider = config; provider; provider = provider.parent) {
    const { onClose, onAbnormalClose } = provider.latest.get();
    guard('WebSocketProvider.onClose', onClose, [close, context]);
    if (!handled && onAbnormalClose) {
      handled = true;
      guard('WebSocketProvider.onAbnormalClose', onAbnormalClose, [close, context]);
    }
  }
  if (process.env.NODE_ENV !== 'production' && !handled) {
    console.warn(`react-lifeline: ${url} closed with ${close.code} (${describeCloseCode(close.code).name}).${close.willRetry ? ' Reconnecting.' : ''}`);
  }
}
