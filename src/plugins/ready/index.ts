export { ready } from './ready';
export type { ReadyOptions } from './ready';
export { graphqlWsReady } from './graphqlWsReady';
