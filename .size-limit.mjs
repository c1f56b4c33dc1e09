// Size budgets, measured as users ship the code: a production build (NODE_ENV=production, so
// development-only texts are gone), minified, React external, brotli quality 11.
// `npm run bench` prints the same figures beside the peers'. Each limit is today's figure, so
// nothing grows unnoticed; the budgets, where not met, are named beside it.
// Resume after reconnect (#20) added the core's plug-in hooks delivered/url/end and
// api.carried (about 30 B) and the tabs layer's carried state.plugins (about 20 B).
const production = (config) => ({ ...config, define: { ...config.define, 'process.env.NODE_ENV': '"production"' } });
const line = (name, imports, limit) => ({
  name,
  path: Object.keys(imports),
  import: imports,
  ignore: ['react', 'react-dom'],
  modifyEsbuildConfig: production,
  limit,
});

export default [
  line('useWebSocket + WebSocketProvider (issue #18 budget 6,000 B, below react-use-websocket: not met yet, see bench/results.md)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }' }, '7650 B'),
  line('createConnection alone (react-lifeline/core; issue #18 budget 4,500 B: not met yet)', { 'dist/core/index.js': '{ createConnection }' }, '6100 B'),
  line('the whole root entry (issue #18 budget 11,000 B: not met yet)', { 'dist/index.js': '*' }, '12600 B'),
  line('react-lifeline/core, all of it', { 'dist/core/index.js': '*' }, '7650 B'),
  line('hook + provider + share: true (react-lifeline/share)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/share/index.js': '{ sharedSockets }' }, '8150 B'),
  line("hook + provider + share: 'tabs' (react-lifeline/tabs)", { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/tabs/index.js': '{ crossTab }' }, '11300 B'),
  line('hook + provider + heartbeat (react-lifeline/heartbeat)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/heartbeat/index.js': '{ heartbeat }' }, '7950 B'),
  line('hook + provider + keepalive (react-lifeline/keepalive: a heartbeat on a Worker clock)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/keepalive/index.js': '{ keepalive }' }, '9000 B'),
  line('hook + provider + readiness step (react-lifeline/ready)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/ready/index.js': '{ ready }' }, '7800 B'),
  line('hook + provider + resume after reconnect (react-lifeline/resume)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/resume/index.js': '{ resume }' }, '8700 B'),
  line('hook + provider + useCloseFeedback + CloseBanner', { 'dist/index.js': '{ useWebSocket, WebSocketProvider, useCloseFeedback, CloseBanner }' }, '12400 B'),
  line('react-lifeline/devtools in a production build (issue #21: renders nothing, the panel dropped; see bench/devtoolsSize.mjs for a Vite app)', { 'dist/devtools/index.js': '{ LifelineDevtools }' }, '100 B'),
  line('react-lifeline/devtools/production: the panel itself', { 'dist/devtools/production.js': '{ LifelineDevtools }' }, '5550 B'),
  line('react-lifeline/native: nativeNetwork alone (NetInfo and AppState are the app\'s)', { 'dist/native/index.js': '{ nativeNetwork }' }, '800 B'),
];
