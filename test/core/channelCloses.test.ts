/**
 * Server closes of one channel over a long life: closes separated by stable joins never park
 * it, and a server that keeps closing for an auth reason gets backed-off refreshes.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import { STABLE_JOIN_MS } from '../../src/core/channel/joinHistory';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
// No jitter: every backoff delay is its ceiling (1 s, 2 s, 4 s, …).
const environment = { random: () => 1 };

test('a channel closed 5 times by the server, each after a stable join, is never parked', { timeout: 90_000 }, async () => {
  const client = createTestClient(server);
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, environment });
  const statuses: string[] = [];
  const sub = manager.subscribe({ table: 'todos', filter: 'priority=eq.5', onStatus: (s) => statuses.push(s) });
  for (let close = 1; close <= 5; close++) {
    await waitUntil(() => sub.getSnapshot().status === 'joined', `joined before close ${close}`, 15_000);
    await sleep(STABLE_JOIN_MS + 300);
    expect(sub.getSnapshot().status).toBe('joined');
    expect(server.faults.closeChannels('Realtime was unable to connect to the project database', sub.topic)).toBe(1);
    await waitUntil(() => sub.getSnapshot().status !== 'joined', `close ${close} seen`, 15_000);
  }
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined after the fifth close', 15_000);
  expect(statuses).not.toContain('errored');
  expect(manager.getStats().channelJoins).toBe(6);
  sub.unsubscribe();
  await manager.destroy();
});

test('a server that keeps closing a channel for auth gets backed-off refreshes, not a tight loop', { timeout: 60_000 }, async () => {
  let tokens = 0;
  // supabase-js calls `accessToken` for every token it needs, the manager's refreshes included.
  const client = createTestClient(server, {
    accessToken: () => server.signJwt({ role: 'authenticated', sub: '00000000-0000-4000-8000-000000000001', jti: `t${++tokens}` }),
  });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, environment });
  const sub = manager.subscribe({ table: 'todos', filter: 'priority=eq.6' });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined');
  const joinsBefore = manager.getStats().channelJoins;
  // The server closes the channel for an expired token as soon as it is joined, for 6 s.
  const closer = setInterval(() => server.faults.closeChannels('Token has expired 5 seconds ago', sub.topic), 20);
  await sleep(6000);
  clearInterval(closer);
  const joins = manager.getStats().channelJoins - joinsBefore;
  // Backoff ceilings 1 s, 2 s, 4 s: about 3 joins in 6 s; a loop without backoff makes dozens.
  expect(joins).toBeGreaterThanOrEqual(2);
  expect(joins).toBeLessThanOrEqual(4);
  expect(tokens).toBeGreaterThanOrEqual(joins);
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined once the server stops closing', 20_000);
  sub.unsubscribe();
  await manager.destroy();
});
