import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  // Tests may import by package name, as users do; here that means the sources.
  resolve: {
    alias: [
      { find: /^react-lifeline$/, replacement: source('./src/index.ts') },
      { find: /^react-lifeline\/core$/, replacement: source('./src/core/index.ts') },
      { find: /^react-lifeline\/testing$/, replacement: source('./src/testing/index.ts') },
      { find: /^react-lifeline\/tabs$/, replacement: source('./src/tabs/index.ts') },
    ],
  },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/ssr/**/*.test.tsx', 'test/docs/**/*.test.ts', 'test/feedback/**/*.test.ts', 'test/demo/**/*.test.ts', 'test/testing/**/*.test.ts', 'test/tabs/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/recipes/**/*.test.{ts,tsx}', 'test/react/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}', 'test/faults/**/*.test.{ts,tsx}', 'test/lifecycle/**/*.test.{ts,tsx}', 'test/badInput/**/*.test.{ts,tsx}', 'test/tabs/**/*.test.tsx', 'test/storybook/**/*.test.tsx'],
          setupFiles: ['test/setup/undiciEvents.ts', 'test/setup/cleanup.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
