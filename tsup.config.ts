import { dirname, relative, resolve } from 'node:path';
import { defineConfig, type Options } from 'tsup';
import type { Plugin } from 'esbuild';

/**
 * The build's own modules, each built once: an import that reaches one of them from outside
 * it becomes an import of its built file, instead of a bundled copy. So an app gets one copy
 * of the state machine (and one `LifelineError` class for `instanceof`), one feedback mapping
 * and one React half, whichever entries it imports.
 */
const MODULES: ReadonlyArray<[source: string, built: string]> = [
  ['src/core', 'core/index'],
  ['src/feedback', 'feedback/index'],
  ['src/react', 'react/index'],
  ['src/plugins/share', 'share/index'],
  ['src/plugins/ready', 'ready/index'],
  ['src/plugins/heartbeat', 'heartbeat/index'],
  ['src/plugins/resume', 'resume/index'],
  ['src/testing', 'testing/index'],
  ['src/index.ts', 'index'],
];

/** `depth`: how deep the entries of this build sit in dist (0 for dist/index.js, 1 for dist/core/index.js). */
const siblings = (depth: number): Plugin => ({
  name: 'siblings',
  setup(build) {
    const extension = build.initialOptions.format === 'cjs' ? 'cjs' : 'js';
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      const target = resolve(args.resolveDir, args.path);
      for (const [source, built] of MODULES) {
        const root = resolve(source);
        const inside = (file: string) => file === root || file.startsWith(`${root}/`) || file === root.replace(/\.ts$/, '');
        if (!inside(target) || inside(args.importer)) continue;
        const from = resolve('dist', depth ? 'x' : '', 'x');
        const path = relative(dirname(from), resolve('dist', `${built}.${extension}`));
        return { path: path.startsWith('.') ? path : `./${path}`, external: true };
      }
      return undefined;
    });
  },
});

// The addon's preview annotations reuse its entry's decorator rather than a copy of it.
const previewReusesDecorator: Plugin = {
  name: 'preview-reuses-decorator',
  setup(build) {
    build.onResolve({ filter: /^\.\/withLifeline$/ }, (args) =>
      args.importer.endsWith('/src/storybook/preview.ts') ? { path: `./index.${build.initialOptions.format === 'cjs' ? 'cjs' : 'js'}`, external: true } : undefined,
    );
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

// React entries only: Next.js App Router needs it at the top of the file.
const client: Options = { banner: { js: '"use client";' } };

export default defineConfig([
  // Not React, no "use client": the core, the feedback mapping, testing, and the plug-ins (each
  // its own entry, so an app ships only those it imports).
  {
    ...shared,
    entry: {
      'core/index': 'src/core/index.ts',
      'feedback/index': 'src/feedback/index.ts',
      'testing/index': 'src/testing/index.ts',
      'share/index': 'src/plugins/share/index.ts',
      'tabs/index': 'src/plugins/tabs/index.ts',
      'heartbeat/index': 'src/plugins/heartbeat/index.ts',
      'ready/index': 'src/plugins/ready/index.ts',
      'keepalive/index': 'src/plugins/keepalive/index.ts',
      'resume/index': 'src/plugins/resume/index.ts',
      'presets/index': 'src/presets/index.ts',
      'native/index': 'src/native/index.ts',
    },
    esbuildPlugins: [siblings(1)],
  },
  // The root: no client module itself (server components may import its pure functions); its
  // React exports come from react/index.
  { ...shared, entry: { index: 'src/index.ts' }, esbuildPlugins: [siblings(0)] },
  {
    ...shared,
    ...client,
    entry: {
      'react/index': 'src/react/index.ts',
      'sonner/index': 'src/adapters/sonner.ts',
      'react-hot-toast/index': 'src/adapters/reactHotToast.tsx',
      'react-toastify/index': 'src/adapters/reactToastify.tsx',
    },
    esbuildPlugins: [siblings(1)],
    onSuccess: 'cp src/react/close-banner.css dist/close-banner.css',
  },
  // The devtools: a React entry whose panel is a chunk of its own (ESM code splitting), so a
  // production build, where the entry's export is a component that renders nothing, drops it.
  { ...shared, ...client, format: ['esm'], splitting: true, outDir: 'dist/devtools', entry: { index: 'src/devtools/index.ts', production: 'src/devtools/production.ts' }, esbuildPlugins: [siblings(1)] },
  { ...shared, ...client, format: ['cjs'], outDir: 'dist/devtools', entry: { index: 'src/devtools/index.ts', production: 'src/devtools/production.ts' }, esbuildPlugins: [siblings(1)] },
  // The Storybook addon (Storybook 10 is ESM only): the decorator and its preview annotations,
  // and the manager panel, which Storybook's manager builder bundles with its own React.
  {
    ...shared,
    format: ['esm'],
    entry: { 'storybook/index': 'src/storybook/index.ts', 'storybook/preview': 'src/storybook/preview.ts', 'storybook/manager': 'src/storybook/manager.tsx' },
    external: [...(shared.external as string[]), /^storybook(\/|$)/, /^@storybook\//],
    esbuildPlugins: [siblings(1), previewReusesDecorator],
  },
]);
