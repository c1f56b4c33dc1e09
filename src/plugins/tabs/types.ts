import type { CloseInfo, ConnectionStatus, NetworkSource, ReadyState } from '../../core';

/** The part of the Web Locks API cross-tab sharing uses (`navigator.locks`). */
export interface LockManagerLike {
  request(name: string, options: { signal?: AbortSignal }, callback: (lock: unknown) => Promise<void>): Promise<unknown>;
}

/** The part of `BroadcastChannel` cross-tab sharing uses. */
export interface ChannelLike {
  postMessage(message: unknown): void;
  close(): void;
  onmessage: ((event: MessageEvent) => void) | null;
}

export type ChannelConstructor = new (name: string) => ChannelLike;

export interface CrossTabOptions {
  /** Default `navigator.locks`. */
  locks?: LockManagerLike | undefined;
  /** Default `globalThis.BroadcastChannel`. */
  BroadcastChannel?: ChannelConstructor | undefined;
  /** Where this tab's `online` comes from; default the browser's. */
  network?: NetworkSource | undefined;
}

/** A connection's state as it crosses from the leader tab to the others (an error as plain facts). */
export interface WireState {
  status: ConnectionStatus;
  readyState: ReadyState;
  lastClose: CloseInfo | null;
  attempt: number;
  nextRetryAt: number | null;
  error: { code: string; message: string; field?: string | undefined; count?: number | undefined } | null;
  /** What the leader's plug-ins annotated (`state.plugins`): a stream position, for the next leader to resume from. */
  plugins?: Readonly<Record<string, unknown>> | undefined;
  /** The app's `disconnect(code, reason)` stands (no `connect()` since): a tab taking over keeps the socket stopped. */
  stop: [code: number, reason: string] | null;
}

/** What tabs say to each other on one socket's channel. `from` is the sender's tab id. */
export type TabMessage =
  | { t: 'hello' | 'bye' | 'ask' | 'discard'; from: string }
  /** `relay`: not the leader's, but what a follower that leaves last heard (for a tab that has heard no leader). */
  | { t: 'state'; from: string; state: WireState; relay?: boolean | undefined }
  | { t: 'msg'; from: string; data: unknown }
  | { t: 'send'; from: string; seq: number; after: number | null; data: unknown }
  | { t: 'ack' | 'done'; from: string; to: string; seq: number }
  | { t: 'cmd'; from: string; seq: number; name: 'connect' | 'retryNow' | 'reauthenticate' }
  | { t: 'cmd'; from: string; seq: number; name: 'disconnect'; code: number; reason: string }
  /** Development builds: a follower's `simulateClose()`, for the leader's socket. */
  | { t: 'cmd'; from: string; seq: number; name: 'simulateClose'; code: number; reason: string };

/** A `TabMessage` before the channel stamps it with the sender's id. */
export type Outgoing<M = TabMessage> = M extends unknown ? Omit<M, 'from'> : never;
