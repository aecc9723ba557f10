import { columnSql, parseColumnRef, type ColumnRef } from './columnRef';
import { parseError } from './restError';
import { splitTopLevel, unquote } from './splitTopLevel';

export type Condition =
  | { kind: 'op'; column: ColumnRef; negate: boolean; op: string; modifier: string | undefined; value: string }
  | { kind: 'logic'; op: 'and' | 'or'; negate: boolean; children: Condition[] };

const BINARY: Record<string, string> = {
  eq: '=', neq: '<>', gt: '>', gte: '>=', lt: '<', lte: '<=',
  like: 'like', ilike: 'ilike', match: '~', imatch: '~*',
  cs: '@>', cd: '<@', ov: '&&', sl: '<<', sr: '>>', nxr: '&<', nxl: '&>', adj: '-|-',
  isdistinct: 'is distinct from',
};
const FTS: Record<string, string> = { fts: 'to_tsquery', plfts: 'plainto_tsquery', phfts: 'phraseto_tsquery', wfts: 'websearch_to_tsquery' };
const IS: Record<string, string> = { null: 'is null', not_null: 'is not null', true: 'is true', false: 'is false', unknown: 'is unknown' };

/** Parses `[not.]op[(modifier)].value`, the right-hand side of `col=…` or of `col.…` in a logic tree. */
export function parseOperation(column: ColumnRef, raw: string, inTree: boolean): Condition {
  let rest = raw;
  let negate = false;
  if (rest.startsWith('not.')) {
    negate = true;
    rest = rest.slice(4);
  }
  const match = /^([a-z]+)(?:\(([^)]*)\))?\.([\s\S]*)$/.exec(rest);
  const op = match?.[1];
  if (!match || !op || !(op in BINARY || op in FTS || op === 'in' || op === 'is')) {
    throw parseError('filter', raw, 'expected an operator such as eq, neq, gt, gte, lt, lte, like, ilike, in, is, cs, cd, ov or fts, then a dot and the value');
  }
  const modifier = match[2];
  if (modifier !== undefined && !(op in FTS) && modifier !== 'any' && modifier !== 'all') {
    throw parseError('filter', raw, 'the only modifiers are (any) and (all), or a text search configuration for fts');
  }
  const value = inTree && op !== 'in' ? unquote(match[3]!) : match[3]!;
  return { kind: 'op', column, negate, op, modifier, value };
}

/** Parses the value of `or=`/`and=` (and their `not.` forms): `(a.eq.1,or(b.gt.2,c.is.null))`. */
export function parseLogicTree(op: 'and' | 'or', negate: boolean, raw: string): Condition {
  const inner = /^\(([\s\S]*)\)$/.exec(raw)?.[1];
  const items = inner === undefined ? undefined : splitTopLevel(inner);
  if (!items || items.some((item) => item.trim() === '')) {
    throw parseError('logic tree', raw, 'expected a parenthesised, comma separated list such as (a.eq.1,b.gt.2)');
  }
  const children = items.map((item): Condition => {
    const nested = /^(not\.)?(and|or)(\([\s\S]*\))$/.exec(item);
    if (nested) return parseLogicTree(nested[2] as 'and' | 'or', nested[1] !== undefined, nested[3]!);
    const dot = item.indexOf('.');
    if (dot <= 0) throw parseError('logic tree', raw, `expected column.operator.value, got ${item}`);
    return parseOperation(parseColumnRef(item.slice(0, dot), 'logic tree'), item.slice(dot + 1), true);
  });
  return { kind: 'logic', op, negate, children };
}

/** Context for turning conditions into SQL: the relation and the column types where known. */
export interface ConditionContext {
  rel: string;
  params: unknown[];
  columnType?: (column: string) => string | undefined;
}

function param(ctx: ConditionContext, value: unknown): string {
  ctx.params.push(value);
  return `$${ctx.params.length}`;
}

/** SQL for a condition; every value becomes a parameter, every name a quoted identifier. */
export function conditionSql(cond: Condition, ctx: ConditionContext): string {
  let sql: string;
  if (cond.kind === 'logic') {
    const parts = cond.children.map((child) => conditionSql(child, ctx));
    sql = parts.length ? `(${parts.join(cond.op === 'and' ? ' and ' : ' or ')})` : 'true';
  } else {
    const column = columnSql(cond.column, ctx.rel);
    if (cond.op === 'is') {
      const is = IS[cond.value.toLowerCase()];
      if (!is) throw parseError('filter', `is.${cond.value}`, 'is takes null, not_null, true, false or unknown');
      sql = `${column} ${is}`;
    } else if (cond.op === 'in') {
      const list = /^\(([\s\S]*)\)$/.exec(cond.value)?.[1];
      const items = list === undefined ? undefined : list === '' ? [] : splitTopLevel(list);
      if (!items) throw parseError('filter', `in.${cond.value}`, 'in takes a parenthesised list: in.(a,b,"c,d")');
      sql = items.length ? `${column} in (${items.map((item) => param(ctx, unquote(item))).join(', ')})` : 'false';
    } else if (cond.op in FTS) {
      const type = ctx.columnType?.(cond.column.column);
      const config = cond.modifier ? `${param(ctx, cond.modifier)}::regconfig, ` : '';
      const vector = type && type !== 'tsvector' ? `to_tsvector(${config}${column})` : column;
      sql = `${vector} @@ ${FTS[cond.op]}(${config}${param(ctx, cond.value)})`;
    } else {
      const value = cond.op === 'like' || cond.op === 'ilike' ? cond.value.replace(/\*/g, '%') : cond.value;
      sql = cond.modifier ? `${column} ${BINARY[cond.op]} ${cond.modifier}(${param(ctx, value)})` : `${column} ${BINARY[cond.op]} ${param(ctx, value)}`;
    }
  }
  return cond.negate ? `not ${sql.startsWith('(') ? sql : `(${sql})`}` : sql;
}
