import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Tests of React 19-only APIs (<Activity>) are named *.react19.test.tsx: CI runs the suite on
// React 18.3 too (the peer range is ^18 || ^19), where those APIs do not exist.
const reactMajor = Number(createRequire(import.meta.url)('react/package.json').version.split('.')[0]);
const onlyOnReact19 = reactMajor < 19 ? ['test/**/*.react19.test.tsx'] : [];

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests may import by package name, as users do; here that means the sources.
  resolve: {
    alias: [
      { find: /^react-lifeline$/, replacement: source('./src/index.ts') },
      { find: /^react-lifeline\/core$/, replacement: source('./src/core/index.ts') },
      { find: /^react-lifeline\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^react-lifeline\/tabs$/, replacement: source('./src/plugins/tabs/index.ts') },
      { find: /^react-lifeline\/share$/, replacement: source('./src/plugins/share/index.ts') },
      { find: /^react-lifeline\/heartbeat$/, replacement: source('./src/plugins/heartbeat/index.ts') },
      { find: /^react-lifeline\/keepalive$/, replacement: source('./src/plugins/keepalive/index.ts') },
      { find: /^react-lifeline\/native$/, replacement: source('./src/native/index.ts') },
      { find: /^react-lifeline\/ready$/, replacement: source('./src/plugins/ready/index.ts') },
      { find: /^react-lifeline\/resume$/, replacement: source('./src/plugins/resume/index.ts') },
      { find: /^react-lifeline\/presets$/, replacement: source('./src/presets/index.ts') },
      { find: /^react-lifeline\/devtools$/, replacement: source('./src/devtools/index.ts') },
      { find: /^react-lifeline\/devtools\/production$/, replacement: source('./src/devtools/production.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/ssr/**/*.test.tsx', 'test/docs/**/*.test.ts', 'test/feedback/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/testing/**/*.test.ts', 'test/plugins/**/*.test.ts', 'test/native/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/recipes/**/*.test.{ts,tsx}', 'test/react/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}', 'test/faults/**/*.test.{ts,tsx}', 'test/lifecycle/**/*.test.{ts,tsx}', 'test/badInput/**/*.test.{ts,tsx}', 'test/plugins/**/*.test.tsx', 'test/native/**/*.test.tsx', 'test/storybook/**/*.test.tsx', 'test/devtools/**/*.test.tsx', 'test/timeline/**/*.test.tsx', 'test/compat/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', ...onlyOnReact19],
          setupFiles: ['test/setup/undiciEvents.ts', 'test/setup/cleanup.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
