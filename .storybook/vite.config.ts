import { defineConfig } from 'vite';

/**
 * Storybook's own Vite config: intentionally empty. Plugins are added in main.ts
 * (`viteFinal`) so that Storybook and its Vitest project get exactly the same ones.
 */
export default defineConfig({});
