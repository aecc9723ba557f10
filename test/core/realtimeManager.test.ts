import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil as until } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('smoke: one subscription joins and receives an insert', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 } });
  manager.connect();
  const received: unknown[] = [];
  const sub = manager.subscribe({ table: 'todos', onChange: (p) => received.push(p.new) });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  expect(manager.health.getSnapshot().status).toBe('connected');
  await until(() => manager.health.getSnapshot().latencyMs !== null, 'a heartbeat round trip');
  const health = manager.health.getSnapshot();
  expect(health.lastHeartbeatAt).not.toBeNull();
  expect(health.score).toBeGreaterThan(0);
  expect(health.channels).toEqual({ total: 1, joined: 1, joining: 0, errored: 0 });
  await server.sql(`insert into todos (title) values ('a')`);
  await until(() => received.length === 1, 'event');
  sub.unsubscribe();
  await until(() => manager.getStats().channels.length === 0, 'channel removed');
  await manager.destroy();
});

test('a server-side binding error becomes the classified subscription error, reported once', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 } });
  const statuses: string[] = [];
  const sub = manager.subscribe({ table: 'unpublished', onStatus: (s) => statuses.push(s) });
  await until(() => sub.getSnapshot().status === 'errored', 'errored');
  const joins = server.stats().joins;
  const { error } = sub.getSnapshot();
  expect(error?.technicalMessage).toMatch(/Unable to subscribe to changes with given parameters/);
  await new Promise((r) => setTimeout(r, 600));
  expect(server.stats().joins).toBe(joins); // no rejoin loop
  expect(statuses.filter((s) => s === 'errored')).toHaveLength(1);
  expect(manager.getStats().problems.map((p) => p.kind)).toContain('errored-channel');
  expect(manager.health.getSnapshot().channels.errored).toBe(1);
  sub.unsubscribe();
  await manager.destroy();
});

test('maxChannels gives a clear error before the server would reject', async () => {
  const client = createTestClient(server);
  const manager = createRealtimeManager(client, { gracePeriodMs: 10_000, maxChannels: 2 });
  const a = manager.subscribe({ table: 'todos', filter: 'priority=eq.1' });
  const b = manager.subscribe({ table: 'todos', filter: 'priority=eq.2' });
  const shared = manager.subscribe({ table: 'todos', filter: 'priority=eq.1' });
  const c = manager.subscribe({ table: 'todos', filter: 'priority=eq.3' });
  expect(c.getSnapshot().status).toBe('errored');
  expect(c.getSnapshot().error?.technicalMessage).toMatch(/limit is 2 per connection \(option maxChannels\)/);
  expect(shared.getSnapshot().status).not.toBe('errored');
  expect(manager.getStats().problems.map((p) => p.kind)).toContain('near-channel-limit');
  // A channel in its grace period is evicted to make room.
  b.unsubscribe();
  const d = manager.subscribe({ table: 'todos', filter: 'priority=eq.4' });
  expect(d.getSnapshot().status).not.toBe('errored');
  for (const s of [a, shared, c, d]) s.unsubscribe();
  await manager.destroy();
  expect(manager.getStats().channels).toHaveLength(0);
  expect(() => manager.subscribe({ table: 'todos' })).toThrow(/destroyed/);
});

test('stats, health and errors never contain the API key or a token', async () => {
  const client = createTestClient(server);
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  const sub = manager.subscribe({ table: 'todos', label: 'todo list' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  server.faults.close({ code: 1011 });
  await until(() => manager.health.getSnapshot().lastError !== null, 'an error');
  const text = JSON.stringify([manager.getStats(), manager.health.getSnapshot(), sub.getSnapshot()]);
  expect(text).not.toContain(server.anonKey);
  expect(text).not.toMatch(/eyJ[\w-]+\./);
  expect(manager.getStats().channels[0]!.labels).toEqual(['todo list']);
  sub.unsubscribe();
  await manager.destroy();
});

test('after a forced 1011 close, 30 channels rejoin exactly once each, with fresh instances and no leaves', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 1000 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 }, rejoinSpreadMs: 200 });
  const subs = Array.from({ length: 30 }, (_, i) => manager.subscribe({ table: 'todos', filter: `priority=eq.${i}` }));
  await until(() => subs.every((s) => s.getSnapshot().status === 'joined'), 'all joined');
  const before = server.stats();
  const joinsBefore = manager.getStats().channelJoins;
  // Record every status instead of polling: the reconnecting window can be shorter than a poll.
  const statuses: string[] = [];
  const stopWatching = manager.health.subscribe(() => statuses.push(manager.health.getSnapshot().status));
  server.faults.close({ code: 1011 });
  await until(() => statuses.some((s) => s !== 'connected'), 'drop noticed');
  await until(() => subs.every((s) => s.getSnapshot().status === 'joined') && manager.health.getSnapshot().status === 'connected', 'all rejoined');
  await new Promise((r) => setTimeout(r, 300));
  expect(server.stats().joins - before.joins).toBe(30);
  expect(server.stats().leaves - before.leaves).toBe(0);
  expect(manager.getStats().channelJoins - joinsBefore).toBe(30);
  expect(manager.getStats().clientChannels).toBe(30);
  expect(server.stats().channels).toHaveLength(30);
  stopWatching();
  for (const s of subs) s.unsubscribe();
  await manager.destroy();
  expect(client.realtime.channels).toHaveLength(0);
});

test('a join refused with a reason nobody recognises is retried until the channel is in', async () => {
  // Only refusals known to be fatal (permission, private-only, tenant…) park a channel; an
  // unrecognised reason may be transient, so realtime-js's rejoin backoff keeps going.
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 } });
  server.faults.failJoins(1, 'SomethingNew: the server had a bad moment');
  const statuses: string[] = [];
  const sub = manager.subscribe({ table: 'todos', onStatus: (s) => statuses.push(s) });
  await until(() => sub.getSnapshot().status === 'joined', 'joined after the refusal', 10_000);
  expect(statuses).toContain('errored');
  sub.unsubscribe();
  await manager.destroy();
  server.faults.reset();
});
