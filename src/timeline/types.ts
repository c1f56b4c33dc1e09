/**
 * The timeline model both hosts show: the Storybook addon's panel and `<LifelineDevtools />`.
 * No React, no Storybook import.
 */

/**
 * What a panel does to a socket, as the server or the network would.
 * - `close`: a close frame with this code and reason from the server, to every open socket.
 * - `drop`: the TCP connection dies: no close frame, so the app sees 1006.
 * - `restart`: close every socket with 1012 ("Service Restart"), refuse handshakes for `afterMs`, then accept again.
 * - `refuse`: refuse every handshake while true (a 401, a 503, nothing listening): the app sees 1006.
 * - `offline` / `online`: the browser's network (`navigator.onLine` and the window's events); offline also drops open sockets.
 * - `stall`: open sockets stay open but answer nothing (no pongs, no replies) until closed: a half-open link.
 * - `message`: the server sends this text to every open socket.
 */
export type LifelineAction =
  | { close: number; reason?: string | undefined }
  | { drop: true }
  | { restart: number }
  | { refuse: boolean }
  | { offline: true }
  | { online: true }
  | { stall: true }
  | { message: string };

/** One line of the timeline. `at` is epoch ms. */
export type TimelineEntry =
  | { at: number; kind: 'connecting'; socket: number; url: string }
  | { at: number; kind: 'open'; socket: number }
  | { at: number; kind: 'refused'; socket: number }
  | {
      at: number;
      kind: 'closed';
      socket: number | null;
      code: number;
      name: string;
      initiator: 'client' | 'server' | 'network';
      reason: string;
    }
  /** What the connection decided about a close (from the provider's `onClose`). */
  | { at: number; kind: 'decision'; code: number; willRetry: boolean; retryAt: number | null; reauth: boolean; /** The closed socket's URL, without its query. */ url?: string }
  /** `panel`: the Storybook panel; `scenario`: a story's scenario; `devtools`: `<LifelineDevtools />` (simulated on the app's own socket). */
  | { at: number; kind: 'action'; action: LifelineAction; from: 'panel' | 'scenario' | 'devtools' };
