/**
 * Presence on a shared room costs presence traffic only when something about presence
 * changed: a (re)join or a new state. Observed from a second, plain supabase-js client.
 */
import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
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

/** A second client in the room that counts presence syncs (one per presence_diff) and broadcasts. */
async function observe(client: SupabaseClient, room: string) {
  const seen = { syncs: 0, broadcasts: 0, names: [] as string[] };
  const channel: RealtimeChannel = client.channel(room, { config: { presence: { key: 'observer', enabled: true } } });
  channel.on('presence', { event: 'sync' }, () => {
    seen.syncs++;
    seen.names = Object.values(channel.presenceState()).flatMap((metas) => metas.map((m) => String((m as { name?: unknown }).name)));
  });
  channel.on('broadcast', { event: 'cursor' }, () => seen.broadcasts++);
  await new Promise<void>((resolve, reject) => channel.subscribe((status) => (status === 'SUBSCRIBED' ? resolve() : status !== 'CLOSED' && reject(new Error(status)))));
  return seen;
}

test('40 broadcasts on a room where this client tracks presence cause no presence traffic', async () => {
  const room = 'presence-quiet';
  const observerClient = createTestClient(server);
  const seen = await observe(observerClient, room);
  const client = createTestClient(server);
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  const presence = manager.presence(room, { name: 'a' });
  const cursor = manager.broadcast(room, 'cursor');
  await waitUntil(() => seen.names.includes('a'), 'the observer sees the tracked member');
  const syncsBefore = seen.syncs;

  for (let i = 0; i < 40; i++) expect(await cursor.send({ x: i })).toBe('ok');
  await waitUntil(() => seen.broadcasts === 40, 'the observer receives all 40 broadcasts');
  // A sentinel state change: frames are handled in order, so any re-track the broadcasts caused
  // reaches the observer before this one.
  expect(await presence.track({ name: 'b' })).toBe('ok');
  await waitUntil(() => seen.names.includes('b'), 'the observer sees the new state');
  expect(seen.syncs - syncsBefore).toBe(1);

  presence.unsubscribe();
  cursor.unsubscribe();
  await manager.destroy();
  await observerClient.removeAllChannels();
});

test('tracking the same state again sends nothing; a new join tracks again', async () => {
  const room = 'presence-same-state';
  const observerClient = createTestClient(server);
  const seen = await observe(observerClient, room);
  const client = createTestClient(server);
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  const presence = manager.presence(room, { name: 'same' });
  await waitUntil(() => seen.names.includes('same'), 'the observer sees the member');
  const syncsBefore = seen.syncs;
  expect(await presence.track({ name: 'same' })).toBe('ok');
  expect(await presence.track({ name: 'next' })).toBe('ok');
  await waitUntil(() => seen.names.includes('next'), 'the observer sees the changed state');
  expect(seen.syncs - syncsBefore).toBe(1);

  // The server closes the channel: the manager rejoins with a fresh instance and tracks again.
  // The server closes the room for everyone (the observer too, which does not come back).
  expect(server.faults.closeChannels('Realtime was unable to connect to the project database', room)).toBe(2);
  await waitUntil(() => manager.getStats().channelJoins === 2 && presence.getSnapshot().status === 'joined', 'rejoined', 15_000);
  // The close dropped this client's presence on the server; the new join tracked it again.
  const laterClient = createTestClient(server);
  const later = await observe(laterClient, room);
  await waitUntil(() => later.names.join() === 'next', 'tracked again after the rejoin', 15_000);
  await laterClient.removeAllChannels();

  presence.unsubscribe();
  await manager.destroy();
  await observerClient.removeAllChannels();
});
