export { resume } from './resume';
export type { ResumeOptions, ResumeGap, ResumeState, ResumeAnswer } from './resume';
export type { StreamPosition, ResumePoint } from './position';
