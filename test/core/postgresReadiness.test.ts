import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { RealtimeManager } from '../../src/core/manager/realtimeManagerTypes';
import type { SubscriptionStatus } from '../../src/core/types';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

/**
 * A postgres_changes subscription is `joined` at the server's `system` ok, not at the join
 * reply; binding errors from the server clear when an ok follows. Real supabase-js, dev server.
 */
let server: DevServer;
let manager: RealtimeManager | undefined;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await manager?.destroy();
  manager = undefined;
  server.faults.reset();
});
afterAll(async () => {
  await server?.close();
});

function start(options: Parameters<typeof createRealtimeManager>[1] = {}) {
  manager = createRealtimeManager(createTestClient(server), { gracePeriodMs: 50, ...options });
  return manager;
}

test('a retryable binding error followed by an ok ends joined, with the error cleared', async () => {
  server.faults.failBindings(1);
  const statuses: SubscriptionStatus[] = [];
  let gaps = 0;
  const sub = start().subscribe({ table: 'todos', onStatus: (s) => statuses.push(s), onResubscribe: () => gaps++ });
  await waitUntil(() => statuses.includes('errored'), 'the binding error');
  const failed = sub.getSnapshot().error;
  expect(failed?.category).toBe('connection');
  expect(failed?.retryable).toBe(true);
  expect(failed?.technicalMessage).toMatch(/unable to connect to the project database/);

  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined after the ok', 20_000);
  expect(sub.getSnapshot().error).toBeNull();
  expect(statuses.at(-1)).toBe('joined');
  expect(manager!.health.getSnapshot().channels).toMatchObject({ joined: 1, errored: 0 });
  // Gap recovery ran when the bindings went live (once: the error never went live).
  expect(gaps).toBe(1);

  // And it is live: a row inserted now arrives.
  const titles: string[] = [];
  const second = manager!.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => titles.push(String(p.new.title)) });
  await waitUntil(() => second.getSnapshot().status === 'joined', 'the shared channel is joined for a newcomer');
  await server.sql(`insert into todos (title) values ('after-binding-error')`);
  await waitUntil(() => titles.includes('after-binding-error'), 'the row after recovery');
});

test('a later join of a channel that had a binding error is not reported errored', async () => {
  server.faults.failBindings(1);
  const m = start();
  const first = m.subscribe({ table: 'notes' });
  await waitUntil(() => first.getSnapshot().status === 'joined', 'joined after the retry', 20_000);
  // The socket drops: the channel rejoins with a fresh instance and must end joined again.
  const joins = server.stats().joins;
  server.faults.close({ code: 1011 });
  await waitUntil(() => server.stats().joins > joins, 'the rejoin');
  await waitUntil(() => first.getSnapshot().status === 'joined', 'joined after the reconnect', 20_000);
  expect(first.getSnapshot().error).toBeNull();
});

test('a fatal binding error still parks: no ok follows and no rejoin loop', async () => {
  const statuses: SubscriptionStatus[] = [];
  const m = start();
  const sub = m.subscribe({ table: 'unpublished', onStatus: (s) => statuses.push(s) });
  await waitUntil(() => sub.getSnapshot().status === 'errored', 'errored');
  expect(sub.getSnapshot().error?.retryable).toBe(false);
  const joins = server.stats().joins;
  await new Promise((r) => setTimeout(r, 1500));
  expect(server.stats().joins).toBe(joins);
  expect(statuses).toEqual(['joining', 'errored']);
});

test('not joined until the system ok: joining in between, with the reply already in', async () => {
  server.faults.readyDelay(1500);
  const statuses: SubscriptionStatus[] = [];
  const m = start();
  const sub = m.subscribe({ table: 'todos', filter: 'priority=eq.7', onStatus: (s) => statuses.push(s) });
  // The join reply arrived (stats record when: SUBSCRIBED) but the ok has not.
  await waitUntil(() => m.getStats().channels[0]?.joinedAt != null, 'the join reply');
  expect(sub.getSnapshot().status).toBe('joining');
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined at the ok', 15_000);
  expect(statuses).toEqual(['joining', 'joined']);
});

test('a server that never sends the ok: treated as live after postgresReadyTimeoutMs, with gap recovery', async () => {
  server.faults.readyDelay(600_000); // the ok never comes within the test
  let gaps = 0;
  const statuses: SubscriptionStatus[] = [];
  const sub = start({ postgresReadyTimeoutMs: 1000 }).subscribe({ table: 'todos', onStatus: (s) => statuses.push(s), onResubscribe: () => gaps++ });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined by the fallback', 15_000);
  expect(statuses).toEqual(['joining', 'joined']);
  expect(gaps).toBe(1);
});

test('postgresReadyTimeoutMs must be a number ≥ 0', () => {
  expect(() => createRealtimeManager(createTestClient(server), { postgresReadyTimeoutMs: -1 })).toThrow(/postgresReadyTimeoutMs.*must be a finite number >= 0/);
});
