import { quoteIdent, quoteTable } from '../database/quoteIdent';
import type { TableInfo } from '../types';
import { parseEmbedParams } from './embedParams';
import { checkMaxAffected } from './parsePrefer';
import { buildRead, type ReadContext } from './readSql';
import { contentRange, rangeStatus, rowsBody, type RestContext, type RestResponse } from './restResponse';
import { RestError } from './restError';
import { parseSelectTree } from './selectTree';
import { splitTopLevel, unquote } from './splitTopLevel';
import { conditionSql } from './filters';

type Row = Record<string, unknown>;

function invalidBody(message = 'Empty or invalid json'): RestError {
  return new RestError(400, { code: 'PGRST102', message });
}

function checkColumns(info: TableInfo, columns: string[]): void {
  const known = new Set(info.columns.map((c) => c.name));
  for (const column of columns) {
    if (!known.has(column)) {
      throw new RestError(400, { code: 'PGRST204', message: `Could not find the '${column}' column of '${info.table}' in the schema cache` });
    }
  }
}

function nameList(raw: string): string[] {
  return (splitTopLevel(raw) ?? [raw]).map((name) => unquote(name.trim())).filter(Boolean);
}

function readContext(info: TableInfo, ctx: RestContext, params: unknown[]): ReadContext {
  return {
    schema: info.schema,
    params,
    table: ctx.table,
    foreignKeys: ctx.foreignKeys,
    nodeParams: parseEmbedParams(ctx.search),
    aggregates: ctx.aggregates,
  };
}

/** The root's filters as SQL, for writes (which take no embeds in their WHERE). */
function writeWhere(info: TableInfo, ctx: RestContext, read: ReadContext, rel: string): string {
  const types = new Map(info.columns.map((c) => [c.name, c.type]));
  const conditions = read.nodeParams.get('')!.conditions;
  if (conditions.length === 0) return '';
  return ` where ${conditions.map((c) => conditionSql(c, { rel, params: read.params, columnType: (name) => types.get(name) })).join(' and ')}`;
}

/**
 * GET/HEAD/POST/PATCH/DELETE on `/rest/v1/<table>`, inside the caller's transaction
 * (already switched to the request's role). Reads (and `return=representation`) may embed
 * related tables; see readSql. Writes without `return=representation` use no RETURNING (so
 * they need no SELECT rights), except an upsert, which reads `xmax` to answer 201 when it
 * inserted a row and 200 when it only updated, as PostgREST does.
 */
