import type { TableInfo } from '../types';
import type { TxQuery } from './txQuery';

const COLUMNS_SQL = /* sql */ `
select coalesce((
  select json_agg(json_build_object('name', a.attname, 'type', t.typname) order by a.attnum)
  from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
  where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
), '[]')::text as columns
from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f')`;

/**
 * Column metadata of an embedded table, read inside the request's transaction: the database's
 * own catalog cache queries outside it, which would wait on the transaction's connection.
 */
export function embeddedTableLookup(query: TxQuery, schema: string): (name: string) => Promise<TableInfo | undefined> {
  const cache = new Map<string, Promise<TableInfo | undefined>>();
  return (name) => {
    let entry = cache.get(name);
    if (!entry) {
      entry = query<{ columns: string }>(COLUMNS_SQL, [schema, name]).then(({ rows }) =>
        rows[0]
          ? { schema, table: name, columns: JSON.parse(rows[0].columns), primaryKey: [], published: false, rlsEnabled: false, replicaIdentityFull: false }
          : undefined,
      );
      cache.set(name, entry);
    }
    return entry;
  };
}
