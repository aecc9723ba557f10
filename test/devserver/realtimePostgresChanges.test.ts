import type { RealtimePostgresChangesPayload, SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { collectSystem, subscribe, waitFor } from './realtimeHelpers';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- rows hold every column type
type Row = Record<string, any>;
type Change = RealtimePostgresChangesPayload<Row>;

let server: DevServer;
let client: SupabaseClient;
let n = 0;

beforeAll(async () => {
  server = await startTestServer();
  client = createTestClient(server);
});
afterEach(async () => {
  await client?.removeAllChannels();
});
afterAll(async () => {
  await server?.close();
});

/** Joins a channel with one postgres_changes binding; resolves once SUBSCRIBED and the database accepted it. */
async function listen(binding: { event?: string; table?: string; filter?: string }, c: SupabaseClient = client) {
  const changes: Change[] = [];
  // supabase-js sets the user token asynchronously; a channel joined before that joins with
  // the apikey's claims and the token is never pushed (sheet section 4, "token race").
  await c.realtime.setAuth();
  const channel = c.channel(`pg-${++n}`);
  const system = collectSystem(channel);
  const filter = { event: (binding.event ?? '*') as '*', schema: 'public', table: binding.table ?? 'todos', filter: binding.filter };
  channel.on('postgres_changes', filter, (p: Change) => changes.push(p));
  await subscribe(channel);
  await waitFor(() => system.length > 0, 10_000, 'system message');
  return { channel, changes, system };
}

const insert = (table: string, row: Row) => {
  const cols = Object.keys(row);
  return server.sql(`insert into public.${table} (${cols.join(', ')}) values (${cols.map((_, i) => `$${i + 1}`).join(', ')}) returning *`, Object.values(row));
};

describe('postgres_changes filters (one matching and one non-matching row each)', () => {
  const cases: [string, string, Row, Row][] = [
    ['eq', 'priority=eq.5', { priority: 4 }, { priority: 5 }],
    ['neq', 'priority=neq.5', { priority: 5 }, { priority: 6 }],
    ['lt (numeric, not text)', 'priority=lt.10', { priority: 10 }, { priority: 9 }],
    ['lte', 'priority=lte.3', { priority: 4 }, { priority: 3 }],
    ['gt (numeric, not text)', 'priority=gt.9', { priority: 8 }, { priority: 10 }],
    ['gte', 'priority=gte.10', { priority: 9 }, { priority: 10 }],
    ['in with a quoted item', 'title=in.(a,"b,c")', { title: 'b' }, { title: 'b,c' }],
    ['is.null', 'score=is.null', { score: 1 }, { score: null }],
    ['like', 'title=like.Buy%', { title: 'buy milk' }, { title: 'Buy milk' }],
    ['ilike', 'title=ilike.%MILK', { title: 'bread' }, { title: 'oat milk' }],
    ['match', 'title=match.^x+y$', { title: 'xyz' }, { title: 'xxy' }],
    ['imatch', 'title=imatch.^abc', { title: 'xabc' }, { title: 'ABCd' }],
    ['isdistinct', 'score=isdistinct.5', { score: 5 }, { score: null }],
    ['not. prefix', 'done=not.eq.true', { done: true }, { done: false }],
    ['comma means AND', 'priority=gt.1,priority=lt.5', { priority: 7 }, { priority: 3 }],
    ['boolean eq', 'done=eq.true', { done: false }, { done: true }],
  ];
  for (const [name, filter, miss, hit] of cases) {
    it(name, async () => {
      const { changes, system } = await listen({ event: 'INSERT', filter });
      expect(system[0]).toMatchObject({ extension: 'postgres_changes', status: 'ok', message: 'Subscribed to PostgreSQL' });
      // The miss is committed first: changes arrive in commit order, so once the hit is
      // here a wrongly delivered miss would be here too.
      await insert('todos', miss);
      const [row] = (await insert('todos', hit)).rows;
      await waitFor(() => changes.length > 0, 10_000, `the ${name} change`);
      expect(changes).toHaveLength(1);
      expect(changes[0]!.new).toMatchObject({ id: Number(row!.id) });
    });
  }

  it('delivers only the bound event type', async () => {
    const { changes } = await listen({ event: 'UPDATE', filter: 'title=eq.evt' });
    const [row] = (await insert('todos', { title: 'evt' })).rows;
    await server.sql('update public.todos set priority = 42 where id = $1', [row!.id]);
    await waitFor(() => changes.length > 0);
    expect(changes.map((c) => c.eventType)).toEqual(['UPDATE']);
  });
});

describe('postgres_changes payloads', () => {
  it('INSERT, UPDATE and DELETE in the real shape; old holds only the primary key by default', async () => {
    const { changes } = await listen({ filter: 'title=eq.shape' });
    const [row] = (await insert('todos', { title: 'shape', tags: ['a', 'b'], meta: { k: 1 }, score: 2.5 })).rows;
    await server.sql("update public.todos set done = true where id = $1", [row!.id]);
    await server.sql('delete from public.todos where id = $1', [row!.id]);
    await waitFor(() => changes.length === 3);
    const [ins, upd, del] = changes as [Change, Change, Change];
    expect(ins).toMatchObject({ schema: 'public', table: 'todos', eventType: 'INSERT', errors: null, old: {} });
    expect(ins.commit_timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(ins.new).toMatchObject({ id: Number(row!.id), title: 'shape', done: false, priority: 0, tags: ['a', 'b'], meta: { k: 1 }, score: 2.5 });
    expect(upd.eventType).toBe('UPDATE');
    expect(upd.new).toMatchObject({ id: Number(row!.id), done: true });
    expect(upd.old).toEqual({ id: Number(row!.id) });
    expect(del).toMatchObject({ eventType: 'DELETE', new: {}, old: { id: Number(row!.id) } });
  });

  it('DELETE is not filterable on columns outside the replica identity, as on the real server', async () => {
    const { changes } = await listen({ event: 'DELETE', filter: 'title=eq.keep-me' });
    const [other] = (await insert('todos', { title: 'not-keep-me' })).rows;
    await server.sql('delete from public.todos where id = $1', [other!.id]);
    await waitFor(() => changes.length === 1);
    expect(changes[0]!.old).toEqual({ id: Number(other!.id) });
  });

  it('with REPLICA IDENTITY FULL, DELETE filters apply to the whole old row', async () => {
    const { changes } = await listen({ event: 'DELETE', table: 'notes', filter: 'body=eq.del-keep' });
    const [miss] = (await insert('notes', { body: 'del-other' })).rows;
    const [hit] = (await insert('notes', { body: 'del-keep' })).rows;
    await server.sql('delete from public.notes where id = $1', [miss!.id]);
    await server.sql('delete from public.notes where id = $1', [hit!.id]);
    await waitFor(() => changes.length === 1);
    expect(changes[0]!.old).toMatchObject({ id: Number(hit!.id), body: 'del-keep' });
  });

  it('DELETE carries the primary key in old and nothing in new', async () => {
    const { changes } = await listen({ event: 'DELETE' });
    const [row] = (await insert('todos', { title: 'gone' })).rows;
    await server.sql('delete from public.todos where id = $1', [row!.id]);
    await waitFor(() => changes.length > 0);
    expect(changes[0]).toMatchObject({ eventType: 'DELETE', new: {}, old: { id: Number(row!.id) } });
  });

  it('REPLICA IDENTITY FULL puts the whole old row in UPDATE and DELETE', async () => {
    const { changes } = await listen({ table: 'notes' });
    const [row] = (await insert('notes', { body: 'v1', score: 1 })).rows;
    await server.sql("update public.notes set body = 'v2' where id = $1", [row!.id]);
    await server.sql('delete from public.notes where id = $1', [row!.id]);
    await waitFor(() => changes.length === 3);
    expect(changes[1]).toMatchObject({ eventType: 'UPDATE', old: { id: Number(row!.id), body: 'v1', score: 1 }, new: { body: 'v2' } });
    expect(changes[2]).toMatchObject({ eventType: 'DELETE', old: { id: Number(row!.id), body: 'v2', score: 1 } });
  });

  it('a select list narrows record, old_record and columns', async () => {
    const channel = client.channel(`pg-${++n}`);
    const changes: Change[] = [];
    const binding = { event: '*', schema: 'public', table: 'notes', select: ['id', 'body'] };
    channel.on('postgres_changes', binding as { event: '*'; schema: string; table: string }, (p) => changes.push(p as Change));
    await subscribe(channel);
    const [row] = (await insert('notes', { body: 'narrow', score: 7 })).rows;
    await server.sql('update public.notes set score = 8 where id = $1', [row!.id]);
    await waitFor(() => changes.length === 2);
    expect(changes[0]!.new).toEqual({ id: Number(row!.id), body: 'narrow' });
    expect(changes[1]!.old).toEqual({ id: Number(row!.id), body: 'narrow' });
  });

  it('a select list on a wildcard subscription gets the real error', async () => {
    const channel = client.channel(`pg-${++n}`);
    const system = collectSystem(channel);
    channel.on('postgres_changes', { event: '*', schema: 'public', select: ['id'] } as { event: '*'; schema: string }, () => {});
    await subscribe(channel);
    await waitFor(() => system.length > 0);
    expect(system[0]!.message).toBe('Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.');
  });

  it('several bindings on one channel each get their matching changes', async () => {
    const channel = client.channel(`pg-${++n}`);
    const inserts: Change[] = [];
    const all: Change[] = [];
    channel
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'notes' }, (p) => inserts.push(p as Change))
      .on('postgres_changes', { event: '*', schema: 'public', table: 'notes', filter: 'body=eq.multi' }, (p) => all.push(p as Change));
    await subscribe(channel);
    await insert('notes', { body: 'other' });
    await insert('notes', { body: 'multi' });
    await waitFor(() => inserts.length === 2 && all.length === 1);
    expect(all[0]!.new).toMatchObject({ body: 'multi' });
  });
});

