/**
 * Broadcast from Database on the dev server, with stock supabase-js over real WebSockets:
 * the SQL printed by `supabase-realtime-react sql broadcast-changes` is the schema, so the
 * helper's output is what gets exercised.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { DevServer } from '../../src/devserver/types';
import { broadcastChangesSql } from '../../src/sql';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';
import { collectSystem, subscribe } from './realtimeHelpers';

const TSX = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const CLI = join(process.cwd(), 'src', 'cli', 'main.ts');
const ALICE = '00000000-0000-4000-8000-00000000000a';
const BOB = '00000000-0000-4000-8000-00000000000b';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const helperSql = execFileSync(TSX, [CLI, 'sql', 'broadcast-changes', '--table', 'todos', '--topic', "'todos:' || list_id"], {
  encoding: 'utf8',
});

const SCHEMA = /* sql */ `
create table public.todos (
  id bigint generated always as identity primary key,
  list_id text not null,
  title text not null default '',
  owner_id uuid not null
);
alter table public.todos enable row level security;
create policy "owners read their todos" on public.todos for select to authenticated using (owner_id = auth.uid());
${helperSql}
create table public.notes (id bigint generated always as identity primary key, room text not null, body text);
${broadcastChangesSql({ table: 'notes', topic: "'notes:' || room", events: ['DELETE'], policy: "(select realtime.topic()) like 'notes:%'" })}
-- Rooms for realtime.send: any authenticated user may read room-*, and send on writable-*.
create policy "read rooms" on realtime.messages for select to authenticated using ((select realtime.topic()) like 'room-%');
create policy "send on writable rooms" on realtime.messages for insert to authenticated
  with check ((select realtime.topic()) like 'room-writable-%');
create policy "read writable rooms" on realtime.messages for select to authenticated
  using ((select realtime.topic()) like 'room-writable-%');
create function public.post_message(room text, body text) returns void language plpgsql security definer as $$
begin
  perform realtime.send(jsonb_build_object('body', body), 'message', room);
end $$;
create function public.post_as_caller(room text, body text) returns void language plpgsql as $$
begin
  perform realtime.send(jsonb_build_object('body', body), 'message', room);
end $$;
`;

interface Received {
  type: string;
  event: string;
  payload: Record<string, unknown>;
  meta?: { id: string; replayed?: boolean };
}

let server: DevServer;
const clients: SupabaseClient[] = [];
let n = 0;

/** A client signed in as `sub`. The token is fetched before the first join, so that join already carries it. */
async function userClient(sub: string, realtime?: Record<string, unknown>): Promise<SupabaseClient> {
  const client = createTestClient(server, { accessToken: server.signJwt({ sub, role: 'authenticated' }), ...(realtime ? { realtime } : {}) });
  clients.push(client);
  await client.realtime.setAuth();
  return client;
}

function listen(client: SupabaseClient, topic: string, config: Record<string, unknown> = { private: true }) {
  const channel = client.channel(topic, { config });
  const got: Received[] = [];
  channel.on('broadcast', { event: '*' }, (m) => got.push(m as Received));
  return { channel, got };
}

beforeAll(async () => {
  server = await startTestServer({ schema: SCHEMA });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.removeAllChannels()));
  await server?.close();
});

