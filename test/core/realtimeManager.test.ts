import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/createRealtimeManager';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

const until = async (check: () => boolean | Promise<boolean>, what: string, ms = 8000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting for ${what}`);
};

test('smoke: one subscription joins and receives an insert', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 500 } });
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50 } });
  manager.connect();
  const received: unknown[] = [];
  const sub = manager.subscribe({ table: 'todos', onChange: (p) => received.push(p.new) });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  expect(manager.health.getSnapshot().status).toBe('connected');
  await server.sql(`insert into todos (title) values ('a')`);
  await until(() => received.length === 1, 'event');
  sub.unsubscribe();
  await until(() => manager.getStats().channels.length === 0, 'channel removed');
  await manager.destroy();
});
