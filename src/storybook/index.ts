export { withLifeline } from './withLifeline';
export type { LifelineStoryContext } from './withLifeline';
export { createStoryServer } from './createStoryServer';
export type { StoryServer, StoryServerOptions } from './createStoryServer';
export { checkAction } from './checkAction';
export { describeAction, describeEntry } from './describeEntry';
export { ADDON_ID, EVENTS, PANEL_ID, PARAM_KEY, TOOL_ID } from './protocol';
export type {
  LifelineAction,
  LifelineParameters,
  LifelineServerMode,
  LifelineSnapshot,
  LifelineStep,
  SocketPhase,
  SocketRow,
  TimelineEntry,
} from './protocol';
