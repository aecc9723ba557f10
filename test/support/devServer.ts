import { startDevServer } from '../../src/devserver';
import type { DevServer, DevServerOptions } from '../../src/devserver/types';

/**
 * The default schema of `startTestServer`:
 * - `todos`: a plain table (REPLICA IDENTITY DEFAULT, no RLS), every common column type;
 * - `notes`: REPLICA IDENTITY FULL, so UPDATE/DELETE carry the whole old row;
 * - `secrets`: RLS on, each authenticated user may select only rows with `owner_id = auth.uid()`.
 * All three are in the `supabase_realtime` publication; `unpublished` is not.
 * A policy on `realtime.messages` lets authenticated users whose JWT has `"member": true`
 * join private channels named `members-…`.
 */
export const TEST_SCHEMA = /* sql */ `
create table public.todos (
  id bigint generated always as identity primary key,
  title text not null default '',
  done boolean not null default false,
  priority int not null default 0,
  score numeric,
  owner_id uuid,
  tags text[] not null default '{}',
  meta jsonb,
  created_at timestamptz not null default now()
);
create table public.notes (
  id bigint generated always as identity primary key,
  body text,
  score int
);
alter table public.notes replica identity full;
create table public.secrets (
  id bigint generated always as identity primary key,
  owner_id uuid not null,
  body text
);
alter table public.secrets enable row level security;
create policy "owners read their secrets" on public.secrets for select to authenticated using (owner_id = auth.uid());
create policy "members read member rooms" on realtime.messages for select to authenticated
  using (realtime.topic() like 'members-%' and (auth.jwt() ->> 'member') = 'true');
`;

/** A table that exists but is not published for realtime. */
const UNPUBLISHED = 'create table public.unpublished (id bigint generated always as identity primary key, body text);';

/**
 * Starts one dev server for a test file (PGlite boot takes seconds: share it across the
 * file's tests and close it in `afterAll`). Default schema: {@link TEST_SCHEMA}.
 */
export async function startTestServer(options: DevServerOptions = {}): Promise<DevServer> {
  const server = await startDevServer({ schema: TEST_SCHEMA, ...options });
  if (options.schema === undefined) await server.sql(UNPUBLISHED);
  return server;
}