export async function tableRequest(method: string, info: TableInfo, body: unknown, ctx: RestContext): Promise<RestResponse> {
  const rel = quoteTable(info.schema, info.table);
  const sqlParams: unknown[] = [];
  const read = readContext(info, ctx, sqlParams);
  const root = read.nodeParams.get('')!;
  const items = parseSelectTree(ctx.search.get('select'));

  if (method === 'GET' || method === 'HEAD') {
    const plan = await buildRead(read, info, items, rel, rel);
    const total = ctx.prefer.count ? `, (select count(*) from (${plan.sql(false)}) pgrst_c)::int as total` : '';
    const { rows } = await ctx.query<{ body: string; n: number; total?: number }>(
      `select coalesce(json_agg(pgrst_t), '[]')::text as body, count(*)::int as n${total} from (${plan.sql(true)}) pgrst_t`,
      sqlParams,
    );
    const n = rows[0]?.n ?? 0;
    const offset = root.offset ?? 0;
    const status = rangeStatus(offset, n, rows[0]?.total);
    const json = rowsBody(rows[0]?.body ?? '[]', n, ctx.singular);
    return { status, body: method === 'HEAD' ? undefined : json, headers: { 'Content-Range': contentRange(offset, n, rows[0]?.total) } };
  }

  const representation = ctx.prefer.return === 'representation';
  const columnsParam = ctx.search.get('columns');
  let statement: string;
  let status: number;
  let upsert = false;
  if (method === 'POST') {
    const rows = (Array.isArray(body) ? body : [body]) as unknown[];
    if (body === undefined || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) throw invalidBody();
    const objects = rows as Row[];
    const columns = columnsParam ? nameList(columnsParam) : [...new Set(objects.flatMap((r) => Object.keys(r)))];
    checkColumns(info, columns);
    status = 201;
    if (objects.length === 0) return { status, body: representation ? '[]' : undefined, headers: { 'Content-Range': '*/0' } };
    const target = `${rel}${columns.length ? ` (${columns.map(quoteIdent).join(', ')})` : ''}`;
    let values: string;
    if (columns.length === 0) {
      if (objects.length > 1) throw invalidBody('The dev server cannot insert several rows without any columns.');
      values = 'default values';
    } else {
      values = `values ${objects
        .map((row) => {
          sqlParams.push(JSON.stringify(row));
          const record = `json_populate_record(null::${rel}, $${sqlParams.length}::json)`;
          return `(${columns.map((c) => (c in row ? `(${record}).${quoteIdent(c)}` : ctx.prefer.missing === 'default' ? 'default' : 'null')).join(', ')})`;
        })
        .join(', ')}`;
    }
    let conflict = '';
    if (ctx.prefer.resolution) {
      const onConflict = ctx.search.get('on_conflict');
      const targetCols = onConflict ? nameList(onConflict) : info.primaryKey;
      checkColumns(info, targetCols);
      const on = targetCols.length ? ` (${targetCols.map(quoteIdent).join(', ')})` : '';
      const updates = columns.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
      upsert = ctx.prefer.resolution === 'merge-duplicates' && updates.length > 0;
      conflict = upsert ? ` on conflict${on} do update set ${updates.join(', ')}` : ` on conflict${on} do nothing`;
    }
    statement = `insert into ${target} ${values}${conflict}`;
  } else if (method === 'PATCH') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidBody();
    const columns = Object.keys(body as Row);
    checkColumns(info, columns);
    if (columns.length === 0) return { status: representation ? 200 : 204, body: representation ? '[]' : undefined, headers: {} };
    sqlParams.push(JSON.stringify(body));
    const assignments = columns.map((c) => `${quoteIdent(c)} = pgrst_body.${quoteIdent(c)}`).join(', ');
    statement = `update ${rel} set ${assignments} from (select * from json_populate_record(null::${rel}, $1::json)) pgrst_body${writeWhere(info, ctx, read, rel)}`;
    status = representation ? 200 : 204;
  } else if (method === 'DELETE') {
    statement = `delete from ${rel}${writeWhere(info, ctx, read, rel)}`;
    status = representation ? 200 : 204;
  } else {
    throw new RestError(405, { code: 'PGRST117', message: `Unsupported HTTP method: ${method}` });
  }

  const limitsRows = method === 'PATCH' || method === 'DELETE';
  // `xmax = 0` holds for a row this statement inserted, not for one an upsert updated.
  const inserted = upsert ? '(xmax = 0)' : 'true';
  if (representation) {
    const plan = await buildRead(read, info, items, 'pgrst_source', 'pgrst_source');
    const { rows } = await ctx.query<{ body: string; n: number; inserted: number }>(
      `with pgrst_source as (${statement} returning ${rel}.*, ${inserted} as pgrst_inserted)
       select (select coalesce(json_agg(pgrst_t), '[]') from (${plan.sql(true)}) pgrst_t)::text as body,
              count(*)::int as n, count(*) filter (where pgrst_inserted)::int as inserted from pgrst_source`,
      sqlParams,
    );
    const n = rows[0]?.n ?? 0;
    if (limitsRows) checkMaxAffected(ctx.prefer, n);
    if (upsert && n > 0 && rows[0]?.inserted === 0) status = 200;
    return { status, body: rowsBody(rows[0]?.body ?? '[]', n, ctx.singular), headers: { 'Content-Range': `*/${n}` } };
  }
  let n: number;
  if (upsert) {
    const { rows } = await ctx.query<{ n: number; inserted: number }>(
      `with pgrst_source as (${statement} returning ${inserted} as pgrst_inserted) select count(*)::int as n, count(*) filter (where pgrst_inserted)::int as inserted from pgrst_source`,
      sqlParams,
    );
    n = rows[0]?.n ?? 0;
    if (n > 0 && rows[0]?.inserted === 0) status = 200;
  } else {
    n = (await ctx.query(statement, sqlParams)).affectedRows ?? 0;
  }
  if (limitsRows) checkMaxAffected(ctx.prefer, n);
  if (ctx.singular && n !== 1) rowsBody('[]', n, true);
  return { status, headers: { 'Content-Range': `*/${ctx.prefer.count ? n : '*'}` } };
}
