/**
 * A check after a wake (or visible, online, a restore) must not drop a socket that is working
 * but slow to answer. On a busy page the probe's answer waits behind a burst of frames; the dev
 * server's `delayHeartbeats` fault reproduces what the client sees: data flows, the heartbeat
 * answer comes late. Frames arriving prove the socket alive, so the probe waits on.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createPageEnvironment } from '../support/pageEnvironment';
import { waitUntil as until } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

test('a late probe answer while rows keep arriving: no reconnect, no rejoin, no event lost', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
  const env = createPageEnvironment();
  const manager = createRealtimeManager(client, { environment: env, probeTimeoutMs: 500 });
  const titles: string[] = [];
  const sub = manager.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => void titles.push((p.new as { title: string }).title) });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  const joins = server.stats().joins;

  // The answer comes 2.5 s late, five probe windows, while a row arrives every 100 ms.
  server.faults.delayHeartbeats(2500);
  let written = 0;
  const writer = setInterval(() => void server.sql('insert into todos (title) values ($1)', [`burst ${++written}`]), 100);
  try {
    await until(() => titles.length >= 3, 'rows flowing before the check');
    env.sleep(60_000);
    await until(() => manager.getStats().channelJoins > 0 && manager.health.getSnapshot().status === 'connected' && written >= 40, 'the check over, rows still flowing', 20_000);
  } finally {
    clearInterval(writer);
    server.faults.reset();
  }
  await until(() => titles.length === written, 'every row delivered', 10_000);
  expect(manager.getStats().reconnects).toBe(0);
  expect(server.stats().joins).toBe(joins);
  expect(new Set(titles).size).toBe(written);
  sub.unsubscribe();
  await manager.destroy();
});

test('silence still abandons the socket: a late answer with no frames meanwhile is not waited for', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
  const env = createPageEnvironment();
  const manager = createRealtimeManager(client, { environment: env, probeTimeoutMs: 500 });
  const sub = manager.subscribe({ table: 'todos', event: 'INSERT' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  server.faults.delayHeartbeats(2500);
  try {
    env.sleep(60_000);
    await until(() => manager.getStats().reconnects === 1, 'the silent socket replaced', 10_000);
  } finally {
    server.faults.reset();
  }
  await until(() => sub.getSnapshot().status === 'joined', 'joined again');
  sub.unsubscribe();
  await manager.destroy();
});
