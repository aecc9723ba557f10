import { fileURLToPath } from 'node:url';
import { storybookTest } from '@storybook/addon-vitest/vitest-plugin';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig } from 'vitest/config';

/** Debian's Chromium (apt-get install chromium); scripts/ensure-chromium.sh installs it. */
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Test projects:
 * - node:  DOM-free core and the dev server (`*.test.ts`)
 * - node-oldest-supabase: test/core again, with `@supabase/supabase-js` aliased to the oldest
 *   supported release (devDependency `supabase-js-oldest`)
 * - react: hooks and components in jsdom (`*.test.tsx`)
 * - chaos: the short chaos soak (also part of `npm test`)
 * - storybook: every story in stories/ rendered and its play function run in real
 *   Chromium (Storybook's Vitest addon, browser mode, Playwright provider). The embedded
 *   dev server starts with the first story that needs it (.storybook/demoBackendPlugin.ts).
 */
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          environment: 'node',
          include: ['test/**/*.test.ts'],
          exclude: ['test/chaos/**'],
        },
      },
      {
        // The same core tests against the oldest supabase-js the package supports (the peer
        // range in package.json): the manager relies on realtime-js internals that older 2.x
        // releases lack, so both ends of the range run. `supabase-js-oldest` is an npm alias.
        extends: true,
        resolve: { alias: { '@supabase/supabase-js': 'supabase-js-oldest' } },
        test: {
          name: 'node-oldest-supabase',
          environment: 'node',
          env: { SUPABASE_JS_UNDER_TEST: 'supabase-js-oldest' },
          include: ['test/core/**/*.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'react',
          environment: 'jsdom',
          include: ['test/**/*.test.tsx'],
        },
      },
      {
        extends: true,
        test: {
          name: 'chaos',
          environment: 'node',
          include: ['test/chaos/**/*.test.ts'],
          testTimeout: 15 * 60_000,
        },
      },
      {
        extends: true,
        plugins: [storybookTest({ configDir: fileURLToPath(new URL('./.storybook', import.meta.url)) })],
        test: {
          name: 'storybook',
          // Stories share one dev server and one browser page: run them one file at a time.
          fileParallelism: false,
          browser: {
            enabled: true,
            headless: true,
            provider: playwright({
              launchOptions: {
                executablePath: chromiumPath,
                args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
              },
            }),
            instances: [{ browser: 'chromium' }],
          },
        },
      },
    ],
  },
});
