/**
 * What the addon's manager panel and the story's preview say to each other over Storybook's
 * channel. No React, no Storybook import: both sides, and the tests, share it.
 */

/** The addon's id; the panel, the toolbar button and the events are named after it. */
export const ADDON_ID = 'react-lifeline';
export const PANEL_ID = `${ADDON_ID}/panel`;
export const TOOL_ID = `${ADDON_ID}/tool`;
/** `parameters.lifeline` in a story, a component's meta or `.storybook/preview`. */
export const PARAM_KEY = 'lifeline';

export const EVENTS = {
  /** manager → preview: a `LifelineAction` to carry out on the story's server. */
  action: `${ADDON_ID}/action`,
  /** preview → manager: the whole `LifelineSnapshot`, after every change. */
  snapshot: `${ADDON_ID}/snapshot`,
  /** manager → preview: send the snapshot now (a panel that opened late). */
  request: `${ADDON_ID}/request`,
} as const;

import type { LifelineAction, TimelineEntry } from '../timeline/types';

/** What the panel (or a scenario step) does to the story's sockets: see the timeline's `LifelineAction`. */
export type { LifelineAction, TimelineEntry };

/** A scenario step: an action, or a pause of `wait` ms. */
export type LifelineStep = LifelineAction | { wait: number };

/** Where the story's sockets go. */
export type LifelineServerMode = 'fake' | 'real';

/** `parameters.lifeline`. */
export interface LifelineParameters {
  /**
   * `'fake'` (default): sockets never leave the page; a server in the preview accepts them.
   * `'real'`: sockets go to the URL the story gives, and the panel acts on them from the client's
   * side (its closes and drops are simulated: the real socket is closed with 1000 underneath).
   */
  server?: LifelineServerMode | undefined;
  /** Fake server: how long a handshake takes, in ms. Default 150. */
  acceptAfterMs?: number | undefined;
  /** Fake server: what it answers to what the client sends (`undefined`: nothing). E.g. heartbeats: `(data) => (data === 'ping' ? 'pong' : undefined)`. */
  respond?: ((data: unknown) => unknown) | undefined;
  /** Played once the story's first socket opens: e.g. `[{ wait: 2000 }, { close: 1012 }]`. */
  scenario?: readonly LifelineStep[] | undefined;
  /** Render the story as it is, with no provider around it. */
  disable?: boolean | undefined;
}

export type SocketPhase = 'connecting' | 'open' | 'closing' | 'closed';

/** One socket the story opened, as the server sees it. */
export interface SocketRow {
  /** 1, 2, 3... in the order the story opened them. */
  id: number;
  /** Without query string or credentials. */
  url: string;
  phase: SocketPhase;
  /** Messages the server sent to it. */
  received: number;
  /** Messages it sent to the server. */
  sent: number;
}

export interface LifelineSnapshot {
  /** The story this is about. */
  storyId: string;
  mode: LifelineServerMode;
  online: boolean;
  /** "Refuse handshakes" is on (the panel's toggle, or `{ refuse: true }`). */
  refusing: boolean;
  /** Epoch ms until which a `restart` keeps the server down (handshakes refused); null when not restarting. */
  restartingUntil: number | null;
  stalled: boolean;
  sockets: readonly SocketRow[];
  /** Oldest first; the newest 200 are kept. */
  timeline: readonly TimelineEntry[];
  /** Epoch ms the server started: the timeline's "+1.2 s" count from here, so trimmed lines do not shift the rest. */
  startedAt: number;
}
