// Presets for real protocols: a policy, user-facing words, (graphql-ws) a readiness step, (Discord and generic streams) resume after reconnect.
export { graphqlWsPolicy } from './graphqlWsPolicy';
export { graphqlWsMessages } from './graphqlWsMessages';
export { graphqlWsReady } from '../plugins/ready/index';
export { discordGatewayPolicy } from './discordGatewayPolicy';
export { discordGatewayMessages } from './discordGatewayMessages';
export { discordGatewayResume } from './discordGatewayResume';
export { sequenceResume } from './sequenceResume';
export { lastEventIdResume } from './lastEventIdResume';
