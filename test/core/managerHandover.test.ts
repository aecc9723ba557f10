/**
 * A manager created on a client while the previous one is still being destroyed (a provider
 * remounted with a new key, a tab that stops and starts leading within one teardown) keeps its
 * socket: the old manager's teardown must not disconnect the socket the new one now uses.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('a new manager created during the old one’s destroy() keeps the socket and receives rows', { timeout: 30_000 }, async () => {
  const client = createTestClient(server);
  const first = createRealtimeManager(client, { gracePeriodMs: 50 });
  const old = first.subscribe({ table: 'todos', filter: 'priority=eq.7' });
  await waitUntil(() => old.getSnapshot().status === 'joined', 'the first manager joined', 15_000);

  const destroying = first.destroy();
  const second = createRealtimeManager(client, { gracePeriodMs: 50 });
  const titles: string[] = [];
  const sub = second.subscribe({ table: 'todos', filter: 'priority=eq.8', onChange: (p) => void titles.push((p.new as { title: string }).title) });
  await destroying;

  await waitUntil(() => sub.getSnapshot().status === 'joined', 'the second manager joined', 15_000);
  const reconnectsAfterJoin = second.health.getSnapshot().reconnectAttempts;
  await server.sql("insert into todos (title, priority) values ('after the handover', 8)");
  await waitUntil(() => titles.includes('after the handover'), 'the row through the second manager', 15_000);
  expect(second.health.getSnapshot()).toMatchObject({ status: 'connected', reconnectAttempts: reconnectsAfterJoin });
  expect(second.getStats().reconnects).toBe(0);
  expect(server.stats().sockets).toBe(1);
  sub.unsubscribe();
  await second.destroy();
});
