import { describeCloseCode, type CloseInfo } from '../core';
import type { TimelineEntry } from './types';

/** How many lines a timeline keeps: the newest. */
export const TIMELINE_KEEP = 200;

/** The timeline with `entry` added last, the oldest dropped beyond `TIMELINE_KEEP`. A new array: a snapshot taken earlier does not change. */
export function appendEntry(timeline: readonly TimelineEntry[], entry: TimelineEntry): TimelineEntry[] {
  return [...timeline.slice(-(TIMELINE_KEEP - 1)), entry];
}

/** A socket's close as a line: the code's registered name, who closed it, the reason. `socket` null: a close with no socket of ours (a `disconnect()` between sockets). */
export function closedEntry(at: number, socket: number | null, close: Pick<CloseInfo, 'code' | 'initiator' | 'reason'>): TimelineEntry {
  return { at, kind: 'closed', socket, code: close.code, name: describeCloseCode(close.code).name, initiator: close.initiator, reason: close.reason };
}

/** What the connection decided about a close (`willRetry`, `retryAt`, re-authentication), as a line. `url`: the closed socket's, redacted. */
export function decisionEntry(at: number, close: CloseInfo, url?: string): TimelineEntry {
  return { at, kind: 'decision', code: close.code, willRetry: close.willRetry, retryAt: close.retryAt, reauth: close.action === 'reauth', ...(url !== undefined && { url }) };
}

/**
 * The decisions whose retry may still be coming (they count down): each URL's last, unless a
 * socket to that URL came after it. Older ones were retried or called off. By index.
 */
export function liveDecisions(timeline: readonly TimelineEntry[]): Set<number> {
  const live = new Set<number>();
  const movedOn = new Set<string>();
  for (let index = timeline.length - 1; index >= 0; index -= 1) {
    const entry = timeline[index]!;
    const url = entry.kind === 'connecting' ? entry.url : entry.kind === 'decision' ? (entry.url ?? '') : null;
    if (url === null) continue;
    if (entry.kind === 'decision' && !movedOn.has(url)) live.add(index);
    movedOn.add(url);
  }
  return live;
}

/** The visible relative time of a line: "+1.2 s" since `first` (the timeline's start). */
export const since = (at: number, first: number) => `+${(Math.max(0, at - first) / 1000).toFixed(1)} s`;
