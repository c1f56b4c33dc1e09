import { describeCloseCode } from '../core';
import type { CloseReporter } from './LifelineContext';

/** Closes worth a developer's attention: no close frame, a server crash, a bad gateway. */
export const ABNORMAL_CODES: ReadonlySet<number> = /* @__PURE__ */ new Set([1006, 1011, 1014]);

/** The default `onAbnormalClose`: a warning in development, silence in production. The URL comes redacted. */
export const logAbnormalClose: CloseReporter = (close, { url }, handled) => {
  if (process.env.NODE_ENV !== 'production' && !handled && ABNORMAL_CODES.has(close.code)) {
    console.warn(`react-lifeline: ${url} closed with ${close.code} (${describeCloseCode(close.code).name}).${close.willRetry ? ' Reconnecting.' : ''}`);
  }
};
