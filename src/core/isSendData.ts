import type { SendData } from './types';

const BINARY = /^\[object (ArrayBuffer|SharedArrayBuffer|Blob|File)\]$/;

/** What `WebSocket.send()` takes as it is: a string, a buffer, a view of one, or a Blob (from any realm). */
export const isSendData = (data: unknown): data is SendData =>
  typeof data === 'string' || ArrayBuffer.isView(data) || BINARY.test(Object.prototype.toString.call(data));
