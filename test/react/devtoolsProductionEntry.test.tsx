/**
 * `supabase-realtime-react/devtools` decides at import time, as TanStack Query's devtools do:
 * with `process.env.NODE_ENV === 'production'` its `RealtimeDevtools` renders nothing, while
 * `supabase-realtime-react/devtools/production` renders in every build. Each case imports the
 * entry afresh under the stubbed NODE_ENV (the manager is passed as a prop because a fresh
 * module graph has its own provider context).
 */
import { cleanup, render } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, expect, test, vi } from 'vitest';
import type { RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { startTestServer } from '../support/devServer';
import { devtoolsHosts, newDevtoolsManager, waitForPanel } from './devtoolsHarness';

let server: DevServer;
let manager: RealtimeManager;
beforeAll(async () => {
  server = await startTestServer();
  manager = newDevtoolsManager(server);
});
afterEach(() => {
  cleanup();
  vi.unstubAllEnvs();
  vi.resetModules();
});
afterAll(async () => {
  await manager?.destroy();
  await server?.close();
});

async function importFresh<T>(path: string, nodeEnv: string): Promise<T> {
  vi.stubEnv('NODE_ENV', nodeEnv);
  vi.resetModules();
  return (await import(/* @vite-ignore */ path)) as T;
}

type Entry = typeof import('../../src/devtools/index');

/** Lets effects and a lazy import settle, so "nothing rendered" is not just "not yet". */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

test('in development, devtools/index renders the toggle and the panel', async () => {
  const { RealtimeDevtools } = await importFresh<Entry>('../../src/devtools/index', 'development');
  render(<RealtimeDevtools manager={manager} initialIsOpen />);
  await waitForPanel();
  expect(devtoolsHosts()).toHaveLength(1);
});

test('with NODE_ENV=production, devtools/index renders nothing: no host element, no shadow root, no panel', async () => {
  const { RealtimeDevtools } = await importFresh<Entry>('../../src/devtools/index', 'production');
  const view = render(<RealtimeDevtools manager={manager} initialIsOpen />);
  await settle();
  expect(devtoolsHosts()).toHaveLength(0);
  expect(view.container.innerHTML).toBe('');
  expect(document.body.innerHTML).toBe('<div></div>');
});

test('with NODE_ENV=production, devtools/production still renders the toggle and the panel', async () => {
  const { RealtimeDevtools } = await importFresh<typeof import('../../src/devtools/production')>('../../src/devtools/production', 'production');
  expect(process.env.NODE_ENV).toBe('production');
  render(<RealtimeDevtools manager={manager} initialIsOpen />);
  await waitForPanel();
  expect(devtoolsHosts()).toHaveLength(1);
});
