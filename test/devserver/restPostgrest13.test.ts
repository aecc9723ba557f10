import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';

/** Ids 1–5 are rewritten by the write tests; the format tests read 7 and 8. */
const SCHEMA = /* sql */ `
create table items (id int primary key, name text not null, note text, status text not null default 'new', "column whitespace" text);
insert into items (id, name, note, "column whitespace")
  select g, 'item ' || g, case when g % 2 = 1 then 'odd' end, 'ws ' || g from generate_series(1, 10) g;
create function echo_json(json) returns json language sql immutable as $$ select $1 $$;
create function shout(text) returns text language sql immutable as $$ select upper($1) $$;
create function byte_count(bytea) returns int language sql immutable as $$ select length($1) $$;
create function unnamed_int(int) returns int language sql immutable as $$ select $1 $$;
create function pick(a int) returns text language sql immutable as $$ select 'int' $$;
create function pick(a text) returns text language sql immutable as $$ select 'text' $$;
create function all_items() returns setof items language sql stable as $$ select * from items order by id $$;
create function request_info() returns json language sql stable as $$
  select json_build_object(
    'method', current_setting('request.method', true),
    'path', current_setting('request.path', true),
    'header', current_setting('request.headers', true)::json->>'x-test-header',
    'role', current_setting('request.jwt.claims', true)::json->>'role') $$;
create schema api;
create table api.things (id int primary key, label text not null);
insert into api.things values (1, 'thing');
grant usage on schema api to anon, authenticated, service_role;
grant all on api.things to anon, authenticated, service_role;
`;

let server: DevServer;
let anon: SupabaseClient;

beforeAll(async () => {
  server = await startDevServer({ schema: SCHEMA, exposedSchemas: ['public', 'api'] });
  anon = createTestClient(server);
}, 60_000);

afterAll(() => server?.close());

