import type { StorybookConfig } from '@storybook/react-vite';
import { fileURLToPath } from 'node:url';
import remarkGfm from 'remark-gfm';

// Our own addon, from its sources (users add 'react-lifeline/storybook' to `addons`; see the README).
const addon = (file: string) => fileURLToPath(new URL(`../src/storybook/${file}`, import.meta.url));

const config: StorybookConfig = {
  stories: ['../stories/**/*.mdx', '../stories/**/*.stories.tsx'],
  addons: [
    {
      name: '@storybook/addon-docs',
      // GitHub-flavoured Markdown in the docs pages: tables, strikethrough, task lists, autolinks.
      options: { mdxPluginOptions: { mdxCompileOptions: { remarkPlugins: [remarkGfm] } } },
    },
    '@storybook/addon-vitest',
    '@storybook/addon-a11y',
  ],
  framework: { name: '@storybook/react-vite', options: {} },
  // The docs pages (docs/*.md, rendered by stories/docs) show the package's screenshots.
  staticDirs: [{ from: '../docs/screenshots', to: '/screenshots' }],
  previewAnnotations: (entries = []) => [...entries, addon('preview.ts')],
  managerEntries: (entries = []) => [...entries, addon('manager.tsx')],
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // No onboarding: neither the sidebar's "Get started" checklist nor the "Guide" page in the menu.
  // No Actions panel either (no story logs actions): the tab strip fits the panel docked right.
  features: { sidebarOnboardingChecklist: false, menuOnboardingChecklist: false, actions: false },
  typescript: { reactDocgen: false },
  // preview.tsx imports storybook/theming (the docs theme): pre-bundle it, or Vite discovers it on the
  // first run and reloads the page under the story tests ("Vite unexpectedly reloaded a test").
  viteFinal: (viteConfig) => ({
    ...viteConfig,
    optimizeDeps: { ...viteConfig.optimizeDeps, include: [...(viteConfig.optimizeDeps?.include ?? []), 'storybook/theming'] },
  }),
};

export default config;