describe('broadcastChangesSql trigger (realtime.broadcast_changes)', () => {
  it('delivers INSERT, UPDATE and DELETE to an authorised private channel with the real payload', async () => {
    const list = `list-${++n}`;
    await server.sql('insert into public.todos (list_id, title, owner_id) values ($1, $2, $3)', [list, 'seed', ALICE]);
    const { channel, got } = listen(await userClient(ALICE), `todos:${list}`);
    await subscribe(channel);

    const { rows } = await server.sql<{ id: string }>(
      "insert into public.todos (list_id, title, owner_id) values ($1, 'milk', $2) returning id::text",
      [list, ALICE],
    );
    const id = Number(rows[0]!.id);
    await server.sql("update public.todos set title = 'oat milk' where id = $1", [id]);
    await server.sql('delete from public.todos where id = $1', [id]);
    await waitUntil(() => got.length === 3, 'three broadcasts');

    const row = { id, list_id: list, title: 'milk', owner_id: ALICE };
    const updated = { ...row, title: 'oat milk' };
    expect(got.map((m) => [m.type, m.event])).toEqual([
      ['broadcast', 'INSERT'],
      ['broadcast', 'UPDATE'],
      ['broadcast', 'DELETE'],
    ]);
    const base = { table: 'todos', schema: 'public' };
    expect(got[0]!.payload).toEqual({ ...base, id: expect.stringMatching(UUID), operation: 'INSERT', record: row, old_record: null });
    expect(got[1]!.payload).toEqual({ ...base, id: expect.stringMatching(UUID), operation: 'UPDATE', record: updated, old_record: row });
    expect(got[2]!.payload).toEqual({ ...base, id: expect.stringMatching(UUID), operation: 'DELETE', record: null, old_record: updated });
    for (const m of got) expect(m.meta).toEqual({ id: m.payload.id });
    expect(new Set(got.map((m) => m.payload.id)).size).toBe(3);
  });

  it('refuses a user the policy does not admit, with the real reason', async () => {
    const list = `list-${++n}`;
    await server.sql('insert into public.todos (list_id, title, owner_id) values ($1, $2, $3)', [list, 'private', ALICE]);
    const channel = (await userClient(BOB)).channel(`todos:${list}`, { config: { private: true } });
    const log = await subscribe(channel, ['CHANNEL_ERROR']);
    expect(log.errors.at(-1)).toBe(`Unauthorized: You do not have permissions to read from this Channel topic: todos:${list}`);
    await channel.unsubscribe();
  });

  it('sends only the chosen events, to users a custom policy admits', async () => {
    const room = `r${++n}`;
    const { channel, got } = listen(await userClient(BOB), `notes:${room}`);
    await subscribe(channel);
    await server.sql("insert into public.notes (room, body) values ($1, 'a'), ($1, 'b')", [room]);
    await server.sql("update public.notes set body = 'c' where room = $1 and body = 'a'", [room]);
    await server.sql("delete from public.notes where room = $1 and body = 'b'", [room]);
    await waitUntil(() => got.length >= 1, 'the DELETE');
    await server.sql("delete from public.notes where room = $1", [room]);
    await waitUntil(() => got.length >= 2, 'the second DELETE');
    expect(got.map((m) => [m.event, (m.payload.old_record as { body: string }).body])).toEqual([
      ['DELETE', 'b'],
      ['DELETE', 'c'],
    ]);
  });
});

