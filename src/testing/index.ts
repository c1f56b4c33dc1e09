export { FakeWebSocket, createFakeServer } from './createFakeServer';
export type { FakeServer } from './createFakeServer';
export { seededRandom } from './seededRandom';
export { createFakeBrowser } from './createFakeBrowser';
export type { FakeBrowserOptions } from './createFakeBrowser';
