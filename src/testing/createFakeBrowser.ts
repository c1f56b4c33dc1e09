import type { ChannelConstructor, ChannelLike, LockManagerLike } from '../plugins/tabs/types';

interface Request {
  tab: number;
  callback: (lock: unknown) => Promise<void>;
  settle: (value: unknown) => void;
  fail: (reason: unknown) => void;
}

export interface FakeBrowserOptions {
  /** Runs a channel delivery (and, unless `grantLocks` says otherwise, a lock grant) later, as browsers do: default `setTimeout(deliver, 0)`. */
  schedule?: ((deliver: () => void) => void) | undefined;
  /**
   * Runs a lock grant: default `schedule`, so grants and deliveries happen in the order they
   * were caused. Browsers do not promise that order across the two; pass
   * `(grant) => queueMicrotask(grant)` to let a lock overtake the messages posted before it.
   */
  grantLocks?: ((grant: () => void) => void) | undefined;
}

/**
 * A browser profile for testing `share: 'tabs'`: Web Locks (exclusive, granted in request
 * order in a later task, released when the callback's promise settles or the tab closes) and
 * BroadcastChannels (delivered to every other open channel of the same name, in order,
 * structured-cloned, in a later task). Channel deliveries and lock grants share one
 * `schedule`, so they happen in the order they were caused. `tab(n)` gives the n-th tab's `locks` and
 * `BroadcastChannel` for `crossTab()`; `closeTab(n)` is what a closed or crashed tab does.
 *
 * @example
 * const browser = createFakeBrowser();
 * const tabs = [0, 1].map((n) => crossTab({ ...browser.tab(n) }));
 * // render one <WebSocketProvider share={tabs[n]}> per tab; then browser.closeTab(0) for a takeover
 */
export function createFakeBrowser({ schedule = (deliver) => void setTimeout(deliver, 0), grantLocks = schedule }: FakeBrowserOptions = {}) {
  const held = new Map<string, Request>();
  const waiting = new Map<string, Request[]>();
  const channels = new Set<FakeChannel & { tab: number }>();
  const closedTabs = new Set<number>();
  const log: Array<{ tab: number; name: string; message: unknown }> = [];

  const grant = (name: string) => {
    if (held.has(name)) return;
    const next = waiting.get(name)?.shift();
    if (!next) return;
    held.set(name, next);
    // Granted later; by default in order with the channels' deliveries (see `grantLocks`).
    grantLocks(() => {
      if (held.get(name) !== next) return;
      Promise.resolve()
        .then(() => next.callback({ name }))
        .then(next.settle, next.fail)
        .finally(() => {
          if (held.get(name) === next) {
            held.delete(name);
            grant(name);
          }
        });
    });
  };

  class FakeChannel implements ChannelLike {
    onmessage: ((event: MessageEvent) => void) | null = null;
    closed = false;
    constructor(
      readonly name: string,
      readonly tab: number,
    ) {}
    postMessage(message: unknown) {
      if (this.closed) throw new DOMException('BroadcastChannel is closed', 'InvalidStateError');
      const copy = structuredClone(message);
      log.push({ tab: this.tab, name: this.name, message: copy });
      const targets = [...channels].filter((other) => other !== this && other.name === this.name);
      schedule(() => {
        for (const target of targets) if (!target.closed) target.onmessage?.(new MessageEvent('message', { data: structuredClone(copy) }));
      });
    }
    close() {
      this.closed = true;
      channels.delete(this);
    }
  }

  return {
    log,
    /** How many locks are held, and by which tab. */
    holder: (name: string) => held.get(name)?.tab,
    tab(tab: number): { locks: LockManagerLike; BroadcastChannel: ChannelConstructor } {
      return {
        locks: {
          request(name, options, callback) {
            return new Promise((settle, fail) => {
              if (closedTabs.has(tab)) return fail(new DOMException('closed', 'InvalidStateError'));
              const request: Request = { tab, callback, settle, fail };
              options.signal?.addEventListener('abort', () => {
                const queue = waiting.get(name) ?? [];
                if (!queue.includes(request)) return;
                queue.splice(queue.indexOf(request), 1);
                fail(new DOMException('aborted', 'AbortError'));
              });
              waiting.set(name, [...(waiting.get(name) ?? []), request]);
              grant(name);
            });
          },
        },
        BroadcastChannel: class extends FakeChannel {
          constructor(name: string) {
            super(name, tab);
            channels.add(this);
          }
        },
      };
    },
    /** What a crash or a closed tab does: its channels close, its locks go to the next in line. */
    closeTab(tab: number) {
      closedTabs.add(tab);
      for (const channel of [...channels]) if (channel.tab === tab) channel.close();
      for (const [name, queue] of waiting) waiting.set(name, queue.filter((request) => request.tab !== tab));
      for (const [name, request] of [...held]) {
        if (request.tab !== tab) continue;
        held.delete(name);
        grant(name);
      }
    },
    /** Posts from a script of the same origin that is not react-lifeline. */
    postRaw(name: string, message: unknown) {
      const outsider = new FakeChannel(name, -1);
      outsider.postMessage(message);
    },
  };
}
