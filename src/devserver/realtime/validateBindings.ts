import type { Database } from '../types';
import { bindingToLog, type PostgresBinding } from './postgresBinding';

const PG_CONDITION_NAMES: Record<string, string> = {
  '22P02': 'invalid_text_representation',
  '22007': 'invalid_datetime_format',
  '22008': 'datetime_field_overflow',
  '22003': 'numeric_value_out_of_range',
  '22001': 'string_data_right_truncation',
  '42704': 'undefined_object',
  P0001: 'raise_exception',
};

/** Postgrex's `Exception.message`: `ERROR 22P02 (invalid_text_representation) invalid input syntax …`. */
function postgrexMessage(code: string, message: string): string {
  return `ERROR ${code} (${PG_CONDITION_NAMES[code] ?? 'unknown'}) ${message}`;
}

/** A Postgres array literal with every item quoted. */
const arrayLiteral = (items: string[]) => `{${items.map((i) => `"${i.replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;

/** Operators whose value the server casts to the column's type when subscribing. */
const CAST_OPERATORS = new Set(['eq', 'neq', 'lt', 'lte', 'gt', 'gte', 'in', 'isdistinct']);

/**
 * Checks bindings the way `Subscriptions.create` does, in one pass: every binding must name a
 * published table, filter columns must exist and filter values must cast to the column type.
 * Returns the real server's message for the first failure, or undefined when all are valid.
 */
export async function validateBindings(db: Database, bindings: readonly PostgresBinding[]): Promise<string | undefined> {
  if (bindings.length === 0) return undefined;
  const published = (
    await db.query<{ schemaname: string; tablename: string }>(
      "select schemaname, tablename from pg_publication_tables where pubname = 'supabase_realtime'",
    )
  ).rows;
  for (const b of bindings) {
    const log = bindingToLog(b);
    const tables = published.filter(
      (p) => (b.schema === '*' || b.schema === p.schemaname) && (b.table === '*' || b.table === p.tablename),
    );
    if (tables.length === 0) {
      return `Unable to subscribe to changes with given parameters. Please check Realtime is enabled for the given connect parameters: [${log}]`;
    }
    const exception = (detail: string) =>
      `Unable to subscribe to changes with given parameters. An exception happened so please check your connect parameters: [${log}]. Exception: ${detail}`;
    for (const t of tables) {
      if (b.conditions.length === 0) continue;
      const info = await db.table(t.schemaname, t.tablename);
      if (!info) continue;
      for (const c of b.conditions) {
        const column = info.columns.find((col) => col.name === c.column);
        if (!column) return exception(postgrexMessage('P0001', `invalid column for filter ${c.column}`));
        if (!CAST_OPERATORS.has(c.operator)) continue;
        if (c.operator === 'isdistinct' && String(c.value).toLowerCase() === 'null') continue;
        const type = `"${column.type.replace(/"/g, '""')}"`;
        try {
          if (Array.isArray(c.value)) await db.query(`select $1::text::${type}[] as v`, [arrayLiteral(c.value)]);
          else await db.query(`select $1::text::${type} as v`, [c.value]);
        } catch (error) {
          const e = error as { code?: string; message?: string };
          return exception(postgrexMessage(e.code ?? 'XX000', e.message ?? String(error)));
        }
      }
    }
  }
  return undefined;
}
