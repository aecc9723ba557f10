import { quoteIdent } from '../database/quoteIdent';
import { columnName, columnSql, parseColumnRef, type ColumnRef } from './columnRef';
import { RestError, parseError } from './restError';
import { splitTopLevel, unquote } from './splitTopLevel';

export type SelectItem = { star: true } | { star: false; ref: ColumnRef; alias: string | undefined; cast: string | undefined };

/** Casts are spliced into SQL, so only plain type names are accepted. */
const CAST = /^(?:[a-z_][a-z0-9_]*|double precision)(?:\[\])?$/i;

/**
 * Parses `select=`: `*`, `col`, `alias:col`, `col::type`, `data->a->>b`. Resource
 * embedding (`other(*)`) and aggregates are not supported by the dev server and
 * answer PostgREST's "no relationship" error.
 */
export function parseSelect(raw: string | null, table: string): SelectItem[] {
  if (raw === null || raw.trim() === '') return [{ star: true }];
  const items = splitTopLevel(raw);
  if (!items) throw parseError('select', raw, 'unbalanced quotes or parentheses');
  return items.map((text): SelectItem => {
    const item = text.trim();
    if (item === '*') return { star: true };
    if (item.includes('(')) {
      const name = item.replace(/^[^:]*:/, '').split(/[(!]/)[0];
      throw new RestError(400, {
        code: 'PGRST200',
        message: `Could not find a relationship between '${table}' and '${name}' in the schema cache`,
        hint: 'The local dev server does not support resource embedding or aggregates; select plain columns.',
      });
    }
    const aliasMatch = /^([^:]+):(?!:)([\s\S]+)$/.exec(item);
    const alias = aliasMatch?.[1]?.trim();
    let expr = aliasMatch ? aliasMatch[2]!.trim() : item;
    let cast: string | undefined;
    const castAt = expr.indexOf('::');
    if (castAt >= 0) {
      cast = expr.slice(castAt + 2).trim();
      expr = expr.slice(0, castAt);
      if (!CAST.test(cast)) throw parseError('select', raw, `unsupported cast ${cast}`);
    }
    const ref = parseColumnRef(expr, 'select');
    return { star: false, ref: { column: unquote(ref.column), path: ref.path }, alias: alias === undefined ? undefined : unquote(alias), cast };
  });
}

/** The select list in SQL, each column qualified by `rel` so errors read `column todos.x does not exist`. */
export function selectSql(items: SelectItem[], rel: string): string {
  return items
    .map((item) => {
      if (item.star) return `${rel}.*`;
      const expr = columnSql(item.ref, rel);
      const casted = item.cast ? `(${expr})::${item.cast}` : expr;
      return `${casted} as ${quoteIdent(item.alias ?? columnName(item.ref))}`;
    })
    .join(', ');
}
