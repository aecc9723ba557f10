import { SqlInputError } from './sqlInputError';
import { assertExpression, assertIdentifier } from './validateSqlInput';

/** A row operation a Broadcast from Database trigger can send. */
export type BroadcastChangeEvent = 'INSERT' | 'UPDATE' | 'DELETE';

export const BROADCAST_CHANGE_EVENTS: readonly BroadcastChangeEvent[] = ['INSERT', 'UPDATE', 'DELETE'];

export interface BroadcastChangesSqlOptions {
  /** The table whose changes are broadcast, e.g. `'todos'`. */
  table: string;
  /** Its schema; `'public'` by default. */
  schema?: string;
  /**
   * A SQL expression over the changed row's columns (the new row; the old one for DELETE)
   * giving the private topic, e.g. `"'todos:' || list_id"`. Clients join that topic with
   * `{ config: { private: true } }`. Functions outside pg_catalog must be schema-qualified
   * (the trigger function runs with an empty search_path).
   */
  topic: string;
  /** Which operations to send; all three by default. Each arrives with the operation as its event name. */
  events?: readonly BroadcastChangeEvent[];
  /**
   * Who may receive: a SQL condition for the SELECT policy on `realtime.messages` (for
   * `authenticated`; `realtime.topic()` is the topic being joined), or `false` for no policy.
   * By default, a user may join a topic when they can select (under the table's own RLS) at
   * least one row of the table whose topic expression equals it.
   */
  policy?: string | false;
}

const quote = (identifier: string) => `"${identifier}"`;

function readEvents(events: unknown): BroadcastChangeEvent[] {
  if (events === undefined) return [...BROADCAST_CHANGE_EVENTS];
  if (!Array.isArray(events) || events.length === 0) {
    throw new SqlInputError('events', "`events` must be a non-empty array of 'INSERT', 'UPDATE' and/or 'DELETE'.");
  }
  for (const event of events) {
    if (!BROADCAST_CHANGE_EVENTS.includes(event as BroadcastChangeEvent)) {
      throw new SqlInputError('events', `\`events\` may only hold 'INSERT', 'UPDATE' and 'DELETE' (upper case); got ${JSON.stringify(event)}.`);
    }
  }
  return BROADCAST_CHANGE_EVENTS.filter((e) => events.includes(e)); // canonical order, no duplicates
}

/**
 * The SQL for Broadcast from Database on one table, ready to paste into a migration: a
 * trigger function calling `realtime.broadcast_changes(...)`, the row trigger, and the SELECT
 * policy on `realtime.messages` that lets users join the private topics. Re-running it
 * replaces all three. Throws {@link SqlInputError} for input it cannot make safe SQL of.
 *
 * @example
 * broadcastChangesSql({ table: 'todos', topic: "'todos:' || list_id" });
 */
export function broadcastChangesSql(options: BroadcastChangesSqlOptions): string {
  if (!options || typeof options !== 'object') {
    throw new SqlInputError('table', "broadcastChangesSql needs an options object, e.g. { table: 'todos', topic: \"'todos:' || list_id\" }.");
  }
  const table = assertIdentifier('table', options.table);
  const schema = assertIdentifier('schema', options.schema ?? 'public');
  const topic = assertExpression('topic', options.topic, `"'todos:' || list_id"`);
  const events = readEvents(options.events);
  const policy =
    options.policy === false ? false : options.policy === undefined ? undefined : assertExpression('policy', options.policy, `"realtime.topic() = 'room-1'"`);

  const target = `${quote(schema)}.${quote(table)}`;
  const name = `${table}_broadcast_changes`;
  const fn = `${quote(schema)}.${quote(name)}`;
  const policyName = quote(`${table} broadcast changes: read`);
  const readCondition = policy ?? `exists (select 1 from ${target} where (${topic}) = (select realtime.topic()))`;

  const parts = [
    `-- Broadcast from Database: ${events.join(', ')} on ${schema}.${table} to the private topic ${topic}.`,
    `-- Made by supabase-realtime-react's broadcastChangesSql. Re-running it replaces what it created.`,
    '',
    `-- SECURITY DEFINER: the message is written as the function's owner, whatever role made the change.`,
    `create or replace function ${fn}()`,
    'returns trigger',
    'language plpgsql',
    'security definer',
    "set search_path = ''",
    'as $broadcast_changes$',
    'declare',
    `  _broadcast_row ${target} := case when TG_OP = 'DELETE' then OLD else NEW end;`,
    '  _broadcast_topic text;',
    'begin',
    `  select (${topic})::text into _broadcast_topic from (select (_broadcast_row).*) as broadcast_row;`,
    '  perform realtime.broadcast_changes(_broadcast_topic, TG_OP, TG_OP, TG_TABLE_NAME, TG_TABLE_SCHEMA, NEW, OLD);',
    '  return null;',
    'end',
    '$broadcast_changes$;',
    '',
    `drop trigger if exists ${quote(name)} on ${target};`,
    `create trigger ${quote(name)}`,
    `after ${events.map((e) => e.toLowerCase()).join(' or ')} on ${target}`,
    `for each row execute function ${fn}();`,
  ];
  if (policy !== false) {
    parts.push(
      '',
      `-- Who may join the private topics (and so receive the changes).`,
      `drop policy if exists ${policyName} on realtime.messages;`,
      `create policy ${policyName} on realtime.messages`,
      'for select to authenticated',
      'using (',
      `  realtime.messages.extension = 'broadcast'`,
      `  and ${readCondition}`,
      ');',
    );
  }
  return `${parts.join('\n')}\n`;
}
