import { defineConfig } from 'vitest/config';

/**
 * Test projects:
 * - node:  DOM-free core and the dev server (`*.test.ts`)
 * - react: hooks and components in jsdom (`*.test.tsx`)
 * - chaos: the short chaos soak (also part of `npm test`)
 * The Storybook browser project is added in vitest.workspace-storybook (see .storybook/).
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
    ],
  },
});
