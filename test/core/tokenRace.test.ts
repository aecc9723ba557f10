/**
 * Token race (protocol sheet section 4): supabase-js sets realtime's token asynchronously, so a
 * channel joined right after `createClient` would join without `access_token` and get the
 * apikey's (anon) rights. The manager resolves the token before the first join of a connect.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const managers: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.destroy()));
});
afterAll(async () => {
  await server?.close();
});

/** Subscribes to `secrets` at once; checks that only the user's row arrives (not nothing, as for anon). */
async function expectUserRows(client: SupabaseClient, alice: string): Promise<void> {
  const manager = createRealtimeManager(client, { gracePeriodMs: 50 });
  managers.push(manager);
  const secrets: string[] = [];
  const todos: string[] = [];
  // Subscribed synchronously after createClient: nothing has had a chance to set the token yet.
  const sub = manager.subscribe({ table: 'secrets', event: 'INSERT', onChange: (p) => secrets.push(String(p.new.body)) });
  const marker = manager.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => todos.push(String(p.new.title)) });
  await waitUntil(() => sub.getSnapshot().status === 'joined' && marker.getSnapshot().status === 'joined', 'both joined');

  await server.sql('insert into secrets (owner_id, body) values ($1, $2)', [randomUUID(), 'someone-else']);
  await server.sql('insert into secrets (owner_id, body) values ($1, $2)', [alice, 'alice-1']);
  // Frames reach one socket in commit order: once the marker is here, the secrets rows would be too.
  await server.sql('insert into todos (title) values ($1)', ['fence']);
  await waitUntil(() => todos.includes('fence'), 'the marker row');
  expect(secrets).toEqual(['alice-1']);
}

test('a subscription made right after createClient with an accessToken callback gets the user’s RLS rows, not anon’s', async () => {
  const alice = randomUUID();
  await expectUserRows(createTestClient(server, { accessToken: server.signJwt({ role: 'authenticated', sub: alice }) }), alice);
});

test('a slow accessToken callback (still pending when the socket opens) delays the join instead of joining as anon', async () => {
  const alice = randomUUID();
  const token = server.signJwt({ role: 'authenticated', sub: alice });
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    // Like a token fetched over the network: slower than the WebSocket handshake.
    accessToken: () => new Promise<string>((resolve) => setTimeout(() => resolve(token), 300)),
  });
  await expectUserRows(client, alice);
});
