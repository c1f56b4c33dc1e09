// Size budgets, measured as users ship the code: a production build (NODE_ENV=production, so
// development-only texts are gone), minified, React external, brotli quality 11.
// `npm run bench` prints the same figures beside the peers'.
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
  line('useWebSocket + WebSocketProvider (issue #18: at most 6,000 B, below react-use-websocket)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }' }, '6000 B'),
  line('createConnection alone (react-lifeline/core; issue #18: at most 4,500 B)', { 'dist/core/index.js': '{ createConnection }' }, '4500 B'),
  line('the whole root entry (issue #18: at most 11,000 B)', { 'dist/index.js': '*' }, '11000 B'),
  line('react-lifeline/core, all of it', { 'dist/core/index.js': '*' }, '7000 B'),
  line('hook + provider + share: true (react-lifeline/share)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/share/index.js': '{ sharedSockets }' }, '7000 B'),
  line("hook + provider + share: 'tabs' (react-lifeline/tabs)", { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/tabs/index.js': '{ crossTab }' }, '9500 B'),
  line('hook + provider + heartbeat (react-lifeline/heartbeat)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/heartbeat/index.js': '{ heartbeat }' }, '6500 B'),
  line('hook + provider + readiness step (react-lifeline/ready)', { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/ready/index.js': '{ ready }' }, '6500 B'),
  line('hook + provider + useCloseFeedback + CloseBanner', { 'dist/index.js': '{ useWebSocket, WebSocketProvider, useCloseFeedback, CloseBanner }' }, '10000 B'),
];
