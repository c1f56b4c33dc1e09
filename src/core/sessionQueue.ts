import { copySendData as copy } from './copySendData';
import type { SendData } from './types';

export interface SessionQueue {
  readonly size: number;
  /** Queues a copy of `data`, sent under URL change number `epoch`; false when full and `dropOldest` is off (or `max` is 0). */
  push(data: SendData, max: number, dropOldest: boolean, epoch?: number): boolean;
  /** Sends in order; a throw stops the flush and leaves that message first in line. */
  flush(send: (data: SendData) => void): void;
  /** Drops the messages whose epoch `keep` refuses (all of them without `keep`); says how many. */
  discard(keep?: (epoch: number) => boolean): number;
  /** Visits every message in order, keeping them. */
  each(visit: (data: SendData, epoch: number, index: number) => void): void;
}

/**
 * The messages of one session (one URL and protocols, from connect() until the connection
 * stops or moves). Each remembers the URL change it was sent under, so a move keeps only
 * what was meant for where the session ends up. What is dropped is counted for a report:
 * nothing queued for one URL reaches another, or goes out after disconnect().
 */
export function sessionQueue(): SessionQueue {
  let items: Array<[data: SendData, epoch: number]> = [];
  return {
    get size() {
      return items.length;
    },
    push(data, max, dropOldest, epoch = 0) {
      // Written so that a max that is not a number (production builds skip validation) holds nothing, rather than everything.
      if (!(items.length < max)) {
        if (!dropOldest || !(max > 0)) return false;
        items.shift();
      }
      items.push([copy(data), epoch]);
      return true;
    },
    flush(send) {
      while (items.length > 0) {
        send(items[0]![0]);
        items.shift();
      }
    },
    discard(keep = () => false) {
      const before = items.length;
      items = items.filter(([, epoch]) => keep(epoch));
      return before - items.length;
    },
    each(visit) {
      items.forEach(([data, epoch], index) => visit(data, epoch, index));
    },
  };
}
