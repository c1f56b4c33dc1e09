// Size budgets, measured as users ship the code: a production build (NODE_ENV=production, so
// development-only texts are gone), minified, React external, brotli quality 11.
// `npm run bench` prints the same figures beside the peers'.
const production = (config) => ({ ...config, define: { ...config.define, 'process.env.NODE_ENV': '"production"' } });

export default [
  {
    name: 'useWebSocket + WebSocketProvider (issue #10 budget 4,300 B, goal 3,500 B; not met yet)',
    path: 'dist/index.js',
    import: '{ useWebSocket, WebSocketProvider }',
    ignore: ['react', 'react-dom'],
    modifyEsbuildConfig: production,
    limit: '7800 B', // +60 B: the provider's onClose, every close of every socket below (the Storybook addon's timeline, #12); +40 B: its reviews' fixes (a throwing onClose or onAbnormalClose keeps the chain, the closed socket's own URL)
  },
  {
    name: 'the whole root entry (issue #10 budget 7,000 B, goal 6,000 B; not met yet)',
    path: 'dist/index.js',
    import: '*',
    ignore: ['react', 'react-dom'],
    modifyEsbuildConfig: production,
    limit: '13500 B', // +50 B: a server reason only when the server closed; +50 B: the provider's `tabs` prop (#13); +300 B: the third review's feedback fixes (hub handoff, per-watcher grace, sign-in after reauth)
  },
  {
    name: "useWebSocket + WebSocketProvider + crossTab (share: 'tabs', issue #13: what one socket for all tabs costs on top)",
    path: ['dist/index.js', 'dist/tabs/index.js'],
    import: { 'dist/index.js': '{ useWebSocket, WebSocketProvider }', 'dist/tabs/index.js': '{ crossTab }' },
    ignore: ['react', 'react-dom'],
    modifyEsbuildConfig: production,
    limit: '10650 B',
  },
  {
    name: 'react-lifeline/core (issue #10 budget 3,600 B; not met yet)',
    path: 'dist/core/index.js',
    import: '*',
    modifyEsbuildConfig: production,
    limit: '7300 B', // +50 B: onClose's second argument, the URL the closed socket used (#12 review)
  },
];
