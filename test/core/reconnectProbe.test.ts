/**
 * `manager.reconnect()` on a socket that looks connected: an app calls it because something
 * seems wrong, and a half-open socket (a network that died silently) looks connected until the
 * heartbeat times out. It is checked with one heartbeat: a half-open socket is replaced at once,
 * a healthy one is kept.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createFrameRecorder } from '../support/frameRecorder';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('reconnect() on a half-open socket replaces it long before the heartbeat would notice', { timeout: 30_000 }, async () => {
  // A minute between heartbeats: only the probe can find the dead socket within the waits below.
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  const titles: string[] = [];
  const sub = manager.subscribe({ table: 'todos', filter: 'priority=eq.41', onChange: (p) => void titles.push((p.new as { title: string }).title) });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined', 15_000);
  expect(server.faults.blackhole(60_000)).toBe(1);
  expect(manager.health.getSnapshot().status).toBe('connected');

  manager.reconnect();
  await waitUntil(() => manager.getStats().reconnects === 1, 'the half-open socket replaced', 10_000);
  await waitUntil(() => sub.getSnapshot().status === 'joined' && manager.health.getSnapshot().status === 'connected', 'joined again', 10_000);
  await server.sql("insert into todos (title, priority) values ('after reconnect()', 41)");
  await waitUntil(() => titles.includes('after reconnect()'), 'a row on the new socket', 10_000);
  sub.unsubscribe();
  await manager.destroy();
  server.faults.reset();
});

test('reconnect() on a healthy socket costs one heartbeat: no reconnect, leave or join', { timeout: 30_000 }, async () => {
  const recorder = createFrameRecorder();
  const client = createTestClient(server, { realtime: { transport: recorder.transport, heartbeatIntervalMs: 60_000 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  const sub = manager.subscribe({ table: 'todos', filter: 'priority=eq.42' });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined', 15_000);
  const from = recorder.sent.length;
  const { joins, leaves } = server.stats();

  manager.reconnect();
  await waitUntil(() => recorder.since(from).some((f) => f.event === 'heartbeat'), 'the probe heartbeat', 5_000);
  // Long enough for a wrongly failed probe (2 s) plus a reconnect to have shown up.
  await new Promise((resolve) => setTimeout(resolve, 3500));
  expect(recorder.since(from).filter((f) => f.event !== 'access_token')).toEqual([{ topic: 'phoenix', event: 'heartbeat' }]);
  expect(server.stats()).toMatchObject({ joins, leaves });
  expect(manager.getStats().reconnects).toBe(0);
  expect(manager.health.getSnapshot().status).toBe('connected');
  sub.unsubscribe();
  await manager.destroy();
});
