import type { SupabaseClient } from '@supabase/supabase-js';
import { expect } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { waitUntil } from '../support/waitUntil';
import { collectSystem, subscribe } from './realtimeHelpers';

/**
 * With a ready delay of `delayMs` on `server`: the join reply (SUBSCRIBED) comes before the
 * `system` ok, a row inserted in between is never delivered, and one inserted after the ok is.
 * `insert(title)` writes a row of a table with a `title` column that `client` may read.
 */
export async function expectReadyDelay(options: {
  server: DevServer;
  client: SupabaseClient;
  table: string;
  topic: string;
  delayMs: number;
  insert: (title: string) => Promise<void>;
}): Promise<void> {
  const { client, table, topic, delayMs, insert } = options;
  const received: string[] = [];
  const channel = client
    .channel(topic)
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table }, (change) => received.push(String(change.new.title)));
  const system = collectSystem(channel);
  let okAt = 0;
  channel.on('system', {}, (message: { status?: string }) => {
    if (message.status === 'ok' && okAt === 0) okAt = Date.now();
  });

  await subscribe(channel);
  const subscribedAt = Date.now();
  expect(system).toEqual([]); // the join reply came first; the subscription is not live yet

  await insert(`${topic}-before-ok`);
  // The delay is several seconds so that this insert surely commits before the ok.
  expect(system).toEqual([]);

  await waitUntil(() => system.length > 0, 'the delayed "Subscribed to PostgreSQL"', delayMs + 15_000);
  expect(system).toEqual([{ extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL', channel: topic }]);
  // A lower bound only (timers never fire early); the client may see the reply late, hence the slack.
  expect(okAt - subscribedAt).toBeGreaterThan(delayMs / 2);

  await insert(`${topic}-after-ok`);
  await waitUntil(() => received.length > 0, 'the row inserted after the ok', 15_000);
  // Rows reach a subscriber in commit order, so the earlier row would have come first.
  expect(received).toEqual([`${topic}-after-ok`]);
  await client.removeChannel(channel);
}
