/**
 * LONG TEST (about 70 s): 8-second tokens for a minute. Runs in its own file (own dev server)
 * so it runs in parallel with the other long auth tests.
 */
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { ConnectionStatus } from '../../src/core/types';
import { insertDiary, uniqueEmail } from '../support/authSession';
import { setUpAuthServer } from '../support/setUpAuthServer';
import { waitUntil } from '../support/waitUntil';

const auth = setUpAuthServer(8);

test('with 8 s tokens a subscriber stays joined for 60 s: every row exactly once, no expiry close, always connected', { timeout: 150_000 }, async () => {
  const server = auth.server();
  const { supabase, userId: myId } = await auth.signUp('expiry');
  const other = await server.auth.createUser({ email: uniqueEmail('other'), password: 'secret-2' });
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50 });
  const statuses = new Set<ConnectionStatus>();
  const subStatuses: string[] = [];
  const rows: string[] = [];
  const sub = manager.subscribe({
    table: 'diary',
    event: 'INSERT',
    onChange: (p) => void rows.push((p.new as { body: string }).body),
    onStatus: (s) => subStatuses.push(s),
  });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined', 20_000);
  manager.health.subscribe(() => statuses.add(manager.health.getSnapshot().status));
  const closesBefore = server.stats();

  const expected: string[] = [];
  const started = Date.now();
  for (let i = 0; Date.now() - started < 60_000; i++) {
    const mine = `mine ${i}`;
    expected.push(mine);
    await insertDiary(server, myId, mine);
    await insertDiary(server, other.id, `not mine ${i}`);
    expect(sub.getSnapshot().status).toBe('joined');
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  await waitUntil(() => rows.length >= expected.length, 'every row of mine', 30_000);
  expect(rows).toEqual(expected);
  expect(subStatuses).toEqual(['joining', 'joined']);
  expect([...statuses].filter((s) => s !== 'connected')).toEqual([]);
  expect(manager.health.getSnapshot().status).toBe('connected');
  // No channel was closed or rejoined: still the one join of the start.
  expect(server.stats().joins).toBe(closesBefore.joins);
  await manager.destroy();
});
