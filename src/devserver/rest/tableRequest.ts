import { quoteIdent, quoteTable } from '../database/quoteIdent';
import type { TableInfo } from '../types';
import { pagingSql, parseReadParams, whereSql } from './readParams';
import { contentRange, rowsBody, type RestContext, type RestResponse } from './restResponse';
import { RestError } from './restError';
import { parseSelect, selectSql } from './selectList';
import { splitTopLevel, unquote } from './splitTopLevel';

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

const AGG = (source: string, select: string) =>
  `select coalesce(json_agg(pgrst_t), '[]')::text as body, count(*)::int as n from (select ${select} from ${source}) pgrst_t`;

/**
 * GET/HEAD/POST/PATCH/DELETE on `/rest/v1/<table>`, inside the caller's transaction
 * (already switched to the request's role). Mirrors PostgREST: writes without
 * `return=representation` use no RETURNING, so they do not need SELECT rights.
 */
export async function tableRequest(method: string, info: TableInfo, body: unknown, ctx: RestContext): Promise<RestResponse> {
  const rel = quoteTable(info.schema, info.table);
  const params = parseReadParams(ctx.search);
  const items = parseSelect(params.select, info.table);
  const types = new Map(info.columns.map((c) => [c.name, c.type]));
  const sqlParams: unknown[] = [];
  const cond = { params: sqlParams, columnType: (name: string) => types.get(name) };

  if (method === 'GET' || method === 'HEAD') {
    const where = whereSql(params, { ...cond, rel });
    const { rows } = await ctx.query<{ body: string; n: number }>(AGG(`${rel}${where}${pagingSql(params, rel)}`, selectSql(items, rel)), sqlParams);
    const n = rows[0]?.n ?? 0;
    let total: number | undefined;
    if (ctx.prefer.count) total = (await ctx.query<{ n: number }>(`select count(*)::int as n from ${rel}${where}`, sqlParams)).rows[0]?.n;
    const json = rowsBody(rows[0]?.body ?? '[]', n, ctx.singular);
    return { status: 200, body: method === 'HEAD' ? undefined : json, headers: { 'Content-Range': contentRange(params.offset ?? 0, n, total) } };
  }

  const representation = ctx.prefer.return === 'representation';
  let statement: string;
  let status: number;
  if (method === 'POST') {
    const rows = (Array.isArray(body) ? body : [body]) as unknown[];
    if (body === undefined || rows.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) {
      throw invalidBody();
    }
    const objects = rows as Row[];
    const columns = params.columns ? nameList(params.columns) : [...new Set(objects.flatMap((r) => Object.keys(r)))];
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
      const targetCols = params.onConflict ? nameList(params.onConflict) : info.primaryKey;
      checkColumns(info, targetCols);
      const on = targetCols.length ? ` (${targetCols.map(quoteIdent).join(', ')})` : '';
      const updates = columns.map((c) => `${quoteIdent(c)} = excluded.${quoteIdent(c)}`);
      conflict =
        ctx.prefer.resolution === 'ignore-duplicates' || updates.length === 0
          ? ` on conflict${on} do nothing`
          : ` on conflict${on} do update set ${updates.join(', ')}`;
    }
    statement = `insert into ${target} ${values}${conflict}`;
  } else if (method === 'PATCH') {
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw invalidBody();
    const columns = Object.keys(body as Row);
    checkColumns(info, columns);
    if (columns.length === 0) return { status: representation ? 200 : 204, body: representation ? '[]' : undefined, headers: {} };
    sqlParams.push(JSON.stringify(body));
    const assignments = columns.map((c) => `${quoteIdent(c)} = pgrst_body.${quoteIdent(c)}`).join(', ');
    statement = `update ${rel} set ${assignments} from (select * from json_populate_record(null::${rel}, $1::json)) pgrst_body${whereSql(params, { ...cond, rel })}`;
    status = representation ? 200 : 204;
  } else if (method === 'DELETE') {
    statement = `delete from ${rel}${whereSql(params, { ...cond, rel })}`;
    status = representation ? 200 : 204;
  } else {
    throw new RestError(405, { code: 'PGRST117', message: `Unsupported HTTP method: ${method}` });
  }

  if (representation) {
    const { rows } = await ctx.query<{ body: string; n: number }>(
      `with pgrst_source as (${statement} returning ${rel}.*) ${AGG('pgrst_source', selectSql(items, 'pgrst_source'))}`,
      sqlParams,
    );
    const n = rows[0]?.n ?? 0;
    return { status, body: rowsBody(rows[0]?.body ?? '[]', n, ctx.singular), headers: { 'Content-Range': `*/${n}` } };
  }
  const result = await ctx.query(statement, sqlParams);
  const n = result.affectedRows ?? 0;
  if (ctx.singular && n !== 1) rowsBody('[]', n, true);
  return { status, headers: { 'Content-Range': `*/${ctx.prefer.count ? n : '*'}` } };
}
