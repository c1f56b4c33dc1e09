import { defineConfig } from 'vitest/config';

// Type tests only: `*.test-d.ts` files are checked by tsc, never run.
export default defineConfig({
  test: {
    include: [],
    typecheck: { enabled: true, only: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
});
