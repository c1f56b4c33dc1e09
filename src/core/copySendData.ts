import type { SendData } from './types';

/**
 * A copy of what `send()` was given, as browsers copy at `send()`: a message held for later
 * must not change when the caller reuses its buffer. A Blob is immutable; a
 * SharedArrayBuffer becomes an ordinary buffer, which `send()` accepts.
 */
export const copySendData = (data: SendData): SendData =>
  typeof data === 'string' || (typeof Blob === 'function' && data instanceof Blob)
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : new Uint8Array(data as ArrayBufferLike).slice().buffer;
