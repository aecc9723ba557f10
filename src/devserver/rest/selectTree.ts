import { parseColumnRef, type ColumnRef } from './columnRef';
import { parseError } from './restError';
import { splitTopLevel, unquote } from './splitTopLevel';

export type AggregateName = 'count' | 'sum' | 'avg' | 'min' | 'max';

/** A column (optionally with JSON arrows, a cast and an aggregate) or a bare `count()`. */
export interface FieldNode {
  kind: 'field';
  /** Undefined only for a bare `count()`. */
  ref: ColumnRef | undefined;
  alias: string | undefined;
  /** Cast of the column, before any aggregate: `amount::int.sum()`. */
  cast: string | undefined;
  aggregate: AggregateName | undefined;
  /** Cast of the aggregate's result: `amount.sum()::int`. */
  aggregateCast: string | undefined;
}

/** `alias:target!hint!inner(children)` or `...target(children)`. */
export interface EmbedNode {
  kind: 'embed';
  name: string;
  alias: string | undefined;
  hint: string | undefined;
  join: 'inner' | 'left' | undefined;
  spread: boolean;
  children: SelectNode[];
}

export type SelectNode = { kind: 'star' } | FieldNode | EmbedNode;

/** Casts are spliced into SQL, so only plain type names are accepted. */
const CAST = /^(?:[a-z_][a-z0-9_]*|double precision)(?:\[\])?$/i;
const AGGREGATES = new Set<string>(['count', 'sum', 'avg', 'min', 'max']);
const ALIAS = /^("(?:[^"\\]|\\.)*"|[^:"()]+):(?!:)([\s\S]+)$/;

function checkCast(raw: string, cast: string): string {
  if (!CAST.test(cast)) throw parseError('select', raw, `unsupported cast ${cast}; use a plain type name such as text, int or numeric`);
  return cast;
}

/** `"a b"->x->>"y"` → a column ref with the double quotes removed. */
function columnRef(raw: string, text: string): ColumnRef {
  const ref = parseColumnRef(text, 'select');
  return { column: unquote(ref.column), path: ref.path.map((p) => ({ arrow: p.arrow, key: unquote(p.key) })) };
}

function parseField(raw: string, alias: string | undefined, expr: string): FieldNode {
  let body = expr;
  let aggregateCast: string | undefined;
  let aggregate: AggregateName | undefined;
  const agg = /^(?:([\s\S]*)\.)?(count|sum|avg|min|max)\(\)(?:::([\s\S]+))?$/.exec(body);
  if (agg) {
    aggregate = agg[2] as AggregateName;
    aggregateCast = agg[3] ? checkCast(raw, agg[3].trim()) : undefined;
    if (agg[1] === undefined) {
      if (aggregate !== 'count') throw parseError('select', raw, `${aggregate}() needs a column: amount.${aggregate}()`);
      return { kind: 'field', ref: undefined, alias, cast: undefined, aggregate, aggregateCast };
    }
    body = agg[1];
  }
  let cast: string | undefined;
  const castAt = body.lastIndexOf('::');
  if (castAt > 0 && !body.slice(castAt).includes('"')) {
    cast = checkCast(raw, body.slice(castAt + 2).trim());
    body = body.slice(0, castAt);
  }
  return { kind: 'field', ref: columnRef(raw, body.trim()), alias, cast, aggregate, aggregateCast };
}

function parseEmbed(raw: string, spread: boolean, alias: string | undefined, expr: string): EmbedNode {
  const open = expr.indexOf('(');
  const head = expr.slice(0, open);
  const [name, ...marks] = head.split('!').map((s) => s.trim());
  if (!name) throw parseError('select', raw, 'expected a table name before the parenthesis: name(columns)');
  let hint: string | undefined;
  let join: EmbedNode['join'];
  for (const mark of marks) {
    if (mark === 'inner' || mark === 'left') join = mark;
    else if (mark && hint === undefined) hint = unquote(mark);
    else throw parseError('select', raw, 'an embed takes at most one hint and one of !inner or !left');
  }
  const inner = expr.slice(open + 1, -1);
  return { kind: 'embed', name: unquote(name), alias, hint, join, spread, children: inner.trim() === '' ? [] : parseSelectTree(inner) };
}

/**
 * Parses PostgREST's `select=` into a tree: `*`, columns with aliases, JSON arrows and
 * casts, quoted names (`"column whitespace"`), aggregates (`count()`, `amount.sum()`),
 * and embedded resources with aliases, hints, `!inner`/`!left` and spreads, nested to
 * any depth. An empty or absent list means `*`.
 */
export function parseSelectTree(raw: string | null): SelectNode[] {
  if (raw === null || raw.trim() === '') return [{ kind: 'star' }];
  const items = splitTopLevel(raw);
  if (!items) throw parseError('select', raw, 'unbalanced quotes or parentheses');
  return items.map((text): SelectNode => {
    let item = text.trim();
    if (item === '') throw parseError('select', raw, 'empty item; remove the doubled or trailing comma');
    if (item === '*') return { kind: 'star' };
    const spread = item.startsWith('...');
    if (spread) item = item.slice(3).trim();
    const aliasMatch = ALIAS.exec(item);
    const alias = aliasMatch ? unquote(aliasMatch[1]!.trim()) : undefined;
    const expr = aliasMatch ? aliasMatch[2]!.trim() : item;
    const isCall = /\)(?:::[\w ]+(?:\[\])?)?$/.test(expr) && expr.includes('(');
    const callName = expr.slice(0, expr.indexOf('(')).split('.').pop()!.trim();
    if (isCall && AGGREGATES.has(callName) && /\(\)(?:::[\s\S]*)?$/.test(expr) && (callName !== 'count' || expr.includes('.') || expr.startsWith('count('))) {
      if (spread) throw parseError('select', raw, 'only embedded resources can be spread: ...table(columns)');
      return parseField(raw, alias, expr);
    }
    if (isCall && expr.endsWith(')')) {
      if (spread && alias) throw parseError('select', raw, 'a spread embed takes no alias; alias its columns instead');
      return parseEmbed(raw, spread, alias, expr);
    }
    if (spread) throw parseError('select', raw, 'only embedded resources can be spread: ...table(columns)');
    return parseField(raw, alias, expr);
  });
}

/** Whether any node of the tree is an aggregate. */
export function hasAggregate(nodes: SelectNode[]): boolean {
  return nodes.some((n) => (n.kind === 'field' && n.aggregate !== undefined) || (n.kind === 'embed' && hasAggregate(n.children)));
}
