/**
 * A half-open socket found by realtime-js's own heartbeat, with no page event to trigger our
 * probe (a visible page whose network died silently). phoenix answers a heartbeat timeout by
 * closing with a handshake and removing its close handler about 1.5 s later; a half-open socket
 * never completes that handshake, so without the manager's help no close ever arrives and the
 * manager sits "connected" on a dead socket with every channel waiting to rejoin.
 */
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

test('a heartbeat timeout on a half-open socket reconnects, rejoins and delivers again', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { backoff: { baseMs: 100, maxMs: 500 } });
  const titles: string[] = [];
  const sub = manager.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => void titles.push((p.new as { title: string }).title) });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  const sockets = server.stats().sockets;

  // Half-open for far longer than the wait below: only the client can notice.
  expect(server.faults.blackhole(120_000)).toBe(sockets);
  try {
    await until(() => manager.getStats().reconnects >= 1, 'a reconnect after the heartbeat timeout', 15_000);
    await until(() => sub.getSnapshot().status === 'joined' && manager.health.getSnapshot().status === 'connected', 'joined again on a new socket', 15_000);
    expect(manager.events.entries().some((e) => e.type === 'fault' && e.detail.code === 'heartbeat_timeout')).toBe(true);
    await server.sql('insert into todos (title) values ($1)', ['after the half-open socket']);
    await until(() => titles.includes('after the half-open socket'), 'a row delivered on the new socket', 10_000);
  } finally {
    server.faults.reset();
  }
  sub.unsubscribe();
  await manager.destroy();
});
