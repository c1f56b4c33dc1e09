/** UTF-8 byte length, the unit WebSocket close reasons are limited in (a lone surrogate counts as U+FFFD, 3 bytes). Counted by hand: older Hermes has no TextEncoder. */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (const char of text) {
    const point = char.codePointAt(0)!;
    bytes += point < 0x80 ? 1 : point < 0x800 ? 2 : point < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/**
 * Checks `disconnect(code, reason)` the way `WebSocket.close()` would, but before any socket
 * is touched and with an error that says what to do (in development builds).
 */
export function assertCloseArgs(code: number, reason: string): void {
  if (typeof code !== 'number' || !(code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))) {
    throw new RangeError(process.env.NODE_ENV !== 'production' ? `react-lifeline: disconnect(code) takes 1000 or a whole number in 3000-4999, got ${String(code)}. Codes 1001-2999 are reserved for the protocol and browsers refuse them.` : 'react-lifeline: code');
  }
  assertReason(reason);
}

/**
 * Checks `simulateClose(code, reason)`: a close a server could send, so a whole number in
 * 1000-4999 that a close frame may carry (not 1004, 1005 or 1015), or 1006 for a dropped
 * connection (no close frame). The reason as `disconnect()` takes it.
 *
 * @example
 * assertServerCloseArgs(1012, 'restart'); // fine
 * assertServerCloseArgs(1.5, ''); // throws a RangeError
 */
export function assertServerCloseArgs(code: number, reason: string): void {
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 1000 || code > 4999 || code === 1004 || code === 1005 || code === 1015) {
    throw new RangeError(process.env.NODE_ENV !== 'production' ? `react-lifeline: simulateClose(code) takes a whole number in 1000-4999 a server could close with (1006: a dropped connection; not 1004, 1005 or 1015), got ${String(code)}.` : 'react-lifeline: code');
  }
  assertReason(reason);
}

// Each message is behind `process.env.NODE_ENV` itself (not a local flag), so that production builds drop the text.
function assertReason(reason: string): void {
  if (typeof reason !== 'string') throw new TypeError(process.env.NODE_ENV !== 'production' ? `react-lifeline: disconnect(code, reason) takes a string reason, got ${typeof reason}.` : 'react-lifeline: reason');
  const bytes = utf8ByteLength(reason);
  if (bytes > 123) throw new RangeError(process.env.NODE_ENV !== 'production' ? `react-lifeline: a close reason may be at most 123 UTF-8 bytes; this one is ${bytes}. Shorten it.` : 'react-lifeline: reason');
}
