import { defineConfig, type Options } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * Entries other than core import core as a sibling file instead of bundling a copy, so an
 * app that imports both `react-lifeline` and `react-lifeline/core` gets one copy of the
 * state machine (and one `LifelineError` class for `instanceof`).
 */
const coreAsSibling: Plugin = {
  name: 'core-as-sibling',
  setup(build) {
    const extension = build.initialOptions.format === 'cjs' ? 'cjs' : 'js';
    build.onResolve({ filter: /^(\.\.?\/)+core(\/index)?$/ }, (args) => {
      if (args.importer.includes('/src/core/')) return undefined;
      // Relative to the output file: dist/index.*, or dist/tabs/index.* for the cross-tab module.
      return { path: `${args.importer.includes('/src/tabs/') ? '..' : '.'}/core/index.${extension}`, external: true };
    });
  },
};

const shared: Options = {
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  target: 'es2022',
  // esbuild's own tree shaking; tsup's rollup pass would drop the "use client" banner.
  treeshake: false,
  splitting: false,
  external: ['react', 'react-dom', 'sonner', 'react-hot-toast', 'react-toastify'],
};

export default defineConfig([
  { ...shared, entry: { 'core/index': 'src/core/index.ts', 'testing/index': 'src/testing/index.ts' }, clean: true },
  {
    ...shared,
    entry: {
      index: 'src/index.ts',
      'sonner/index': 'src/adapters/sonner.ts',
      'react-hot-toast/index': 'src/adapters/reactHotToast.tsx',
      'react-toastify/index': 'src/adapters/reactToastify.tsx',
    },
    // React entries only: Next.js App Router needs it at the top of the file.
    banner: { js: '"use client";' },
    esbuildPlugins: [coreAsSibling],
    onSuccess: 'cp src/react/close-banner.css dist/close-banner.css',
  },
  // Not React: no "use client"; its own entry, so apps without `share: 'tabs'` ship none of it.
  { ...shared, entry: { 'tabs/index': 'src/tabs/index.ts' }, esbuildPlugins: [coreAsSibling] },
]);
