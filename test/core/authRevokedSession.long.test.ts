/**
 * LONG TEST (about 1–2 min): every session is revoked while a user is subscribed. Own file (own
 * dev server) so it runs in parallel with the other long auth tests.
 */
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import { insertDiary, memoryStorage, type RecordedJoin } from '../support/authSession';
import { setUpAuthServer } from '../support/setUpAuthServer';
import { waitUntil } from '../support/waitUntil';

const auth = setUpAuthServer(8);

test('a revoked session: needs-auth within 15 s, at most one join per channel, then a sign-in rejoins with gap recovery', { timeout: 200_000 }, async () => {
  const server = auth.server();
  const joins: RecordedJoin[] = [];
  const { supabase, userId: myId, email, password } = await auth.signUp('revoked', memoryStorage(), joins);
  const invalidated: unknown[] = [];
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50, invalidateQueries: (key) => void invalidated.push(key) });
  const rows: string[] = [];
  const sub = manager.subscribe({
    table: 'diary',
    event: 'INSERT',
    queryKey: ['diary'],
    onChange: (p) => void rows.push((p.new as { body: string }).body),
  });
  const room = manager.broadcast('room-revoked', 'ping');
  await waitUntil(() => sub.getSnapshot().status === 'joined' && room.getSnapshot().status === 'joined', 'joined', 20_000);

  await server.faults.revokeSessions();
  await waitUntil(() => manager.health.getSnapshot().status === 'needs-auth', 'needs-auth', 15_000);
  const health = manager.health.getSnapshot();
  expect(health.authError).toMatchObject({ category: 'auth', action: 'reauthenticate', retryable: false });
  const joinsAtNeedsAuth = joins.length;

  // Long enough for the token to expire, auth-js's 60 s failure cache to pass and it to sign out.
  await new Promise((resolve) => setTimeout(resolve, 75_000));
  const later = joins.slice(joinsAtNeedsAuth);
  const perTopic = new Map<string, number>();
  for (const join of later) perTopic.set(join.topic, (perTopic.get(join.topic) ?? 0) + 1);
  expect([...perTopic.values()].filter((n) => n > 1)).toEqual([]);
  expect(later.every((j) => j.sub === null)).toBe(true);
  expect(manager.health.getSnapshot().status).toBe('needs-auth');

  // A row written while the session was over is recovered by the refetch after the rejoin.
  await insertDiary(server, myId, 'while signed out');
  const invalidatedBefore = invalidated.length;
  await supabase.auth.signInWithPassword({ email, password });
  await waitUntil(() => manager.health.getSnapshot().status === 'connected', 'connected after the new sign-in', 30_000);
  await waitUntil(() => sub.getSnapshot().status === 'joined' && room.getSnapshot().status === 'joined', 'everything rejoined', 30_000);
  expect(joins.slice(-2).map((j) => j.sub)).toEqual([myId, myId]);
  await waitUntil(() => invalidated.length > invalidatedBefore, 'gap recovery of the diary query', 30_000);
  expect(invalidated.slice(invalidatedBefore)).toContainEqual(['diary']);
  await insertDiary(server, myId, 'after sign-in');
  await waitUntil(() => rows.includes('after sign-in'), 'a live row after the sign-in', 20_000);
  expect(manager.health.getSnapshot().authError).toBeNull();
  await manager.destroy();
});
