import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'core',
          environment: 'node',
          include: ['test/core/**/*.test.ts', 'test/ssr/**/*.test.tsx', 'test/docs/**/*.test.ts', 'test/feedback/**/*.test.ts', 'test/demo/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/react/**/*.test.{ts,tsx}', 'test/integration/**/*.test.{ts,tsx}', 'test/faults/**/*.test.{ts,tsx}', 'test/lifecycle/**/*.test.{ts,tsx}', 'test/badInput/**/*.test.{ts,tsx}'],
          setupFiles: ['test/setup/undiciEvents.ts', 'test/setup/cleanup.ts'],
          testTimeout: 20_000,
        },
      },
    ],
  },
});
