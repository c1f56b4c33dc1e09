export { FakeWebSocket, createFakeServer } from './createFakeServer';
export type { FakeServer } from './createFakeServer';
export { seededRandom } from './seededRandom';
