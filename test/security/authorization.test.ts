/**
 * Authorization through the manager: RLS decides which rows a subscriber receives, before
 * and after the signed-in user changes, and signing out drops to anon rights at once; a
 * refused private channel surfaces as a `permission` error without a rejoin loop.
 *
 * The dev server has no auth endpoints, so the client's `fetch` answers GoTrue's two calls
 * (`GET /auth/v1/user`, `POST /auth/v1/logout`) from the token itself; everything else is real.
 */
import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager, type RealtimeManager } from '../../src/index';
import { decodeJwt } from '../../src/devserver/jwt';
import type { DevServer } from '../../src/devserver/types';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
const managers: RealtimeManager[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  server.faults.reset();
  await Promise.all(managers.splice(0).map((m) => m.destroy()));
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** GoTrue's user and logout endpoints, answered from the bearer token (the dev server has no auth API). */
const authFetch: typeof fetch = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (url.includes('/auth/v1/user')) {
    const auth = new Headers(init?.headers).get('authorization') ?? '';
    const claims = decodeJwt(auth.replace(/^Bearer /, '')) as { sub?: string } | null;
    return new Response(JSON.stringify({ id: claims?.sub, aud: 'authenticated', role: 'authenticated', app_metadata: {}, user_metadata: {}, created_at: new Date().toISOString() }), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    });
  }
  if (url.includes('/auth/v1/logout')) return new Response(null, { status: 204 });
  return fetch(input, init);
};

function newClient(): SupabaseClient {
  return createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, heartbeatIntervalMs: 1000, timeout: 3000 },
    global: { fetch: authFetch },
  });
}

function newManager(client: SupabaseClient): RealtimeManager {
  const manager = createRealtimeManager(client, { gracePeriodMs: 50, backoff: { baseMs: 50, maxMs: 500 } });
  managers.push(manager);
  return manager;
}

const signIn = async (client: SupabaseClient, sub: string) => {
  const { error } = await client.auth.setSession({ access_token: server.signJwt({ role: 'authenticated', sub }), refresh_token: `refresh-${sub}` });
  if (error) throw error;
};

/** A client subscribed to `secrets` (RLS: owners read their rows) plus a `todos` marker, and helpers. */
async function rlsScenario() {
  const client = newClient();
  const manager = newManager(client);
  const secrets: { owner_id: string; body: string }[] = [];
  const todos: string[] = [];
  const sub = manager.subscribe({ table: 'secrets', event: 'INSERT', onChange: (p) => secrets.push(p.new as never) });
  // A public table on the same socket marks the end of a batch: frames arrive in commit order.
  const marker = manager.subscribe({ table: 'todos', event: 'INSERT', onChange: (p) => todos.push(String(p.new.title)) });
  await waitUntil(() => sub.getSnapshot().status === 'joined' && marker.getSnapshot().status === 'joined', 'joins');
  const insertSecret = (owner: string, body: string) => server.sql('insert into secrets (owner_id, body) values ($1, $2)', [owner, body]);
  const fence = async (label: string) => {
    await server.sql('insert into todos (title) values ($1)', [label]);
    await waitUntil(() => todos.includes(label), `marker ${label}`);
    await sleep(100);
  };
  /** Signs `user` in and waits until realtime delivers that user's rows (the token reaches joined channels asynchronously). */
  const signInAndWait = async (user: string) => {
    await signIn(client, user);
    const probe = `probe-${randomUUID()}`;
    await waitUntil(async () => {
      await insertSecret(user, probe);
      await sleep(50);
      return secrets.some((s) => s.body === probe);
    }, 'the new token to apply');
  };
  return { client, manager, sub, secrets, insertSecret, fence, signInAndWait };
}

test('a subscriber receives only the rows its RLS policies allow, before and after setAuth with a new user', async () => {
  const alice = randomUUID();
  const bob = randomUUID();
  const { secrets, insertSecret, fence, signInAndWait } = await rlsScenario();

  // Anonymous: no policy lets anon read secrets.
  await insertSecret(alice, 'anon-sees-alice?');
  await fence('anon');
  expect(secrets).toEqual([]);

  // Alice signs in: her rows only.
  await signInAndWait(alice);
  await insertSecret(bob, 'bob-1');
  await insertSecret(alice, 'alice-1');
  await fence('alice');
  expect(secrets.every((s) => s.owner_id === alice)).toBe(true);
  expect(secrets.map((s) => s.body)).toContain('alice-1');

  // Bob signs in on the same client: from then on, Bob's rows only.
  const beforeBob = secrets.length;
  await signInAndWait(bob);
  const sinceBob = () => secrets.slice(beforeBob).filter((s) => !s.body.startsWith('probe-'));
  await insertSecret(alice, 'alice-2');
  await insertSecret(bob, 'bob-2');
  await fence('bob');
  expect(sinceBob().map((s) => s.body)).toEqual(['bob-2']);
});

