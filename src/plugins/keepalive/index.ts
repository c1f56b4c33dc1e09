export { keepalive } from './keepalive';
export type { KeepaliveOptions, KeepaliveState } from './keepalive';
export { workerClock } from './workerClock';
export type { ClockUser, HoldRetries, WorkerClock, WorkerClockOptions, WorkerConstructor, WorkerLike } from './workerClock';
