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
    // The Storybook addon shares the package's own copies: its provider must be the app's (one React context).
    // The addon's preview annotations reuse its entry's decorator rather than a copy of it.
    build.onResolve({ filter: /^\.\/withLifeline$/ }, (args) =>
      args.importer.endsWith('/src/storybook/preview.ts') ? { path: `./index.${extension}`, external: true } : undefined,
    );
    build.onResolve({ filter: /^\.\.\/(index|core|testing)$/ }, (args) => {
      if (!args.importer.includes('/src/storybook/')) return undefined;
      return { path: args.path === '../index' ? `../index.${extension}` : `${args.path}/index.${extension}`, external: true };
    });
    build.onResolve({ filter: /^(\.\.?\/)+core(\/index)?$/ }, (args) => {
      if (args.importer.includes('/src/core/')) return undefined;
      // Relative to the output file: dist/index.*, or dist/tabs/index.* for the cross-tab module.
      return { path: `${/\/src\/(tabs|storybook)\//.test(args.importer) ? '..' : '.'}/core/index.${extension}`, external: true };
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
  // The Storybook addon (Storybook 10 is ESM only): the decorator and its preview annotations,
  // and the manager panel, which Storybook's manager builder bundles with its own React.
  {
    ...shared,
    format: ['esm'],
    entry: { 'storybook/index': 'src/storybook/index.ts', 'storybook/preview': 'src/storybook/preview.ts', 'storybook/manager': 'src/storybook/manager.tsx' },
    external: [...(shared.external as string[]), /^storybook(\/|$)/, /^@storybook\//],
    esbuildPlugins: [coreAsSibling],
  },
]);
