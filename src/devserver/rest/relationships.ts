import type { TxQuery } from './txQuery';

/** A foreign key as the catalog holds it: `table(columns)` references `foreignTable(foreignColumns)`. */
export interface ForeignKey {
  name: string;
  table: string;
  foreignTable: string;
  columns: string[];
  foreignColumns: string[];
  /** Whether `columns` are exactly a primary key or unique constraint (one-to-one). */
  unique: boolean;
  /** Primary key of `table`, to recognise join tables. */
  tablePrimaryKey: string[];
}

export type Cardinality = 'many-to-one' | 'one-to-many' | 'one-to-one' | 'many-to-many';

/** `[origin column, target column]` (through the junction for many-to-many). */
export type ColumnPair = [string, string];

/** A relationship from an origin table to a target, as PostgREST derives it from foreign keys. */
export type Relationship =
  | {
      kind: 'direct';
      cardinality: Exclude<Cardinality, 'many-to-many'>;
      origin: string;
      target: string;
      constraint: string;
      /** Whether the foreign key is on the origin (many-to-one, or one-to-one from the referencing side). */
      forward: boolean;
      columns: ColumnPair[];
      isSelf: boolean;
    }
  | {
      kind: 'junction';
      cardinality: 'many-to-many';
      origin: string;
      target: string;
      junction: string;
      constraint1: string;
      constraint2: string;
      /** `[origin column, junction column]` */
      sourceColumns: ColumnPair[];
      /** `[target column, junction column]` */
      targetColumns: ColumnPair[];
      isSelf: boolean;
    };

const FOREIGN_KEYS_SQL = /* sql */ `
select coalesce(json_agg(json_build_object(
  'name', c.conname,
  'table', cl.relname,
  'foreignTable', fcl.relname,
  'columns', (select json_agg(a.attname order by k.i) from unnest(c.conkey) with ordinality k(n, i)
              join pg_catalog.pg_attribute a on a.attrelid = c.conrelid and a.attnum = k.n),
  'foreignColumns', (select json_agg(a.attname order by k.i) from unnest(c.confkey) with ordinality k(n, i)
              join pg_catalog.pg_attribute a on a.attrelid = c.confrelid and a.attnum = k.n),
  'unique', exists (select 1 from pg_catalog.pg_constraint u where u.conrelid = c.conrelid
              and u.contype in ('p', 'u') and u.conkey @> c.conkey and u.conkey <@ c.conkey),
  'tablePrimaryKey', coalesce((select json_agg(a.attname) from pg_catalog.pg_constraint p
              join pg_catalog.pg_attribute a on a.attrelid = p.conrelid and a.attnum = any(p.conkey)
              where p.conrelid = c.conrelid and p.contype = 'p'), '[]')
) order by c.conname), '[]')::text as fks
from pg_catalog.pg_constraint c
join pg_catalog.pg_class cl on cl.oid = c.conrelid
join pg_catalog.pg_namespace n on n.oid = cl.relnamespace
join pg_catalog.pg_class fcl on fcl.oid = c.confrelid
join pg_catalog.pg_namespace fn on fn.oid = fcl.relnamespace
where c.contype = 'f' and n.nspname = $1 and fn.nspname = $1`;

/** Every foreign key whose two ends are in `schema` (PostgREST only relates tables of the request's schema). */
export async function loadForeignKeys(query: TxQuery, schema: string): Promise<ForeignKey[]> {
  const { rows } = await query<{ fks: string }>(FOREIGN_KEYS_SQL, [schema]);
  return JSON.parse(rows[0]?.fks ?? '[]') as ForeignKey[];
}

const zip = (a: string[], b: string[]): ColumnPair[] => a.map((x, i) => [x, b[i]!]);

/**
 * The relationships of `origin`, derived as PostgREST does: a foreign key on the origin is
 * many-to-one (one-to-one when its columns are unique), one on another table pointing at the
 * origin is one-to-many (or one-to-one), and a table whose primary key holds two foreign keys
 * (one to the origin, one to another table) is a many-to-many junction.
 */
export function relationshipsOf(origin: string, fks: ForeignKey[]): Relationship[] {
  const rels: Relationship[] = [];
  for (const fk of fks) {
    const cardinality = fk.unique ? 'one-to-one' : null;
    if (fk.table === origin) {
      rels.push({ kind: 'direct', cardinality: cardinality ?? 'many-to-one', origin, target: fk.foreignTable, constraint: fk.name, forward: true, columns: zip(fk.columns, fk.foreignColumns), isSelf: fk.foreignTable === origin });
    }
    if (fk.foreignTable === origin) {
      rels.push({ kind: 'direct', cardinality: cardinality ?? 'one-to-many', origin, target: fk.table, constraint: fk.name, forward: false, columns: zip(fk.foreignColumns, fk.columns), isSelf: fk.table === origin });
    }
  }
  for (const toOrigin of fks) {
    if (toOrigin.foreignTable !== origin) continue;
    for (const toTarget of fks) {
      if (toTarget === toOrigin || toTarget.table !== toOrigin.table) continue;
      const pk = new Set(toOrigin.tablePrimaryKey);
      if (![...toOrigin.columns, ...toTarget.columns].every((c) => pk.has(c))) continue;
      rels.push({
        kind: 'junction',
        cardinality: 'many-to-many',
        origin,
        target: toTarget.foreignTable,
        junction: toOrigin.table,
        constraint1: toOrigin.name,
        constraint2: toTarget.name,
        sourceColumns: zip(toOrigin.foreignColumns, toOrigin.columns),
        targetColumns: zip(toTarget.foreignColumns, toTarget.columns),
        isSelf: toTarget.foreignTable === origin,
      });
    }
  }
  return rels;
}

/** Whether an embed of this relationship is one object (to-one) rather than an array. */
export function isToOne(rel: Relationship): boolean {
  return rel.cardinality === 'many-to-one' || rel.cardinality === 'one-to-one';
}
