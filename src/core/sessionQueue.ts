import type { SendData } from './types';

export interface SessionQueue {
  readonly size: number;
  /** Queues a copy of `data`; false when full and `dropOldest` is off (or `max` is 0). */
  push(data: SendData, max: number, dropOldest: boolean): boolean;
  /** Sends in order; a throw stops the flush and leaves that message first in line. */
  flush(send: (data: SendData) => void): void;
  /** Empties the queue and says how many messages it held. */
  discard(): number;
}

// Browsers copy at send(); a queued message must not change when the caller reuses its buffer.
// (A Blob is immutable; a SharedArrayBuffer becomes an ordinary buffer, which send() accepts.)
const copy = (data: SendData): SendData =>
  typeof data === 'string' || (typeof Blob === 'function' && data instanceof Blob)
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : new Uint8Array(data as ArrayBufferLike).slice().buffer;

/**
 * The messages of one session (one URL and protocols, from connect() until the connection
 * stops or moves). The connection discards it when the session ends and reports the count,
 * so nothing queued for one URL reaches another, or goes out after disconnect().
 */
export function sessionQueue(): SessionQueue {
  let items: SendData[] = [];
  return {
    get size() {
      return items.length;
    },
    push(data, max, dropOldest) {
      if (items.length >= max) {
        if (!dropOldest || max <= 0) return false;
        items.shift();
      }
      items.push(copy(data));
      return true;
    },
    flush(send) {
      while (items.length > 0) {
        send(items[0]!);
        items.shift();
      }
    },
    discard() {
      const count = items.length;
      items = [];
      return count;
    },
  };
}
