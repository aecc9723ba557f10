/**
 * A presence handle added to a room another handle of the same manager joined already sees
 * the members at once, not only after the next presence sync (which may never come in a
 * quiet room). The cross-tab leader relies on it: a follower that asks for a room later
 * gets the members from a new handle on the leader's joined channel.
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

test('a second presence handle on a joined room sees its members without waiting for a sync', async () => {
  const manager = createRealtimeManager(createTestClient(server), { gracePeriodMs: 50 });
  const first = manager.presence('presence-late-handle', { name: 'ada' });
  await waitUntil(() => Object.values(first.getSnapshot().members).flat().length === 1, 'the first handle sees ada', 20_000);

  const second = manager.presence<{ name: string }>('presence-late-handle');
  const names = () => Object.values(second.getSnapshot().members).flat().map((meta) => meta.name);
  await waitUntil(() => names().length === 1, 'the second handle sees the member', 20_000);
  expect(names()).toEqual(['ada']);
  expect(second.getSnapshot().status).toBe('joined');

  second.unsubscribe();
  first.unsubscribe();
  await manager.destroy();
});
