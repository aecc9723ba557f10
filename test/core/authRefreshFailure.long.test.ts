/**
 * LONG TEST (up to about 2 min): refreshes fail with 503 ten times in a row, as a gateway answers
 * while GoTrue is down. Every supported auth-js keeps the session on a 503 and retries within one
 * 30 s tick; recent releases then cache the failure for 60 s (recovery after about 90 s), the
 * oldest does not (about 30 s). A 500 is not used: auth-js 2.105.1 counts it as a refusal and
 * removes the session at once (docs/auth.md, "What differs between supabase-js releases").
 * Own file (own dev server) so it runs in parallel with the other long auth tests.
 */
import { expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { ConnectionStatus } from '../../src/core/types';
import { insertDiary } from '../support/authSession';
import { setUpAuthServer } from '../support/setUpAuthServer';
import { waitUntil } from '../support/waitUntil';

const auth = setUpAuthServer(8);

test('refreshes failing with 503 never become needs-auth; once they succeed, the subscriber is connected and gets new rows', { timeout: 240_000 }, async () => {
  const server = auth.server();
  const { supabase, userId: myId } = await auth.signUp('flaky');
  const manager = createRealtimeManager(supabase, { gracePeriodMs: 50 });
  const statuses = new Set<ConnectionStatus>();
  manager.health.subscribe(() => statuses.add(manager.health.getSnapshot().status));
  const rows: string[] = [];
  const subStatuses: string[] = [];
  const sub = manager.subscribe({
    table: 'diary',
    event: 'INSERT',
    onChange: (p) => void rows.push((p.new as { body: string }).body),
    onStatus: (s) => subStatuses.push(s),
  });
  await waitUntil(() => sub.getSnapshot().status === 'joined', 'joined', 20_000);

  server.faults.failRefresh(10, 503);
  // The fault bites: the token expires while refreshes fail, and the server closes the channel.
  await waitUntil(() => sub.getSnapshot().status !== 'joined', 'the channel closed for its expired token', 30_000);
  // Write a row a second until one written now arrives: the session came back.
  let i = 0;
  await waitUntil(
    async () => {
      const body = `row ${++i}`;
      await insertDiary(server, myId, body);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      return rows.includes(body) && manager.health.getSnapshot().status === 'connected' && sub.getSnapshot().status === 'joined';
    },
    'a new row after refreshes succeed again',
    // auth-js retries a 503 inside one refresh for up to 30 s, and the manager backs off between
    // refreshes (up to 30 s): the ten failures take 30 to 100 s to use up on a loaded machine.
    190_000,
  );
  expect(statuses.has('needs-auth')).toBe(false);
  expect(manager.health.getSnapshot()).toMatchObject({ status: 'connected', authError: null });
  expect(subStatuses.filter((s) => s === 'joined').length).toBeGreaterThan(1);
  await manager.destroy();
});
