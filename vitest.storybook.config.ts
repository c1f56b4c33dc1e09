import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

// The browser tests run every story's play function in Debian's Chromium, against the demo
// server, which test/setup/demoServer.ts starts on its own port; the `chromium` project runs
// Node tests that launch that Chromium with Playwright.
process.env.STORYBOOK_DEMO_URL ??= 'ws://127.0.0.1:8788';

export default defineConfig({
  test: {
    projects: [
      {
        plugins: [storybookTest({ configDir: '.storybook' })],
        test: {
          name: 'storybook',
          globalSetup: ['test/setup/demoServer.ts'],
          testTimeout: 60_000,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
                args: [
                  '--no-sandbox',
                  '--disable-gpu',
                  '--disable-dev-shm-usage',
                  '--disable-background-networking',
                  '--disable-component-update',
                  '--disable-sync',
                  '--no-first-run',
                ],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
      {
        // Node tests that drive Chromium through Playwright themselves: several tabs of one
        // profile (test/browser/crossTab.chromium.test.ts).
        test: {
          name: 'chromium',
          environment: 'node',
          include: ['test/browser/**/*.chromium.test.ts'],
          testTimeout: 60_000,
        },
      },
    ],
  },
});
