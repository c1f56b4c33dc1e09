import type { AbnormalCloseHandler } from './LifelineContext';

/** Closes worth a developer's attention: no close frame, a server crash, a bad gateway. */
export const ABNORMAL_CODES: ReadonlySet<number> = /* @__PURE__ */ new Set([1006, 1011, 1014]);

/** The default `onAbnormalClose`: a warning in development, silence in production. */
export const logAbnormalClose: AbnormalCloseHandler = (close, { url }) => {
  if (typeof process !== 'undefined' && process.env.NODE_ENV === 'production') return;
  console.warn(`react-lifeline: ${url} closed with ${close.code} (${close.meaning.name}).${close.willRetry ? ' Reconnecting.' : ''}`);
};

/** The URL without its query string and fragment, where tokens tend to live. */
export function urlForLog(url: unknown): string {
  if (typeof url === 'function') return '(URL from a function)';
  try {
    const parsed = new URL(String(url), globalThis.location?.href);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return String(url).split(/[?#]/)[0] ?? '';
  }
}
