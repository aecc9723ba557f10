import type { ColumnInfo, TableInfo } from '../types';
import type { QueryFn } from './driver';

const TABLE_SQL = /* sql */ `
select
  c.relrowsecurity as rls,
  c.relreplident::text as replident,
  exists (
    select 1 from pg_catalog.pg_publication_tables p
    where p.pubname = 'supabase_realtime' and p.schemaname = n.nspname and p.tablename = c.relname
  ) as published,
  coalesce((
    select json_agg(json_build_object('name', a.attname, 'type', t.typname) order by a.attnum)
    from pg_catalog.pg_attribute a join pg_catalog.pg_type t on t.oid = a.atttypid
    where a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
  ), '[]')::text as columns,
  coalesce((
    select json_agg(a.attname order by array_position(i.indkey::int2[], a.attnum))
    from pg_catalog.pg_index i
    join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = any(i.indkey::int2[])
    where i.indrelid = c.oid and i.indisprimary
  ), '[]')::text as pk
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname = $1 and c.relname = $2 and c.relkind in ('r', 'p', 'v', 'm', 'f')
`;

interface TableRow {
  rls: boolean;
  replident: string;
  published: boolean;
  columns: string;
  pk: string;
}

/**
 * Table metadata read from pg_catalog, cached per table until `clear()`: the change
 * feed looks a table up for every change, REST for every request.
 */
export class Catalog {
  #query: QueryFn;
  #cache = new Map<string, Promise<TableInfo | undefined>>();

  constructor(query: QueryFn) {
    this.#query = query;
  }

  table(schema: string, table: string): Promise<TableInfo | undefined> {
    const key = `${schema}\u0000${table}`;
    let entry = this.#cache.get(key);
    if (!entry) {
      entry = this.#load(schema, table);
      this.#cache.set(key, entry);
      // A failed lookup must not stick in the cache.
      entry.catch(() => this.#cache.delete(key));
    }
    return entry;
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(schema: string, table: string): Promise<TableInfo | undefined> {
    const { rows } = await this.#query<TableRow>(TABLE_SQL, [schema, table]);
    const row = rows[0];
    if (!row) return undefined;
    return {
      schema,
      table,
      columns: JSON.parse(row.columns) as ColumnInfo[],
      primaryKey: JSON.parse(row.pk) as string[],
      published: row.published,
      rlsEnabled: row.rls,
      replicaIdentityFull: row.replident === 'f',
    };
  }
}
