/**
 * A session whose token the server declares expired is refreshed through supabase.auth and the
 * channels rejoin, even when the refresh comes within the same second as the token it replaces.
 * A real expired token has its `exp` in the past, so the refreshed one always differs; the dev
 * server's `expireTokens` fault must behave the same way, or a refresh that quick gets the
 * identical (still "expired") token back and the channel is left errored.
 */
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import { setUpAuthServer } from '../support/setUpAuthServer';
import { waitUntil } from '../support/waitUntil';

const auth = setUpAuthServer(3600);

/** Resolves early in a wall-clock second, so what follows happens within that second. */
async function startOfSecond(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1000 - (Date.now() % 1000) + 5));
}

const tokenOf = async (supabase: Awaited<ReturnType<typeof auth.signUp>>['supabase']) => (await supabase.auth.getSession()).data.session?.access_token;

test('after expireTokens, a refresh in the same second gets a token the server accepts', { timeout: 30_000 }, async () => {
  const { supabase } = await auth.signUp('same-second-token');
  await startOfSecond();
  await supabase.auth.refreshSession();
  const before = await tokenOf(supabase);
  auth.server().faults.expireTokens();
  const { data, error } = await supabase.auth.refreshSession();
  expect(error).toBeNull();
  expect(data.session?.access_token).not.toBe(before);
  // And the refreshed token is not expired: a channel joins with it.
  const channel = supabase.channel(`same-second-${Date.now()}`);
  const status = await new Promise<string>((resolve) => channel.subscribe((s) => s !== 'CLOSED' && resolve(s)));
  expect(status).toBe('SUBSCRIBED');
});

test('a channel closed for an expired token rejoins after a refresh that comes at once', { timeout: 40_000 }, async () => {
  const { supabase, userId } = await auth.signUp('same-second-rejoin');
  // No jitter: the failure policy refreshes right after the server's close. One channel, as
  // in an app with one list: its few refresh-and-rejoin attempts all fall within the second.
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50, environment: { random: () => 0 } });
  const room = manager.broadcast(`expiry-${userId}`, 'ping');
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the room joined', 20_000);

  await startOfSecond();
  // A token issued at the start of this second; the fault and the refresh follow within it.
  await supabase.auth.refreshSession();
  // supabase-js pushes the new token to the joined room; give the server a moment to read it.
  await new Promise((resolve) => setTimeout(resolve, 100));
  auth.server().faults.expireTokens();

  await waitUntil(() => manager.health.getSnapshot().lastError?.category === 'auth', 'the expiry reported', 5_000);
  await waitUntil(() => room.getSnapshot().status === 'joined', 'the room joined again', 15_000);
  expect(manager.health.getSnapshot().channels).toMatchObject({ joined: 1, errored: 0 });
  room.unsubscribe();
  await manager.destroy();
});
