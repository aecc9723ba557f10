import { quoteIdent, quoteTable } from '../database/quoteIdent';
import type { TableInfo } from '../types';
import { columnName, columnSql } from './columnRef';
import type { NodeParams } from './embedParams';
import { conditionSql, type Condition } from './filters';
import { findRelationship } from './findRelationship';
import { orderSql } from './orderList';
import { isToOne, relationshipsOf, type ForeignKey } from './relationships';
import { RestError } from './restError';
import type { EmbedNode, FieldNode, SelectNode } from './selectTree';

/** What building a read needs: the schema, lookups, the grouped query parameters and the SQL parameters. */
export interface ReadContext {
  schema: string;
  params: unknown[];
  table: (name: string) => Promise<TableInfo | undefined>;
  foreignKeys: () => Promise<ForeignKey[]>;
  nodeParams: Map<string, NodeParams>;
  aggregates: boolean;
}

/** A built level of the read: its SQL (with or without the level's own order/limit/offset) and output columns. */
export interface ReadNode {
  sql: (paged: boolean) => string;
  outputs: string[];
}

interface State extends ReadContext {
  next: number;
  visited: Set<string>;
}

function aggregatesOff(): RestError {
  return new RestError(400, { code: 'PGRST123', message: 'Use of aggregate functions is not allowed' });
}

function fieldSql(field: FieldNode, rel: string, state: State, inEmbed: boolean): { sql: string; name: string; aggregate: boolean } {
  // `tags(count)` counts related rows; PostgREST allows it with aggregates switched off.
  const legacyCount = inEmbed && field.ref?.column === 'count' && field.ref.path.length === 0 && !field.cast && !field.aggregate;
  if (legacyCount) return { sql: 'count(*)', name: field.alias ?? 'count', aggregate: true };
  if (field.aggregate && !state.aggregates) throw aggregatesOff();
  let sql = field.ref ? columnSql(field.ref, rel) : '*';
  if (field.cast) sql = `(${sql})::${field.cast}`;
  if (field.aggregate) sql = `${field.aggregate}(${sql})`;
  if (field.aggregateCast) sql = `(${sql})::${field.aggregateCast}`;
  const name = field.alias ?? (field.aggregate ? field.aggregate : columnName(field.ref!));
  return { sql, name, aggregate: field.aggregate !== undefined };
}

/** `embed=is.null` / `embed=not.is.null` on an embedded resource filter the parent rows. */
function embedNullFilter(cond: Condition, names: Set<string>): { name: string; present: boolean } | undefined {
  if (cond.kind !== 'op' || cond.op !== 'is' || cond.column.path.length || !names.has(cond.column.column)) return undefined;
  const value = cond.value.toLowerCase();
  if (value !== 'null' && value !== 'not_null') return undefined;
  return { name: cond.column.column, present: (value === 'not_null') !== cond.negate };
}

async function buildNode(
  state: State,
  info: TableInfo,
  items: SelectNode[],
  path: string,
  alias: string,
  from: string,
  joinConditions: string[],
): Promise<ReadNode> {
  state.visited.add(path);
  const params = state.nodeParams.get(path) ?? { conditions: [], order: null, limit: undefined, offset: undefined };
  const types = new Map(info.columns.map((c) => [c.name, c.type]));
  const selects: string[] = [];
  const outputs: string[] = [];
  const groupBy: string[] = [];
  let hasAggregate = false;
  const laterals: string[] = [];
  const found = new Map<string, string>(); // embed output name → its lateral's "found" flag
  const where = [...joinConditions];

  for (const item of items) {
    if (item.kind === 'star') {
      // Listed, not `alias.*`: a write's source carries an extra `pgrst_inserted` column.
      for (const c of info.columns) {
        const sql = `${alias}.${quoteIdent(c.name)}`;
        selects.push(sql);
        outputs.push(c.name);
        groupBy.push(sql);
      }
    } else if (item.kind === 'field') {
      const f = fieldSql(item, alias, state, path !== '');
      selects.push(`${f.sql} as ${quoteIdent(f.name)}`);
      outputs.push(f.name);
      if (f.aggregate) hasAggregate = true;
      else groupBy.push(f.sql);
    } else {
      const embed = await buildEmbed(state, info, item, path, alias);
      laterals.push(embed.lateral);
      found.set(embed.name, embed.found);
      selects.push(...embed.selects);
      outputs.push(...embed.outputs);
      groupBy.push(...embed.groupBy);
    }
  }

  const names = new Set(found.keys());
  for (const cond of params.conditions) {
    const embedNull = embedNullFilter(cond, names);
    if (embedNull) where.push(embedNull.present ? `coalesce(${found.get(embedNull.name)}, false)` : `not coalesce(${found.get(embedNull.name)}, false)`);
    else where.push(conditionSql(cond, { rel: alias, params: state.params, columnType: (c) => types.get(c) }));
  }
  for (const item of items) {
    if (item.kind === 'embed' && item.join === 'inner') where.push(`coalesce(${found.get(item.alias ?? item.name)}, false)`);
  }

  const select = selects.length ? selects.join(', ') : 'null as pgrst_nothing';
  const base = `select ${select} from ${from}${laterals.join('')}${where.length ? ` where ${where.join(' and ')}` : ''}${hasAggregate && groupBy.length ? ` group by ${groupBy.join(', ')}` : ''}`;
  const order = params.order ? ` order by ${orderSql(params.order, alias)}` : '';
  const paging = `${params.limit !== undefined ? ` limit ${params.limit}` : ''}${params.offset !== undefined ? ` offset ${params.offset}` : ''}`;
  return { sql: (paged) => (paged ? `${base}${order}${paging}` : base), outputs };
}

