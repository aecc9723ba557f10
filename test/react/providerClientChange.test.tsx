/**
 * `<RealtimeProvider client>` given another client: the tree moves to a manager for the new
 * client, and the old client's manager (created by the provider) is released and destroyed.
 */
import { cleanup, render } from '@testing-library/react';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { RealtimeProvider, useRealtimeManager, useRealtimeSubscription, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const managers: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  await Promise.all(managers.splice(0).map((m) => m.destroy()));
});
afterAll(async () => {
  await server?.close();
});

test('a new client gets a new manager; the old manager is released, destroyed and its socket closed', async () => {
  const clientA = createTestClient(server);
  const clientB = createTestClient(server);
  const titles: string[] = [];
  let current: RealtimeManager | null = null;
  function Todos() {
    current = useRealtimeManager();
    const { status } = useRealtimeSubscription({ table: 'todos', event: 'INSERT', onChange: (p) => titles.push(String(p.new.title)) });
    return <span data-testid="status">{status}</span>;
  }
  const app = (client: SupabaseClient) => (
    <RealtimeProvider client={client} options={{ gracePeriodMs: 100 }}>
      <Todos />
    </RealtimeProvider>
  );
  const view = render(app(clientA));
  await waitUntil(() => view.getByTestId('status').textContent === 'joined', 'joined on client A');
  const managerA = current!;
  managers.push(managerA);
  expect(clientA.getChannels()).toHaveLength(1);

  view.rerender(app(clientB));
  await waitUntil(() => current !== managerA && clientB.realtime.isConnected() && view.getByTestId('status').textContent === 'joined', 'joined on client B');
  const managerB = current!;
  managers.push(managerB);
  expect(managerB).not.toBe(managerA);
  await waitUntil(() => managerA.destroyed && !clientA.realtime.isConnected(), 'the old manager destroyed and its socket closed');
  expect(clientA.getChannels()).toHaveLength(0);

  await server.sql(`insert into todos (title) values ('through B')`);
  await waitUntil(() => titles.includes('through B'), 'the insert arrives through client B');
  expect(clientB.getChannels()).toHaveLength(1);
});
