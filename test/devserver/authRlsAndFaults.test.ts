import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { waitUntil } from '../support/waitUntil';
import { authClients, uniqueEmail } from './authClients';
import { subscribe } from './realtimeHelpers';

/** An app table as Supabase projects write them: owned rows, `references auth.users`, RLS on `auth.uid()`. */
const SCHEMA = /* sql */ `
create table public.diary (
  id bigint generated always as identity primary key,
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  body text not null
);
alter table public.diary enable row level security;
create policy "own rows" on public.diary for all to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());
`;

let server: DevServer;
const clients = authClients(() => server);
const plain: SupabaseClient[] = [];

beforeAll(async () => {
  server = await startDevServer({ schema: SCHEMA });
});
afterEach(async () => {
  server.faults.reset();
  await clients.stopAll();
  await Promise.all(plain.splice(0).map((c) => c.removeAllChannels()));
});
afterAll(async () => {
  await server?.close();
});

async function signedIn(label: string) {
  const supabase = clients.create();
  const { data, error } = await supabase.auth.signUp({ email: uniqueEmail(label), password: 'secret-1' });
  expect(error).toBeNull();
  return { supabase, user: data.user!, session: data.session! };
}

const post = (route: string, body: unknown) =>
  fetch(`${server.url}/__devserver/faults/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

const rawRefresh = (refreshToken: string) =>
  fetch(`${server.url}/auth/v1/token?grant_type=refresh_token`, {
    method: 'POST',
    headers: { apikey: server.anonKey, 'content-type': 'application/json', 'x-supabase-api-version': '2024-01-01' },
    body: JSON.stringify({ refresh_token: refreshToken }),
  });

describe('signed-in users under RLS', () => {
  it('REST runs as the signed-in user: auth.uid() fills owner_id and each user reads only their rows', async () => {
    const ada = await signedIn('ada');
    const bob = await signedIn('bob');
    expect((await ada.supabase.from('diary').insert({ body: 'ada writes' })).error).toBeNull();
    expect((await bob.supabase.from('diary').insert({ body: 'bob writes' })).error).toBeNull();
    const adaRows = await ada.supabase.from('diary').select('owner_id, body');
    expect(adaRows.data).toEqual([{ owner_id: ada.user.id, body: 'ada writes' }]);
    const forged = await ada.supabase.from('diary').insert({ body: 'as bob', owner_id: bob.user.id });
    expect(forged.error).toMatchObject({ code: '42501' });
  });

  it('a postgres_changes subscription of a signed-in user receives only that user\'s rows', async () => {
    const ada = await signedIn('ada-rt');
    const bob = await signedIn('bob-rt');
    await ada.supabase.realtime.setAuth(); // the session's token, before joining
    const seen: { owner_id: string; body: string }[] = [];
    const channel = ada.supabase
      .channel('diary-ada')
      .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'diary' }, (p) => void seen.push(p.new as never));
    await subscribe(channel);
    await server.sql('insert into public.diary (owner_id, body) values ($1, $2)', [bob.user.id, 'for bob']);
    await server.sql('insert into public.diary (owner_id, body) values ($1, $2)', [ada.user.id, 'for ada']);
    // Changes arrive in commit order, so once Ada's row is here Bob's would have been too.
    await waitUntil(() => seen.length > 0, "Ada's row over realtime", 15_000);
    expect(seen).toEqual([expect.objectContaining({ owner_id: ada.user.id, body: 'for ada' })]);
  });
});

describe('auth fault routes', () => {
  it('fail-refresh over HTTP: the next count refresh grants answer the status, then refreshes work again', async () => {
    const { session } = await signedIn('flaky');
    expect(await (await post('fail-refresh', { count: 1, status: 500 })).json()).toEqual({ ok: true });
    const failed = await rawRefresh(session.refresh_token);
    expect(failed.status).toBe(500);
    expect(await failed.json()).toMatchObject({ code: 'unexpected_failure' });
    expect((await rawRefresh(session.refresh_token)).status).toBe(200);

    await post('fail-refresh', { count: 1, status: 400 });
    const gone = await rawRefresh(session.refresh_token);
    expect(gone.status).toBe(400);
    expect(await gone.json()).toEqual({ code: 'refresh_token_not_found', message: 'Invalid Refresh Token: Refresh Token Not Found' });
  });

  it('server.faults.failRefresh: auth-js retries a 500 and succeeds; a 400 reaches the app as refresh_token_not_found', async () => {
    const flaky = await signedIn('retry');
    server.faults.failRefresh(1, 500);
    const retried = await flaky.supabase.auth.refreshSession();
    expect(retried.error).toBeNull();
    expect(retried.data.session!.refresh_token).not.toBe(flaky.session.refresh_token);

    const refused = await signedIn('refused');
    server.faults.failRefresh(1, 400);
    const result = await refused.supabase.auth.refreshSession();
    expect(result.error).toMatchObject({ status: 400, code: 'refresh_token_not_found' });
  });

  it('reset clears pending fail-refresh counts', async () => {
    const { session } = await signedIn('reset');
    server.faults.failRefresh(5, 503);
    expect((await post('reset', {})).status).toBe(200);
    expect((await rawRefresh(session.refresh_token)).status).toBe(200);
  });

  it('revoke-sessions deletes every session: /user signs the client out, the refresh token is gone, the access token verifies until exp', async () => {
    const first = await signedIn('revoked-1');
    const second = await signedIn('revoked-2');
    await first.supabase.from('diary').insert({ body: 'before revoke' });
    expect(await (await post('revoke-sessions', {})).json()).toEqual({ ok: true });
    const events: string[] = [];
    first.supabase.auth.onAuthStateChange((event) => void events.push(event));
    const user = await first.supabase.auth.getUser();
    expect(user.error).toMatchObject({ name: 'AuthSessionMissingError' });
    await waitUntil(() => events.includes('SIGNED_OUT'), 'SIGNED_OUT after session_not_found');
    const refresh = await rawRefresh(second.session.refresh_token);
    expect(await refresh.json()).toMatchObject({ code: 'refresh_token_not_found' });
    // As on Supabase, the JWT itself stays valid for REST and Realtime until it expires.
    const stillSigned = createTestClient(server, { accessToken: first.session.access_token });
    plain.push(stillSigned);
    const rows = await stillSigned.from('diary').select('body');
    expect(rows.data).toEqual([{ body: 'before revoke' }]);

    await server.faults.revokeSessions(); // the programmatic form; nothing left to revoke is fine
    expect((await server.sql<{ n: number }>('select count(*)::int as n from auth.sessions')).rows[0]!.n).toBe(0);
  });

  it('validates the fault routes and calls', async () => {
    const negative = await post('fail-refresh', { count: -1 });
    expect(negative.status).toBe(400);
    expect((await negative.json()).error).toMatch(/fail-refresh needs \{"count": <integer ≥ 0>/);
    const teapot = await post('fail-refresh', { count: 1, status: 418 });
    expect(teapot.status).toBe(400);
    expect((await teapot.json()).error).toMatch(/"status" must be 400 .* or 500–599/);
    expect(() => server.faults.failRefresh(1, 404)).toThrow(TypeError);
    expect(() => server.faults.failRefresh(1.5)).toThrow(/count must be an integer ≥ 0/);
  });
});
