export { TimelineView } from './TimelineView';
export type { TimelineColors, TimelineViewProps } from './TimelineView';
export { describeAction, describeEntry } from './describeEntry';
export { appendEntry, closedEntry, decisionEntry, liveDecisions, since, TIMELINE_KEEP } from './timelineModel';
export type { LifelineAction, TimelineEntry } from './types';
