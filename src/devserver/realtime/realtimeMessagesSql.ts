/**
 * `realtime.messages` and `realtime.topic()` as a Supabase project has them, so schemas can
 * declare the RLS policies that authorise private channels (and migrations that mention
 * them run). Idempotent. Rows are only ever written inside a rolled-back probe.
 */
export const REALTIME_MESSAGES_SQL = /* sql */ `
create schema if not exists realtime;
create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid() primary key,
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  inserted_at timestamp not null default now(),
  updated_at timestamp not null default now()
);
alter table realtime.messages enable row level security;
create or replace function realtime.topic() returns text language sql stable as $fn$
  select nullif(current_setting('realtime.topic', true), '')::text
$fn$;
grant usage on schema realtime to anon, authenticated, service_role;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant execute on function realtime.topic() to anon, authenticated, service_role;
`;
