/** @jsxRuntime classic */
/** @jsx React.createElement */
// Classic JSX on purpose: Storybook's manager renders this with its own React (see
// src/storybook/LifelinePanelView.tsx); the devtools render it with the app's.
import * as React from 'react';
import { describeEntry } from './describeEntry';
import { liveDecisions, since } from './timelineModel';
import type { TimelineEntry } from './types';

/** The colours a host gives the timeline: plain CSS values (a theme's, or `var(--…)`). */
export interface TimelineColors {
  /** The times and "Nothing happened yet.". */
  muted: string;
  /** The times' font. */
  mono: string;
  /** The left border of each line, by kind. */
  border: Readonly<Record<TimelineEntry['kind'], string>>;
}

export interface TimelineViewProps {
  /** Oldest first, as the model keeps it; shown newest first. */
  timeline: readonly TimelineEntry[];
  /** Epoch ms the times count from: "+1.2 s". */
  startedAt: number;
  /** Epoch ms, ticking: dates the scheduled retries ("retry in 2.3 s"). */
  now: number;
  /** The log's accessible name. */
  label: string;
  /** False while the page is offline: a retry still to come waits for the network. Default true. */
  online?: boolean | undefined;
  colors: TimelineColors;
}

/**
 * A timeline as a live log, newest first: each line its time since `startedAt` and
 * `describeEntry`'s words; a retry still to come counts down with `now`. The one view of a
 * timeline, shown by the Storybook addon's panel and by `<LifelineDevtools />`.
 *
 * @example
 * <TimelineView timeline={entries} startedAt={t0} now={now} label="Socket timeline" colors={colors} />
 */
export function TimelineView({ timeline, startedAt, now, label, colors, online = true }: TimelineViewProps) {
  const live = liveDecisions(timeline);
  // Newest first: the line the last event or click caused is the one to see.
  const lines = timeline.map((entry, index) => ({ entry, index })).reverse();
  return (
    <div role="log" aria-label={label}>
      {lines.length === 0 ? (
        <p style={{ margin: 0, color: colors.muted }}>Nothing happened yet.</p>
      ) : (
        <ol style={{ listStyle: 'none', margin: 0, padding: 0, display: 'grid', gap: 2 }}>
          {lines.map(({ entry, index }) => (
            <li
              key={`${entry.at}:${index}`}
              title={new Date(entry.at).toLocaleTimeString()}
              style={{ display: 'grid', gridTemplateColumns: '4.5em 1fr', gap: 8, padding: '1px 0 1px 8px', borderLeft: `3px solid ${colors.border[entry.kind]}` }}
            >
              <span style={{ fontFamily: colors.mono, fontSize: '0.92em', color: colors.muted, fontVariantNumeric: 'tabular-nums' }}>{since(entry.at, startedAt)}</span>
              <span>{describeEntry(entry, live.has(index) ? now : Number.POSITIVE_INFINITY, live.has(index) && !online)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