test('after sign-out the subscriber has anon rights (no more rows of the previous user)', async () => {
  const bob = randomUUID();
  const { client, manager, sub, secrets, insertSecret, fence, signInAndWait } = await rlsScenario();
  await signInAndWait(bob);
  await client.auth.signOut();
  await sleep(300);
  const before = secrets.length;
  await insertSecret(bob, 'bob-after-signout');
  await fence('signed-out');
  expect(secrets.slice(before)).toEqual([]);
  // Dropping to anon is not an error: the channel stays joined.
  expect(manager.health.getSnapshot().status).toBe('connected');
  expect(sub.getSnapshot().status).toBe('joined');
});

// The manager pushes the API key from its onAuthStateChange callback and waits until the server
// has read it (GoTrue awaits the callback), so `signOut()` resolves after the rights changed.
test('sign-out drops to anon rights at once: the very next row of the previous user is not delivered', async () => {
  const bob = randomUUID();
  const { client, secrets, insertSecret, fence, signInAndWait } = await rlsScenario();
  await signInAndWait(bob);
  const before = secrets.length;
  await client.auth.signOut();
  await insertSecret(bob, 'bob-right-after-signout');
  await fence('signed-out');
  expect(secrets.slice(before)).toEqual([]);
});

/** The dev server's own refusal of a private channel the user may not read (no RLS policy on realtime.messages allows it). */
async function privateRefusal(client: SupabaseClient): Promise<string> {
  return new Promise<string>((resolve) => {
    const channel = client.channel('vault', { config: { private: true } });
    channel.subscribe((status, err) => {
      if (status === 'CHANNEL_ERROR') {
        resolve(String((err as Error & { cause?: { reason?: string } })?.cause?.reason ?? err?.message));
        void client.removeChannel(channel);
      }
    });
  });
}

test('a refused private channel surfaces as a classified, non-retryable permission error', async () => {
  const client = newClient();
  await signIn(client, randomUUID());
  const refusal = await privateRefusal(client);
  expect(refusal).toMatch(/^Unauthorized: You do not have permissions to read from this Channel topic/);
  // The manager's rooms are public; the same refusal comes from the fault for every join it tries.
  server.faults.failJoins(1000, refusal);
  const manager = newManager(client);
  const room = manager.broadcast('vault', 'message');
  await waitUntil(() => room.getSnapshot().status === 'errored', 'the refusal');
  expect(room.getSnapshot().error).toMatchObject({ category: 'permission', retryable: false });
  expect(manager.getStats().problems.map((p) => p.kind)).toContain('errored-channel');
  await sleep(1500);
  expect(room.getSnapshot().status).toBe('errored');
});

// After a rejected join realtime-js arms its own rejoin timer (1 s, 2 s, 5 s, 10 s…); a
// non-retryable refusal removes the instance instead, so nothing rejoins until the cause may be fixed.
test('a permission refusal is not rejoined in a loop', async () => {
  const client = newClient();
  await signIn(client, randomUUID());
  server.faults.failJoins(1000, await privateRefusal(client));
  const manager = newManager(client);
  const room = manager.broadcast('vault', 'message');
  await waitUntil(() => room.getSnapshot().status === 'errored', 'the refusal');
  const joinsAtError = server.stats().joins;
  await sleep(4000);
  expect(server.stats().joins - joinsAtError, 'joins after the permission error').toBe(0);
  expect(manager.getStats().reconnects).toBe(0);
  // Once nobody wants the refused channel, the socket kept for it is let go as usual (dormant).
  room.unsubscribe();
  await waitUntil(() => manager.health.getSnapshot().status === 'disconnected', 'the idle socket closed');
  expect(manager.getStats().clientChannels).toBe(0);
});

test('a refused channel is joined again by an explicit reconnect() once the cause is gone', async () => {
  const client = newClient();
  await signIn(client, randomUUID());
  server.faults.failJoins(1000, await privateRefusal(client));
  const manager = newManager(client);
  const room = manager.broadcast('vault-retry', 'message');
  await waitUntil(() => room.getSnapshot().status === 'errored', 'the refusal');
  server.faults.reset();
  manager.reconnect();
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the rejoin after reconnect()');
  expect(room.getSnapshot().error).toBeNull();
});