function rest(path: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${server.url}/rest/v1/${path}`, { ...init, headers: { apikey: server.anonKey, ...init.headers } });
}

describe('rpc', () => {
  it('passes the whole body to a single unnamed json, text or bytea parameter', async () => {
    const json = await anon.rpc('echo_json', { a: 1, b: [2, 'three'] });
    expect(json).toMatchObject({ error: null, status: 200, data: { a: 1, b: [2, 'three'] } });
    const text = await rest('rpc/shout', { method: 'POST', body: 'hello', headers: { 'Content-Type': 'text/plain' } });
    expect(text.status).toBe(200);
    expect(await text.json()).toBe('HELLO');
    const bytes = await rest('rpc/byte_count', { method: 'POST', body: new Uint8Array([1, 2, 3]), headers: { 'Content-Type': 'application/octet-stream' } });
    expect(await bytes.json()).toBe(3);
  });

  it('answers PGRST202 for a single unnamed parameter of another type and PGRST203 for ambiguous overloads', async () => {
    const unnamed = await anon.rpc('unnamed_int', { x: 1 });
    expect(unnamed.status).toBe(404);
    expect(unnamed.error).toMatchObject({
      code: 'PGRST202',
      message: 'Could not find the function public.unnamed_int(x) in the schema cache',
      details: 'Searched for the function public.unnamed_int with parameter x or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.',
    });
    const ambiguous = await anon.rpc('pick', { a: 1 });
    expect(ambiguous.status).toBe(300);
    expect(ambiguous.error).toMatchObject({
      code: 'PGRST203',
      message: 'Could not choose the best candidate function between: public.pick(a => integer), public.pick(a => text)',
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    });
  });

  it('counts a set-returning function with Prefer: count=exact and answers 206 for a partial range', async () => {
    const { data, count, status, error } = await anon.rpc('all_items', {}, { count: 'exact' }).select('id').range(0, 2);
    expect(error).toBeNull();
    expect(status).toBe(206);
    expect(count).toBe(10);
    expect(data).toEqual([{ id: 1 }, { id: 2 }, { id: 3 }]);
    const whole = await anon.rpc('all_items', {}, { count: 'exact' }).select('id');
    expect(whole).toMatchObject({ status: 200, count: 10 });
  });

  it('sets request.method, request.path, request.headers and request.jwt.claims for SQL', async () => {
    const res = await rest('rpc/request_info', { headers: { 'x-test-header': 'from-test' } });
    expect(await res.json()).toEqual({ method: 'GET', path: '/rpc/request_info', header: 'from-test', role: 'anon' });
    const post = await anon.rpc('request_info');
    expect(post.data).toMatchObject({ method: 'POST', path: '/rpc/request_info', role: 'anon' });
  });
});

describe('counts, upserts and Prefer', () => {
  it('answers 206 with every count mode when the range holds fewer rows than the count, 416 past the end', async () => {
    for (const mode of ['exact', 'planned', 'estimated'] as const) {
      const partial = await anon.from('items').select('id', { count: mode }).order('id').range(0, 4);
      expect(partial).toMatchObject({ status: 206, count: 10, error: null });
      expect(partial.data).toHaveLength(5);
    }
    const whole = await anon.from('items').select('id', { count: 'exact' });
    expect(whole).toMatchObject({ status: 200, count: 10 });
    const past = await anon.from('items').select('id', { count: 'exact' }).range(20, 25);
    expect(past.status).toBe(416);
    expect(past.error).toMatchObject({ code: 'PGRST103', details: 'An offset of 20 was requested, but there are only 10 rows.' });
  });

  it('answers 200 to an upsert that only updates and 201 to one that inserts', async () => {
    const update = await anon.from('items').upsert({ id: 1, name: 'renamed' });
    expect(update.status).toBe(200);
    const updateRep = await anon.from('items').upsert({ id: 2, name: 'renamed too' }).select('id, name');
    expect(updateRep).toMatchObject({ status: 200, data: [{ id: 2, name: 'renamed too' }] });
    const insert = await anon.from('items').upsert([{ id: 1, name: 'again' }, { id: 50, name: 'new' }]).select('id');
    expect(insert.status).toBe(201);
    expect((await anon.from('items').select('name').eq('id', 50)).data).toEqual([{ name: 'new' }]);
  });

  it('fills missing columns with their defaults under Prefer: missing=default', async () => {
    const { error } = await anon.from('items').insert([{ id: 60, name: 'a' }, { id: 61, name: 'b', status: 'done' }], { defaultToNull: false });
    expect(error).toBeNull();
    expect((await anon.from('items').select('id, status').in('id', [60, 61]).order('id')).data).toEqual([
      { id: 60, status: 'new' },
      { id: 61, status: 'done' },
    ]);
  });

  it('runs and rolls back under Prefer: tx=rollback', async () => {
    const res = await rest('items?select=id,name', {
      method: 'POST',
      body: JSON.stringify({ id: 70, name: 'ghost' }),
      headers: { 'Content-Type': 'application/json', Prefer: 'tx=rollback, return=representation' },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual([{ id: 70, name: 'ghost' }]);
    expect(res.headers.get('preference-applied')).toContain('tx=rollback');
    expect((await anon.from('items').select('id').eq('id', 70)).data).toEqual([]);
  });

  it('refuses unknown preferences with handling=strict (PGRST122) and ignores them otherwise', async () => {
    const strict = await rest('items?select=id&id=eq.3', { headers: { Prefer: 'handling=strict, count=sometimes, colour=blue' } });
    expect(strict.status).toBe(400);
    expect(await strict.json()).toEqual({
      code: 'PGRST122',
      message: 'Invalid preferences given with handling=strict',
      details: 'Invalid preferences: count=sometimes, colour=blue',
      hint: null,
    });
    const lenient = await rest('items?select=id&id=eq.3', { headers: { Prefer: 'colour=blue' } });
    expect(lenient.status).toBe(200);
    expect(await lenient.json()).toEqual([{ id: 3 }]);
  });

  it('refuses a write past Prefer: max-affected under handling=strict (PGRST124) and rolls it back', async () => {
    const init = (max: number) => ({
      method: 'PATCH',
      body: JSON.stringify({ note: 'capped' }),
      headers: { 'Content-Type': 'application/json', Prefer: `handling=strict, max-affected=${max}` },
    });
    const over = await rest('items?id=lte.5', init(2));
    expect(over.status).toBe(400);
    expect(await over.json()).toMatchObject({ code: 'PGRST124', message: 'Query result exceeds max-affected preference constraint', details: 'The query affects 5 rows' });
    expect((await anon.from('items').select('id').eq('note', 'capped')).data).toEqual([]);
    const within = await rest('items?id=lte.5', init(5));
    expect(within.status).toBe(204);
    expect((await anon.from('items').select('id').eq('note', 'capped')).data).toHaveLength(5);
  });
});

describe('schemas, output formats and select names', () => {
  it('refuses bad aggregates and exposedSchemas options with a TypeError saying how to fix them', async () => {
    await expect(startDevServer({ aggregates: 'yes' as never })).rejects.toThrow('startDevServer: aggregates must be true or false.');
    await expect(startDevServer({ exposedSchemas: [] })).rejects.toThrow(/exposedSchemas must be a non-empty array of schema names/);
  });

  it('reads another exposed schema with Accept-Profile and refuses others with PGRST106', async () => {
    const things = await anon.schema('api').from('things').select('label');
    expect(things).toMatchObject({ error: null, data: [{ label: 'thing' }] });
    const hidden = await anon.schema('private').from('things').select();
    expect(hidden.status).toBe(406);
    expect(hidden.error).toMatchObject({ code: 'PGRST106', message: 'Invalid schema: private', hint: 'Only the following schemas are exposed: public, api' });
  });

  it('answers CSV for Accept: text/csv', async () => {
    const { data, error } = await anon.from('items').select('id, "column whitespace", note').in('id', [7, 8]).order('id').csv();
    expect(error).toBeNull();
    expect(data).toBe('id,column whitespace,note\n7,ws 7,odd\n8,ws 8,');
  });

  it('strips nulls for the pgrst array and object media types with nulls=stripped', async () => {
    const array = await rest('items?select=id,note&id=in.(7,8)&order=id', { headers: { Accept: 'application/vnd.pgrst.array+json;nulls=stripped' } });
    expect(array.headers.get('content-type')).toContain('application/vnd.pgrst.array+json;nulls=stripped');
    expect(await array.json()).toEqual([{ id: 7, note: 'odd' }, { id: 8 }]);
    const object = await rest('items?select=id,note&id=eq.8', { headers: { Accept: 'application/vnd.pgrst.object+json;nulls=stripped' } });
    expect(await object.json()).toEqual({ id: 8 });
    const unknown = await rest('items?select=id', { headers: { Accept: 'application/xml' } });
    expect(unknown.status).toBe(406);
    expect(((await unknown.json()) as { code: string }).code).toBe('PGRST107');
  });

  it('unquotes quoted column names in select and refuses aggregates while they are switched off (PGRST123)', async () => {
    const quoted = await anon.from('items').select('"column whitespace", renamed:"column whitespace"').eq('id', 5);
    expect(quoted.data).toEqual([{ 'column whitespace': 'ws 5', renamed: 'ws 5' }]);
    const agg = await anon.from('items').select('count()');
    expect(agg.status).toBe(400);
    expect(agg.error).toMatchObject({ code: 'PGRST123', message: 'Use of aggregate functions is not allowed' });
  });
});
