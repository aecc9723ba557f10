/**
 * `realtime.messages` with the columns of a current Supabase project (not partitioned),
 * `realtime.topic()`, `realtime.send()` and `realtime.broadcast_changes()` with their real
 * signatures and behaviour (see docs/broadcast-from-database.md), and the capture trigger that
 * hands committed rows to the realtime server through `realtime.changes_log`. Idempotent.
 */
export const REALTIME_MESSAGES_SQL = /* sql */ `
create schema if not exists realtime;
create table if not exists realtime.messages (
  id uuid not null default gen_random_uuid(),
  topic text not null,
  extension text not null,
  payload jsonb,
  event text,
  private boolean default false,
  updated_at timestamp not null default now(),
  inserted_at timestamp not null default now(),
  binary_payload bytea,
  primary key (id, inserted_at)
);
alter table realtime.messages add column if not exists binary_payload bytea;
do $$
begin
  if not exists (select 1 from pg_constraint where conname = 'messages_payload_exclusive') then
    alter table realtime.messages add constraint messages_payload_exclusive
      check (payload is null or binary_payload is null) not valid;
  end if;
end $$;
create index if not exists messages_inserted_at_topic_index on realtime.messages (inserted_at desc, topic)
  where extension = 'broadcast' and private is true;
alter table realtime.messages enable row level security;

create or replace function realtime.topic() returns text language sql stable as $fn$
  select nullif(current_setting('realtime.topic', true), '')::text
$fn$;

-- Not SECURITY DEFINER, like the real one: the insert runs with the caller's privileges, so
-- RLS applies, and any failure becomes a WARNING while the caller's transaction goes on.
create or replace function realtime.send(payload jsonb, event text, topic text, private boolean default true)
returns void language plpgsql as $fn$
declare
  generated_id uuid;
  final_payload jsonb;
begin
  begin
    generated_id := gen_random_uuid();
    if payload ? 'id' then
      final_payload := payload;
    else
      final_payload := jsonb_set(payload, '{id}', to_jsonb(generated_id));
    end if;
    execute format('set local realtime.topic to %L', topic);
    insert into realtime.messages (id, payload, event, topic, private, extension)
    values (generated_id, final_payload, event, topic, private, 'broadcast');
  exception when others then
    raise warning 'WarnSendingBroadcastMessage: %', sqlerrm;
  end;
end
$fn$;

create or replace function realtime.broadcast_changes(
  topic_name text, event_name text, operation text, table_name text, table_schema text,
  new record, old record, level text default 'ROW'
) returns void language plpgsql as $fn$
declare
  row_data jsonb := '{}'::jsonb;
begin
  if level = 'STATEMENT' then
    raise exception 'function can only be triggered for each row, not for each statement';
  end if;
  if operation = 'INSERT' or operation = 'UPDATE' or operation = 'DELETE' then
    row_data := jsonb_build_object('old_record', old, 'record', new, 'operation', operation,
      'table', table_name, 'schema', table_schema);
    perform realtime.send(row_data, event_name, topic_name);
  else
    raise exception 'Unexpected operation type: %', operation;
  end if;
exception when others then
  raise exception 'Failed to process the row: %', sqlerrm;
end
$fn$;

-- SECURITY DEFINER so that any writer can append to the log. The advisory lock is the one
-- realtime.capture_change() takes, so messages and row changes share one commit order.
create or replace function realtime.capture_message() returns trigger
language plpgsql security definer set search_path = '' as $fn$
begin
  perform pg_catalog.pg_advisory_xact_lock(72530019);
  insert into realtime.changes_log (schema_name, table_name, op, record)
  values ('realtime', 'messages', 'INSERT', pg_catalog.to_jsonb(NEW));
  perform pg_catalog.pg_notify('realtime_changes', '');
  return null;
end
$fn$;
drop trigger if exists realtime_capture_message on realtime.messages;
create trigger realtime_capture_message after insert on realtime.messages
  for each row execute function realtime.capture_message();

grant usage on schema realtime to anon, authenticated, service_role;
grant select, insert, update on realtime.messages to anon, authenticated, service_role;
grant execute on function realtime.topic() to anon, authenticated, service_role;
grant execute on function realtime.send(jsonb, text, text, boolean) to anon, authenticated, service_role;
grant execute on function realtime.broadcast_changes(text, text, text, text, text, record, record, text)
  to anon, authenticated, service_role;
`;
