import { parseColumnRef } from './columnRef';
import { conditionSql, parseLogicTree, parseOperation, type Condition, type ConditionContext } from './filters';
import { orderSql } from './orderList';
import { parseError } from './restError';

/** Query parameters that are not column filters. */
const RESERVED = new Set(['select', 'order', 'limit', 'offset', 'on_conflict', 'columns']);

export interface ReadParams {
  select: string | null;
  conditions: Condition[];
  order: string | null;
  limit: number | undefined;
  offset: number | undefined;
  onConflict: string | null;
  columns: string | null;
}

function count(name: string, raw: string | null): number | undefined {
  if (raw === null) return undefined;
  if (!/^\d+$/.test(raw)) throw parseError(name, raw, `${name} must be a non-negative integer`);
  return Number(raw);
}

/** Splits the query string into select/order/paging and the filters (`col=op.value`, `or=(…)`). */
export function parseReadParams(search: URLSearchParams, skip: ReadonlySet<string> = new Set()): ReadParams {
  const conditions: Condition[] = [];
  for (const [key, value] of search) {
    if (RESERVED.has(key) || skip.has(key)) continue;
    const logic = /^(not\.)?(and|or)$/.exec(key);
    if (logic) conditions.push(parseLogicTree(logic[2] as 'and' | 'or', logic[1] !== undefined, value));
    else conditions.push(parseOperation(parseColumnRef(key, 'filter'), value, false));
  }
  return {
    select: search.get('select'),
    conditions,
    order: search.get('order'),
    limit: count('limit', search.get('limit')),
    offset: count('offset', search.get('offset')),
    onConflict: search.get('on_conflict'),
    columns: search.get('columns'),
  };
}

/** `where …` (or '') for the filters. */
export function whereSql(params: ReadParams, ctx: ConditionContext): string {
  if (params.conditions.length === 0) return '';
  return ` where ${params.conditions.map((c) => conditionSql(c, ctx)).join(' and ')}`;
}

/** `order by … limit … offset …` (or '') for a read. */
export function pagingSql(params: ReadParams, rel: string): string {
  let sql = params.order ? ` order by ${orderSql(params.order, rel)}` : '';
  if (params.limit !== undefined) sql += ` limit ${params.limit}`;
  if (params.offset !== undefined) sql += ` offset ${params.offset}`;
  return sql;
}
