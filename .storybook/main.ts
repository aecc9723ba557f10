import { fileURLToPath } from 'node:url';
import type { StorybookConfig } from '@storybook/react-vite';
import react from '@vitejs/plugin-react';
import { mergeConfig } from 'vite';
import { demoBackendPlugin } from './demoBackendPlugin.js';

/**
 * Storybook 10 (React + Vite). The same config drives `npm start` and the browser tests
 * (`@storybook/addon-vitest` in the `storybook` Vitest project).
 */
const config: StorybookConfig = {
  stories: ['../stories/Introduction.mdx', '../stories/**/*.stories.@(ts|tsx)'],
  addons: ['@storybook/addon-docs', '@storybook/addon-vitest'],
  framework: {
    name: '@storybook/react-vite',
    // The root vite.config.ts is the library build; Storybook needs none of it.
    options: { builder: { viteConfigPath: fileURLToPath(new URL('./vite.config.ts', import.meta.url)) } },
  },
  core: { disableTelemetry: true, disableWhatsNewNotifications: true },
  // The sidebar's onboarding checklist is for new Storybook users, not for this project's demos.
  features: { sidebarOnboardingChecklist: false },
  typescript: { reactDocgen: false },
  async viteFinal(viteConfig) {
    return mergeConfig(viteConfig, {
      plugins: [
        react(),
        demoBackendPlugin({
          schemaFile: fileURLToPath(new URL('../stories/demo-schema.sql', import.meta.url)),
          port: process.env.DEMO_DEVSERVER_PORT ? Number(process.env.DEMO_DEVSERVER_PORT) : 0,
        }),
      ],
      optimizeDeps: { include: ['@supabase/supabase-js', '@tanstack/react-query', 'use-sync-external-store/shim/with-selector'] },
    });
  },
};

export default config;