describe('realtime.send', () => {
  it('reaches private channels when called inside a function called through REST rpc', async () => {
    const room = `room-${++n}`;
    const alice = await userClient(ALICE);
    const { channel, got } = listen(alice, room);
    await subscribe(channel);
    const { error } = await (await userClient(BOB)).rpc('post_message', { room, body: 'hello' });
    expect(error).toBeNull();
    await waitUntil(() => got.length === 1, 'the message');
    expect(got[0]).toEqual({
      type: 'broadcast',
      event: 'message',
      payload: { body: 'hello', id: expect.stringMatching(UUID) },
      meta: { id: got[0]!.payload.id },
    });
  });

  it('delivers nothing when the private flags differ, while matching channels get their messages', async () => {
    const room = `room-${++n}`;
    const client = await userClient(ALICE);
    const privateChannel = listen(client, room);
    const publicChannel = listen(await userClient(ALICE), room, { private: false });
    await Promise.all([subscribe(privateChannel.channel), subscribe(publicChannel.channel)]);
    await server.sql("select realtime.send('{\"n\": 1}', 'to-private', $1, true)", [room]);
    await server.sql("select realtime.send('{\"n\": 2}', 'to-public', $1, false)", [room]);
    // Delivery is in commit order, so once both later messages arrived the earlier ones would have too.
    await server.sql("select realtime.send('{\"n\": 3}', 'to-private', $1, true)", [room]);
    await server.sql("select realtime.send('{\"n\": 4}', 'to-public', $1, false)", [room]);
    await waitUntil(() => privateChannel.got.length >= 2 && publicChannel.got.length >= 2, 'both channels');
    expect(privateChannel.got.map((m) => m.payload.n)).toEqual([1, 3]);
    expect(publicChannel.got.map((m) => m.payload.n)).toEqual([2, 4]);
  });

  it('a refused insert (the caller has no INSERT policy) is only a warning: the rpc succeeds and nothing is sent', async () => {
    const room = `room-${++n}`;
    const { channel, got } = listen(await userClient(ALICE), room);
    await subscribe(channel);
    const bob = await userClient(BOB);
    // post_as_caller is not SECURITY DEFINER: the insert runs as `authenticated`, RLS refuses it.
    expect((await bob.rpc('post_as_caller', { room, body: 'refused' })).error).toBeNull();
    expect((await bob.rpc('post_message', { room, body: 'marker' })).error).toBeNull();
    await waitUntil(() => got.length >= 1, 'the marker');
    expect(got.map((m) => m.payload.body)).toEqual(['marker']);
  });

  it('vsn 2.0.0 sockets get the binary kind-4 frame with {"id"} metadata', async () => {
    const room = `room-${++n}`;
    const url = `${server.url.replace('http', 'ws')}/realtime/v1/websocket?apikey=${server.serviceRoleKey}&vsn=2.0.0`;
    const ws = new WebSocket(url);
    const frames: { binary: boolean; data: Buffer }[] = [];
    ws.on('message', (data, binary) => frames.push({ binary, data: data as Buffer }));
    await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
    ws.send(JSON.stringify(['1', '1', `realtime:${room}`, 'phx_join', { config: { private: true } }]));
    await waitUntil(() => frames.some((f) => !f.binary && f.data.toString().includes('phx_reply')), 'the join reply');
    expect(JSON.parse(frames[0]!.data.toString())[4].status).toBe('ok');
    await server.sql("select realtime.send('{\"n\": 7}', 'bin', $1)", [room]);
    await waitUntil(() => frames.some((f) => f.binary), 'a binary frame');
    ws.close();
    const frame = frames.find((f) => f.binary)!.data;
    const [kind, topicLen, eventLen, metaLen, encoding] = [...frame.subarray(0, 5)];
    expect([kind, encoding]).toEqual([4, 1]);
    let at = 5;
    const take = (len: number) => frame.subarray(at, (at += len)).toString();
    expect(take(topicLen!)).toBe(`realtime:${room}`);
    expect(take(eventLen!)).toBe('bin');
    const meta = JSON.parse(take(metaLen!));
    expect(JSON.parse(frame.subarray(at).toString())).toEqual({ n: 7, id: meta.id });
  });
});

describe('join options', () => {
  it('replays the newest earlier messages, oldest first, marked replayed, then live ones', async () => {
    const room = `room-${++n}`;
    const since = Date.now() - 60_000;
    for (const i of [1, 2, 3]) await server.sql(`select realtime.send('{"i": ${i}}', 'old', $1)`, [room]);
    const { channel, got } = listen(await userClient(ALICE), room, { private: true, broadcast: { replay: { since, limit: 2 } } });
    await subscribe(channel);
    await waitUntil(() => got.length === 2, 'two replayed messages');
    await server.sql(`select realtime.send('{"i": 4}', 'new', $1)`, [room]);
    await waitUntil(() => got.length === 3, 'the live message');
    expect(got.map((m) => [m.event, m.payload.i, m.meta?.replayed ?? false])).toEqual([
      ['old', 2, true],
      ['old', 3, true],
      ['new', 4, false],
    ]);
    expect(got[0]!.meta).toEqual({ replayed: true, id: got[0]!.payload.id });
  });

  it('refuses replay params that are not integers with the real reason', async () => {
    const channel = (await userClient(ALICE)).channel(`room-${++n}`, { config: { private: true, broadcast: { replay: { since: 1.5 } } } });
    const log = await subscribe(channel, ['CHANNEL_ERROR']);
    expect(log.errors.at(-1)).toBe('UnableToReplayMessages: Replay params are not valid');
    await channel.unsubscribe();
  });

  it('sends the replication_ready system message when asked', async () => {
    const room = `room-${++n}`;
    const channel = (await userClient(ALICE)).channel(room, { config: { private: true, broadcast: { replication_ready: true } } });
    const system = collectSystem(channel);
    await subscribe(channel);
    await waitUntil(() => system.length > 0, 'the system message');
    expect(system[0]).toEqual({ extension: 'system', status: 'ok', message: 'Replication connection established', channel: room });
  });
});

