// The devtools panel itself, in every build: for an app that wants it in production too
// (behind its own flag). `react-lifeline/devtools` renders nothing in production builds.
export { LifelineDevtools } from './LifelineDevtools';
export type { DevtoolsPosition, LifelineDevtoolsProps } from './LifelineDevtools';
