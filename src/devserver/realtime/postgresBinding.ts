import { matchesFilter } from '../../core/matchPostgresFilter';
import { parsePostgresFilter, type FilterCondition } from '../../core/postgresFilter';
import type { RowChange } from '../types';
import { elixirInspect } from './elixirInspect';

export type BindingEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE';

/** One `postgres_changes` entry of a join's config, parsed like `parse_subscription_params`. */
export interface PostgresBinding {
  /** Integer id echoed in the join reply and listed in each change's `ids`. */
  id: number;
  /** The params exactly as the client sent them (the reply echoes them with `id`). */
  params: Record<string, unknown>;
  event: BindingEvent;
  schema: string;
  table: string;
  conditions: FilterCondition[];
  /** Column selection, or null for every column. */
  select: string[] | null;
}

export type ParsedBinding = { ok: true; binding: PostgresBinding } | { ok: false; message: string };

const NO_PARAMS = 'No subscription params provided. Please provide at least a `schema` or `table` to subscribe to: ';

function actionFilter(event: unknown): BindingEvent {
  if (typeof event !== 'string') return '*';
  const upper = event.toUpperCase();
  return upper === 'INSERT' || upper === 'UPDATE' || upper === 'DELETE' ? upper : '*';
}

/** A stable integer for the params, like the server's `:erlang.phash2` (the client matches by position anyway). */
function hashParams(params: Record<string, unknown>): number {
  const text = JSON.stringify(params, Object.keys(params).sort());
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % 134217728;
}

/** Parses one binding; failures carry the real server's `system` message. */
export function parseBinding(raw: unknown): ParsedBinding {
  const params = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
  let select: string[] | null = null;
  if (Array.isArray(params.select)) select = params.select.filter((c): c is string => typeof c === 'string');
  else if (typeof params.select === 'string') {
    return {
      ok: false,
      message: 'Error parsing `select` params: expected a list of column name strings, e.g. select: ["col1", "col2"]',
    };
  }
  const has = (k: string) => k in params;
  const { schema, table, filter } = params;
  let target: { schema: string; table: string; conditions: FilterCondition[] } | undefined;
  if (typeof schema === 'string' && typeof table === 'string' && typeof filter === 'string') {
    const parsed = parsePostgresFilter(filter);
    if (!parsed.ok) return { ok: false, message: parsed.message };
    target = { schema, table, conditions: parsed.conditions };
  } else if (typeof schema === 'string' && typeof table === 'string' && !has('filter')) {
    target = { schema, table, conditions: [] };
  } else if (typeof schema === 'string' && !has('table') && !has('filter')) {
    target = { schema, table: '*', conditions: [] };
  } else if (typeof table === 'string' && !has('schema') && !has('filter')) {
    target = { schema: 'public', table, conditions: [] };
  }
  if (!target) {
    const shown = has('user_token') || has('auth_token') ? '<redacted>' : elixirInspect(raw ?? {});
    return { ok: false, message: NO_PARAMS + shown };
  }
  if (select && (target.schema === '*' || target.table === '*')) {
    return {
      ok: false,
      message: 'Column selection is not supported for wildcard subscriptions. Provide an explicit schema and table name.',
    };
  }
  return { ok: true, binding: { id: hashParams(params), params, event: actionFilter(params.event), ...target, select } };
}

/** The server's `params_to_log`: `event: *, schema: public, table: t, filters: [...], select: nil`. */
export function bindingToLog(b: PostgresBinding): string {
  const filters = `[${b.conditions
    .map((c) => {
      const value = Array.isArray(c.value) ? `{${c.value.join(',')}}` : c.value;
      return `{${elixirInspect(c.column)}, ${elixirInspect(c.operator)}, ${elixirInspect(value)}, ${c.negated}}`;
    })
    .join(', ')}]`;
  return `event: ${b.event}, schema: ${b.schema}, table: ${b.table}, filters: ${filters}, select: ${elixirInspect(b.select)}`;
}

const like = (pattern: string, value: string) => pattern === '*' || pattern === value;

/** Whether `change` is for this binding: event, schema, table, then the row filter (old row for DELETE). */
export function bindingMatches(b: PostgresBinding, change: RowChange): boolean {
  if (b.event !== '*' && b.event !== change.type) return false;
  if (!like(b.schema, change.schema) || !like(b.table, change.table)) return false;
  const row = change.type === 'DELETE' ? change.oldRecord : change.record;
  return matchesFilter(b.conditions, row, change.columns);
}
