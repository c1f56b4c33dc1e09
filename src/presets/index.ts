// Presets for real protocols: a policy, user-facing words and (graphql-ws) a readiness step each.
export { graphqlWsPolicy } from './graphqlWsPolicy';
export { graphqlWsMessages } from './graphqlWsMessages';
export { graphqlWsReady } from '../plugins/ready/index';
export { discordGatewayPolicy } from './discordGatewayPolicy';
export { discordGatewayMessages } from './discordGatewayMessages';
