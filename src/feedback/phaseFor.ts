import type { IncidentSnapshot, WatchOptions } from './createFeedbackTracker';

/**
 * The incident as one watcher sees it, through its own timing: hidden until its `graceMs`
 * passed (at once for a close that will not come back by itself), and "Reconnected" for its
 * `restoredMs`, only after an incident it showed. Pure; null when there is nothing to show.
 */
export function phaseFor({ phase, now, startedAt, backAt, restoredAt, final }: IncidentSnapshot, { graceMs, restoredMs }: WatchOptions): 'shown' | 'confirming' | 'restored' | null {
  // How long the incident lasted for this watcher: until now, or until the connection came back.
  const shown = final || (phase === 'shown' ? now : backAt) - startedAt >= graceMs;
  if (phase === 'shown' || phase === 'confirming') return shown ? phase : null;
  return phase === 'restored' && shown && now - restoredAt < restoredMs ? phase : null;
}
