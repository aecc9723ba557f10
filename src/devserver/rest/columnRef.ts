import { quoteIdent } from '../database/quoteIdent';
import { parseError } from './restError';

/** A column, optionally followed by JSON arrows: `data->a->>b`. */
export interface ColumnRef {
  column: string;
  path: { arrow: '->' | '->>'; key: string }[];
}

export function parseColumnRef(raw: string, what: string): ColumnRef {
  const pieces = raw.split(/(->>|->)/);
  const column = pieces[0]!.trim();
  if (!column) throw parseError(what, raw, 'expected a column name');
  const path: ColumnRef['path'] = [];
  for (let i = 1; i < pieces.length; i += 2) {
    const key = pieces[i + 1]!;
    if (!key) throw parseError(what, raw, 'expected a key after the JSON arrow');
    path.push({ arrow: pieces[i] as '->' | '->>', key });
  }
  return { column, path };
}

/** SQL for a column reference on relation `rel`; JSON keys become literals, array indexes integers. */
export function columnSql(ref: ColumnRef, rel: string): string {
  let sql = `${rel}.${quoteIdent(ref.column)}`;
  for (const { arrow, key } of ref.path) {
    sql += /^-?\d+$/.test(key) ? `${arrow}${Number(key)}` : `${arrow}'${key.replace(/'/g, "''")}'`;
  }
  return sql;
}

/** The output name PostgREST gives a column reference: the last JSON key, else the column. */
export function columnName(ref: ColumnRef): string {
  return ref.path.length ? ref.path[ref.path.length - 1]!.key : ref.column;
}