test('a retryable join refusal (rate limit) is rejoined by itself', async () => {
  const client = newClient();
  server.faults.failJoins(1, 'ChannelRateLimitReached: Too many channels');
  const manager = newManager(client);
  const room = manager.broadcast('busy-room', 'message');
  await waitUntil(() => room.getSnapshot().error?.category === 'rate-limit', 'the rate-limit refusal');
  expect(room.getSnapshot().error?.retryable).toBe(true);
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the automatic rejoin');
});

test('private rooms: a real refusal is a permission error without rejoins; a member token (auth change) joins', async () => {
  const client = newClient();
  await signIn(client, randomUUID()); // authenticated, but without the `member` claim the policy asks for
  const manager = newManager(client);
  const topic = `members-${randomUUID().slice(0, 8)}`;
  const room = manager.broadcast(topic, 'message', undefined, { private: true });
  await waitUntil(() => room.getSnapshot().status === 'errored', 'the private refusal');
  expect(room.getSnapshot().error).toMatchObject({ category: 'permission', retryable: false });
  expect(room.getSnapshot().error?.technicalMessage).toMatch(/permissions to read from this Channel topic/);
  const joinsAtError = server.stats().joins;
  await sleep(2500); // realtime-js's own rejoin timer would have fired at 1 s and 2 s
  expect(server.stats().joins - joinsAtError, 'joins after the refusal').toBe(0);
  expect(room.getSnapshot().status).toBe('errored');
  // realtime-js disconnects a socket left without channels; the parked channel keeps it (no reconnect blip).
  expect(manager.health.getSnapshot().status).toBe('connected');
  expect(manager.getStats().reconnects).toBe(0);

  // The cause may be fixed by a new token: the channel is recreated, once.
  const { error } = await client.auth.setSession({ access_token: server.signJwt({ role: 'authenticated', sub: randomUUID(), member: true }), refresh_token: 'refresh-member' });
  if (error) throw error;
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the join with the member token');
  expect(room.getSnapshot().error).toBeNull();
  expect(manager.getStats().channels.find((c) => c.topic === topic)).toMatchObject({ state: 'joined' });

  // Presence on a private room with the same option shares the channel; the public variant of the name is a conflict.
  const members = manager.presence(topic, { name: 'ann' }, { private: true });
  await waitUntil(() => Object.keys(members.getSnapshot().members).length === 1, 'the tracked member');
  expect(() => manager.broadcast(topic, 'other')).toThrow(/already used with a different configuration/);
});

test('private postgres subscription: refused as a permission error for a non-member, joined for a member', async () => {
  const client = newClient();
  await signIn(client, randomUUID());
  const manager = newManager(client);
  const channel = `members-pg-${randomUUID().slice(0, 8)}`;
  const rows: string[] = [];
  const sub = manager.subscribe({ table: 'todos', event: 'INSERT', channel, private: true, onChange: (p) => rows.push(String(p.new.title)) });
  await waitUntil(() => sub.getSnapshot().status === 'errored', 'the private refusal');
  expect(sub.getSnapshot().error).toMatchObject({ category: 'permission', retryable: false });
  await client.auth.setSession({ access_token: server.signJwt({ role: 'authenticated', sub: randomUUID(), member: true }), refresh_token: 'refresh-member' });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'the join with the member token');
  await server.sql('insert into todos (title) values ($1)', ['private-pg']);
  await waitUntil(() => rows.includes('private-pg'), 'the row on the private channel');
  expect(() => manager.subscribe({ table: 'todos', event: 'INSERT', channel, onChange: () => {} })).toThrow(/different configuration/);
  expect(() => manager.broadcast('x', 'y', undefined, { private: 'yes' as never })).toThrow(/`private` must be true or false/);
});

test('a join refused for an expired token refreshes the token and rejoins (accessToken clients get no auth events)', async () => {
  let issued = 0;
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, heartbeatIntervalMs: 1000, timeout: 3000 },
    accessToken: async () => server.signJwt({ role: 'authenticated', sub: randomUUID(), jti: `t${++issued}` }),
  });
  server.faults.failJoins(1, 'InvalidJWTToken: Token has expired 3 seconds ago');
  const manager = newManager(client);
  const room = manager.broadcast('token-room', 'message');
  const issuedBefore = issued;
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the rejoin with a refreshed token');
  expect(manager.health.getSnapshot().lastError?.category).toBe('auth');
  expect(issued).toBeGreaterThan(issuedBefore);
});