async function buildEmbed(state: State, parent: TableInfo, embed: EmbedNode, parentPath: string, parentAlias: string) {
  const rel = findRelationship(state.schema, parent.table, relationshipsOf(parent.table, await state.foreignKeys()), embed.name, embed.hint);
  const target = await state.table(rel.target);
  if (!target) throw new RestError(400, { code: 'PGRST200', message: `Could not find a relationship between '${parent.table}' and '${embed.name}' in the schema cache` });
  const n = ++state.next;
  // PostgREST's aliases (`tags_1`), so a bad column reads `column tags_1.x does not exist`.
  const alias = quoteIdent(`${rel.target}_${n}`);
  const lateral = `pgrst_l${n}`;
  let from = `${quoteTable(state.schema, rel.target)} ${alias}`;
  let conditions: string[];
  if (rel.kind === 'junction') {
    const j = `pgrst_j${n}`;
    from += ` join ${quoteTable(state.schema, rel.junction)} ${j} on ${rel.targetColumns.map(([t, jc]) => `${j}.${quoteIdent(jc)} = ${alias}.${quoteIdent(t)}`).join(' and ')}`;
    conditions = rel.sourceColumns.map(([o, jc]) => `${j}.${quoteIdent(jc)} = ${parentAlias}.${quoteIdent(o)}`);
  } else {
    conditions = rel.columns.map(([o, t]) => `${alias}.${quoteIdent(t)} = ${parentAlias}.${quoteIdent(o)}`);
  }
  const name = embed.alias ?? embed.name;
  const child = await buildNode(state, target, embed.children, parentPath ? `${parentPath}.${name}` : name, alias, from, conditions);
  const toOne = isToOne(rel);
  const inner = child.sql(true);
  const found = `${lateral}.pgrst_found`;
  if (embed.spread) {
    const cols = child.outputs.map((c) => `${lateral}.${quoteIdent(c)}`);
    const body = toOne
      ? `select pgrst_x.*, true as pgrst_found from (${inner}) pgrst_x`
      : // PostgREST 13 spreads a to-many embed as one array per column.
        `select ${[...child.outputs.map((c) => `coalesce(json_agg(pgrst_x.${quoteIdent(c)}), '[]') as ${quoteIdent(c)}`), 'count(*) > 0 as pgrst_found'].join(', ')} from (${inner}) pgrst_x`;
    return { name, found, lateral: ` left join lateral (${body}) ${lateral} on true`, selects: cols, outputs: child.outputs, groupBy: toOne ? cols : [] };
  }
  const body = toOne
    ? `select to_json(pgrst_x) as body, true as pgrst_found from (${inner}) pgrst_x`
    : `select coalesce(json_agg(pgrst_x), '[]') as body, count(*) > 0 as pgrst_found from (${inner}) pgrst_x`;
  // An embed with nothing selected (`tags!inner()`) only filters; PostgREST leaves it out of the body.
  const empty = embed.children.length === 0;
  return {
    name,
    found,
    lateral: ` left join lateral (${body}) ${lateral} on true`,
    selects: empty ? [] : [`${lateral}.body as ${quoteIdent(name)}`],
    outputs: empty ? [] : [name],
    // json has no equality, so an aggregate next to a non-spread embed cannot group by it.
    groupBy: [],
  };
}

/**
 * Builds one SQL query for a read with embedded resources: every embed is a `left join
 * lateral` subquery that aggregates its rows to JSON (an object for to-one, an array for
 * to-many), filtered, ordered and paged on its own, so a request costs one statement however
 * deep it nests. Embedded tables are read in the same transaction as the request's role, so
 * their own RLS policies apply.
 */
export async function buildRead(ctx: ReadContext, info: TableInfo, items: SelectNode[], from: string, alias: string): Promise<ReadNode> {
  const state: State = { ...ctx, next: 0, visited: new Set() };
  const root = await buildNode(state, info, items, '', alias, from, []);
  for (const path of ctx.nodeParams.keys()) {
    if (!state.visited.has(path)) {
      const name = path.split('.').pop()!;
      throw new RestError(400, {
        code: 'PGRST108',
        message: `'${name}' is not an embedded resource in this request`,
        hint: `Verify that '${name}' is included in the 'select' query parameter.`,
      });
    }
  }
  return root;
}