describe('client sends on private channels (INSERT policies)', () => {
  it('delivers sends the INSERT policy allows and drops the others without an ack', async () => {
    const writable = `room-writable-${++n}`;
    const readOnly = `room-${++n}`;
    const receiver = await userClient(ALICE);
    const sender = await userClient(BOB, { timeout: 1500 });
    const inWritable = listen(receiver, writable);
    const inReadOnly = listen(receiver, readOnly);
    const sendWritable = sender.channel(writable, { config: { private: true, broadcast: { ack: true } } });
    const sendReadOnly = sender.channel(readOnly, { config: { private: true, broadcast: { ack: true } } });
    await Promise.all([inWritable.channel, inReadOnly.channel, sendWritable, sendReadOnly].map((c) => subscribe(c)));
    expect(await sendReadOnly.send({ type: 'broadcast', event: 'hi', payload: { n: 1 } })).toBe('timed out');
    expect(await sendWritable.send({ type: 'broadcast', event: 'hi', payload: { n: 2 } })).toBe('ok');
    await waitUntil(() => inWritable.got.length === 1, 'the allowed send');
    expect(inWritable.got[0]).toMatchObject({ event: 'hi', payload: { n: 2 } });
    expect(inReadOnly.got).toEqual([]);
  });
});

describe('REST broadcast API', () => {
  const post = (path: string, token: string, body: unknown, contentType = 'application/json') =>
    fetch(`${server.url}/realtime/v1/api/broadcast${path}`, {
      method: 'POST',
      headers: { apikey: server.anonKey, authorization: `Bearer ${token}`, 'content-type': contentType },
      body: JSON.stringify(body),
    });

  it('delivers private messages the INSERT policy allows; skips the others with 202 (batch) or 403 (single)', async () => {
    const writable = `room-writable-${++n}`;
    const readOnly = `room-${++n}`;
    const receiver = await userClient(ALICE);
    const a = listen(receiver, writable);
    const b = listen(receiver, readOnly);
    await Promise.all([subscribe(a.channel), subscribe(b.channel)]);
    const bob = server.signJwt({ sub: BOB, role: 'authenticated' });
    const batch = await post('', bob, {
      messages: [
        { topic: readOnly, event: 'denied', payload: { n: 1 }, private: true },
        { topic: writable, event: 'batch', payload: { n: 2 }, private: true },
      ],
    });
    expect([batch.status, await batch.text()]).toEqual([202, '']);
    const denied = await post(`/${encodeURIComponent(readOnly)}/events/single?private=true`, bob, { n: 3 });
    expect([denied.status, await denied.json()]).toEqual([403, { message: 'Unauthorized' }]);
    const single = await post(`/${encodeURIComponent(writable)}/events/single?private=true`, bob, { n: 4 });
    expect(single.status).toBe(202);
    await server.sql("select realtime.send('{\"n\": 5}', 'marker', $1)", [readOnly]);
    await waitUntil(() => a.got.length === 2 && b.got.length === 1, 'the allowed messages and the marker');
    expect(a.got.map((m) => [m.event, m.payload.n])).toEqual([
      ['batch', 2],
      ['single', 4],
    ]);
    expect(b.got.map((m) => m.event)).toEqual(['marker']);
    const wrongType = await post(`/${writable}/events/x`, bob, 'x', 'text/plain');
    expect([wrongType.status, await wrongType.json()]).toEqual([
      415,
      { error: 'Unsupported Media Type. Use application/json or application/octet-stream' },
    ]);
  });
});
