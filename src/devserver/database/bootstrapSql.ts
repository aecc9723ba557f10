/**
 * What a fresh Supabase project has that RLS policies and the change feed rely on:
 * the three API roles, `auth.uid()/role()/email()/jwt()` exactly as Supabase defines
 * them, default privileges, the `supabase_realtime` publication, and the `realtime`
 * change log with its capture trigger. Idempotent, so a reused Postgres is fine.
 */
export const BOOTSTRAP_SQL = /* sql */ `
do $$
begin
  if not exists (select 1 from pg_roles where rolname = 'anon') then create role anon nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'authenticated') then create role authenticated nologin noinherit; end if;
  if not exists (select 1 from pg_roles where rolname = 'service_role') then create role service_role nologin noinherit bypassrls; end if;
  if not exists (select 1 from pg_publication where pubname = 'supabase_realtime') then create publication supabase_realtime; end if;
end $$;

create schema if not exists auth;
create schema if not exists realtime;

grant usage on schema public to anon, authenticated, service_role;
grant usage on schema auth to anon, authenticated, service_role;
grant all on all tables in schema public to anon, authenticated, service_role;
grant all on all sequences in schema public to anon, authenticated, service_role;
grant all on all routines in schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;
alter default privileges in schema public grant all on routines to anon, authenticated, service_role;

create or replace function auth.uid() returns uuid language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$fn$;

create or replace function auth.role() returns text language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$fn$;

create or replace function auth.email() returns text language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$fn$;

create or replace function auth.jwt() returns jsonb language sql stable as $fn$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$fn$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;

create table if not exists realtime.changes_log (
  id bigserial primary key,
  schema_name text not null,
  table_name text not null,
  op text not null,
  record jsonb,
  old_record jsonb,
  commit_ts timestamptz not null default now()
);
revoke all on realtime.changes_log from public;

-- SECURITY DEFINER so that anon and authenticated writers can append to the log.
create or replace function realtime.capture_change() returns trigger
language plpgsql security definer set search_path = '' as $fn$
begin
  if not exists (
    select 1 from pg_catalog.pg_publication_tables p
    where p.pubname = 'supabase_realtime' and p.schemaname = TG_TABLE_SCHEMA and p.tablename = TG_TABLE_NAME
  ) then
    return null;
  end if;
  -- Ids are handed out at write time, but readers fetch "id > last seen". Holding one
  -- transaction-scoped lock from the first logged row to commit makes id order equal
  -- commit order, so a slow transaction can never commit a smaller id after a reader
  -- has moved past it. (PGlite has one connection, so this only matters on Postgres.)
  perform pg_catalog.pg_advisory_xact_lock(72530019);
  insert into realtime.changes_log (schema_name, table_name, op, record, old_record)
  values (
    TG_TABLE_SCHEMA, TG_TABLE_NAME, TG_OP,
    case when TG_OP <> 'DELETE' then pg_catalog.to_jsonb(NEW) end,
    case when TG_OP <> 'INSERT' then pg_catalog.to_jsonb(OLD) end
  );
  perform pg_catalog.pg_notify('realtime_changes', '');
  return null;
end
$fn$;

-- Installs the capture trigger on every published table that lacks it.
create or replace function realtime.ensure_capture_triggers() returns void
language plpgsql security definer set search_path = '' as $fn$
declare
  t record;
begin
  for t in
    select p.schemaname, p.tablename
    from pg_catalog.pg_publication_tables p
    join pg_catalog.pg_namespace n on n.nspname = p.schemaname
    join pg_catalog.pg_class c on c.relnamespace = n.oid and c.relname = p.tablename
    where p.pubname = 'supabase_realtime'
      and not exists (
        select 1 from pg_catalog.pg_trigger g
        where g.tgrelid = c.oid and g.tgname = 'realtime_capture_change'
      )
  loop
    -- Creating a trigger fires the DDL event trigger, which runs this function again
    -- and may already have handled the rest of this loop's tables.
    continue when exists (
      select 1 from pg_catalog.pg_trigger g
      where g.tgrelid = pg_catalog.format('%I.%I', t.schemaname, t.tablename)::regclass and g.tgname = 'realtime_capture_change'
    );
    execute pg_catalog.format(
      'create trigger realtime_capture_change after insert or update or delete on %I.%I for each row execute function realtime.capture_change()',
      t.schemaname, t.tablename
    );
  end loop;
end
$fn$;

select realtime.ensure_capture_triggers();
`;

/**
 * Keeps triggers and the server's catalog cache current after any DDL. Needs a
 * superuser; on a managed Postgres without one the server falls back to refreshing
 * after its own `exec`/`applySchema`.
 */
export const EVENT_TRIGGER_SQL = /* sql */ `
create or replace function realtime.on_ddl_end() returns event_trigger
language plpgsql as $fn$
begin
  perform realtime.ensure_capture_triggers();
  perform pg_catalog.pg_notify('realtime_ddl', '');
end
$fn$;
drop event trigger if exists realtime_on_ddl_end;
create event trigger realtime_on_ddl_end on ddl_command_end execute function realtime.on_ddl_end();
`;