describe('postgres_changes from every write path', () => {
  it('REST and SQL writes reach subscribers in commit order', async () => {
    const { changes } = await listen({ filter: 'title=like.order-%' });
    await insert('todos', { title: 'order-1' });
    const { error } = await client.from('todos').insert({ title: 'order-2' });
    expect(error).toBeNull();
    await server.sql("update public.todos set priority = 9 where title = 'order-1'");
    const { error: restUpdate } = await client.from('todos').update({ done: true }).eq('title', 'order-2');
    expect(restUpdate).toBeNull();
    await waitFor(() => changes.length === 4);
    expect(changes.map((c) => `${c.eventType} ${(c.new as Row).title}`)).toEqual([
      'INSERT order-1',
      'INSERT order-2',
      'UPDATE order-1',
      'UPDATE order-2',
    ]);
  });
});

describe('join, leave, join (React StrictMode)', () => {
  it('the second instance gets each change once; the first left cleanly', async () => {
    const topic = `strict-${++n}`;
    const seen: string[] = [];
    const mount = (label: string) =>
      client
        .channel(topic)
        .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'todos', filter: 'title=eq.strict' }, () => seen.push(label));
    const first = mount('first');
    first.subscribe();
    void client.removeChannel(first); // cleanup runs before the join was answered
    const second = mount('second');
    await subscribe(second);
    await insert('todos', { title: 'strict' });
    await waitFor(() => seen.length > 0);
    await insert('todos', { title: 'strict' });
    await waitFor(() => seen.length > 1);
    expect(seen).toEqual(['second', 'second']);
    expect(server.stats().channels.filter((c) => c.topic === `realtime:${topic}`)).toEqual([{ topic: `realtime:${topic}`, subscribers: 1 }]);
  });
});

