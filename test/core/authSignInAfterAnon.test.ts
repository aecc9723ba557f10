/**
 * A sign-in on channels joined as anon (a page that was never signed in, or after a sign-out)
 * changes what the channels may see. supabase-js only pushes the new token, which gets no
 * reply, so the manager rejoins every channel as the user and runs gap recovery once joined:
 * rows of the user written while the channels were anon, or just after the sign-in, are then
 * fetched rather than lost.
 */
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import { insertDiary, memoryStorage, type RecordedJoin } from '../support/authSession';
import { setUpAuthServer } from '../support/setUpAuthServer';
import { waitUntil } from '../support/waitUntil';

const auth = setUpAuthServer(3600);

/** A user that exists, and a fresh client with no session that records its joins. */
async function anonClientOfNewUser(label: string) {
  const { supabase: signUpClient, userId, email, password } = await auth.signUp(label);
  await signUpClient.auth.signOut();
  const joins: RecordedJoin[] = [];
  const supabase = auth.clients.create(memoryStorage(), joins);
  return { supabase, userId, email, password, joins };
}

test('signing in on a page that was anon: every channel rejoins as the user, then gap recovery runs', { timeout: 60_000 }, async () => {
  const { supabase, userId, email, password, joins } = await anonClientOfNewUser('anon-then-in');
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50 });
  const rows: string[] = [];
  const recoveries: number[] = [];
  const sub = manager.subscribe({
    table: 'diary',
    event: 'INSERT',
    onChange: (p) => void rows.push((p.new as { body: string }).body),
    onResubscribe: () => void recoveries.push(joins.length),
  });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined as anon', 20_000);
  expect(joins.map((j) => j.sub)).toEqual([null]);
  const recoveriesAsAnon = recoveries.length;

  // Anon may not read the user's rows: this one is only reachable by a refetch after the sign-in.
  await insertDiary(server(), userId, 'while anon');
  const { error } = await supabase.auth.signInWithPassword({ email, password });
  expect(error).toBeNull();

  await waitUntil(() => joins.some((j) => j.sub === userId), 'a join as the user', 20_000);
  await waitUntil(() => sub.getSnapshot().status === 'joined' && recoveries.length > recoveriesAsAnon, 'gap recovery after the join as the user', 20_000);
  // The recovery ran after the join as the user was sent, so its refetch sees what the user may see.
  expect(recoveries.at(-1)!).toBeGreaterThan(joins.findIndex((j) => j.sub === userId));
  expect(rows).not.toContain('while anon');

  await insertDiary(server(), userId, 'live after sign-in');
  await waitUntil(() => rows.includes('live after sign-in'), 'a row of the user, live', 20_000);
  await manager.destroy();
});

test('signing in again after a sign-out: the channels rejoin as the user (not only a token push)', { timeout: 60_000 }, async () => {
  const { supabase, userId, email, password, joins } = await anonClientOfNewUser('out-then-in');
  expect((await supabase.auth.signInWithPassword({ email, password })).error).toBeNull();
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50 });
  let recovered = 0;
  const sub = manager.subscribe({ table: 'diary', event: 'INSERT', onResubscribe: () => void recovered++ });
  await waitUntil(() => sub.getSnapshot().status === 'joined' && joins.at(-1)?.sub === userId, 'joined as the user', 20_000);

  await supabase.auth.signOut();
  await waitUntil(() => joins.at(-1)?.sub === null && sub.getSnapshot().status === 'joined', 'rejoined as anon', 20_000);
  const joinsWhileOut = joins.length;
  const recoveredWhileOut = recovered;

  expect((await supabase.auth.signInWithPassword({ email, password })).error).toBeNull();
  await waitUntil(() => joins.slice(joinsWhileOut).some((j) => j.sub === userId), 'a join as the user again', 20_000);
  await waitUntil(() => sub.getSnapshot().status === 'joined' && recovered > recoveredWhileOut, 'gap recovery after it', 20_000);
  expect(joins.slice(joinsWhileOut).map((j) => j.sub)).toEqual([userId]);
  await manager.destroy();
});

const server = () => auth.server();
