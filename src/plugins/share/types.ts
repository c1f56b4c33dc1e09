import type { Connection, ConnectionHandlers, QueueOptions, UrlSource } from '../../core';

/** What a shared hook uses this render: the pool's connection for its URL. */
export interface SharedPick {
  connection: Connection<unknown>;
  /** While an async URL function has not answered: its answer, after which the hook renders again. */
  answer: Promise<unknown> | undefined;
  /** On another socket while the new function answers: where a send belongs is not known yet. */
  tentative: boolean;
}

/** How a hook shares: within its provider (`true`), or across the browser's tabs (`'tabs'`). */
export type ShareMode = true | 'tabs';

/** Shared connections, one per (URL identity, protocols), ref-counted; one per provider. */
export interface SharePool {
  /**
   * The connection for (url, protocols): the one the pool has, else `create(url)`'s (for a URL
   * function, a stand-in that tells the pool each answer). A URL
   * function is asked once where it points; while an async one has not answered, a first
   * render joins the entry the pool keeps for that function (it moves to its real key with
   * the answer), and a later one stays on `previous` until then.
   */
  pick(url: UrlSource, protocols: string | string[] | undefined, mode: ShareMode, previous: Connection<unknown> | null, create: (url: UrlSource) => Connection<unknown>, queue?: QueueOptions | false, signature?: string): SharedPick;
  /** Holds a connection that `pick` gave (see `Connection.retain`); after the last release the pool forgets it. */
  retain(connection: Connection<unknown>, handlers: ConnectionHandlers<unknown>): () => void;
  /** How many connections the pool holds. */
  readonly size: number;
}

/**
 * Given to `<WebSocketProvider share={…}>`: `sharedSockets()` from `react-lifeline/share`, or
 * `crossTab()` from `react-lifeline/tabs` (which shares across tabs as well).
 */
export interface Sharing {
  /** Called once by each provider that has it (nested providers below make their own). */
  createPool(): SharePool;
  /** True for `crossTab()`: `share: 'tabs'` shares across tabs (else within the provider). */
  readonly acrossTabs?: boolean;
}

/** Turns a pool's connection into what `'tabs'` mode shares (the cross-tab module's part). */
export type ShareWrap = (key: string | Promise<string>, connection: Connection<unknown>, mode: ShareMode, queue: QueueOptions | false | undefined) => Connection<unknown>;