describe('postgres_changes and RLS', () => {
  it('a subscriber only receives rows its policies let it select; DELETE carries the key only', async () => {
    const alice = '00000000-0000-4000-8000-00000000000a';
    const bob = '00000000-0000-4000-8000-00000000000b';
    const token = (sub: string) => server.signJwt({ role: 'authenticated', sub });
    const aliceClient = createTestClient(server, { accessToken: token(alice) });
    const bobClient = createTestClient(server, { accessToken: token(bob) });
    const admin = createTestClient(server, { key: server.serviceRoleKey });
    try {
      const a = await listen({ table: 'secrets' }, aliceClient);
      const b = await listen({ table: 'secrets' }, bobClient);
      const s = await listen({ table: 'secrets' }, admin);
      const anon = await listen({ table: 'secrets' });
      await insert('secrets', { owner_id: bob, body: 'for bob' });
      const [mine] = (await insert('secrets', { owner_id: alice, body: 'for alice' })).rows;
      await waitFor(() => a.changes.length === 1 && b.changes.length === 1 && s.changes.length === 2);
      expect(a.changes[0]!.new).toMatchObject({ body: 'for alice' });
      expect(b.changes[0]!.new).toMatchObject({ body: 'for bob' });
      await server.sql('delete from public.secrets where id = $1', [mine!.id]);
      await waitFor(() => a.changes.length === 2);
      expect(a.changes[1]).toMatchObject({ eventType: 'DELETE', old: { id: Number(mine!.id) } });
      expect(Object.keys(a.changes[1]!.old)).toEqual(['id']);
      await waitFor(() => anon.changes.length === 1); // the DELETE only: anon may select nothing
      expect(anon.changes.map((c) => c.eventType)).toEqual(['DELETE']);
    } finally {
      await Promise.all([aliceClient, bobClient, admin].map((c) => c.removeAllChannels()));
    }
  });
});

describe('postgres_changes errors arrive as system messages after an OK join', () => {
  const cases: [string, { table?: string; filter?: string }, string | RegExp][] = [
    ['unsupported operator', { filter: 'priority=foo.1' }, 'Error parsing `filter` params: ["foo", "1"]'],
    ['in without parentheses', { filter: 'priority=in.1,2' }, 'Error parsing `filter` params: `in` filter value must be wrapped by parentheses'],
    [
      'unknown table',
      { table: 'nope' },
      'Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [event: *, schema: public, table: nope, filters: [], select: nil]',
    ],
    ['unpublished table', { table: 'unpublished' }, /^Unable to subscribe to changes with given parameters\. Please check Realtime is enabled/],
    [
      'unknown column',
      { filter: 'nope=eq.1' },
      'Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [event: *, schema: public, table: todos, filters: [{"nope", "eq", "1", false}], select: nil]. Exception: ERROR P0001 (raise_exception) invalid column for filter nope',
    ],
    ['value of the wrong type', { filter: 'priority=eq.abc' }, /Exception: ERROR 22P02 \(invalid_text_representation\) invalid input syntax for type integer: "abc"$/],
  ];
  for (const [name, binding, message] of cases) {
    it(name, async () => {
      const { channel, system } = await listen(binding);
      expect(channel.state).toBe('joined');
      expect(system[0]).toMatchObject({ extension: 'postgres_changes', status: 'error', channel: channel.subTopic });
      if (typeof message === 'string') expect(system[0]!.message).toBe(message);
      else expect(system[0]!.message).toMatch(message);
    });
  }

  it('a channel whose binding failed receives no changes', async () => {
    const bad = await listen({ filter: 'priority=foo.1' });
    const good = await listen({ filter: 'title=eq.after-error' });
    await insert('todos', { title: 'after-error' });
    await waitFor(() => good.changes.length === 1);
    expect(bad.changes).toHaveLength(0);
  });
});
