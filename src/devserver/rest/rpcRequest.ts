import { quoteIdent, quoteTable } from '../database/quoteIdent';
import { chooseFunction, inputNames, loadFunctions, type BodyKind } from './chooseFunction';
import { checkMaxAffected } from './parsePrefer';
import { pagingSql, parseReadParams, whereSql } from './readParams';
import { RestError } from './restError';
import { contentRange, rangeStatus, rowsBody, type RestContext, type RestResponse } from './restResponse';
import { parseSelect, selectSql } from './selectList';

/** A request body as the handler read it: JSON, or raw text / bytes for a single unnamed parameter. */
export type RpcBody = { kind: 'json'; value: unknown } | { kind: 'text'; value: string } | { kind: 'bytea'; value: Buffer };

function maxAffectedNeedsSet(): RestError {
  return new RestError(400, { code: 'PGRST128', message: 'Function must return SETOF or TABLE when max-affected preference is used with handling=strict' });
}

/**
 * `POST /rest/v1/rpc/<fn>` (named arguments in a JSON body, or the whole body for a single
 * unnamed json/jsonb/text/bytea parameter) and `GET`/`HEAD` (arguments as query parameters).
 * Scalars answer a JSON value, a single composite an object, `setof` an array that
 * select/filters/order/limit and `Prefer: count` apply to; `void` answers 204.
 */
export async function rpcRequest(method: string, schema: string, name: string, body: RpcBody, ctx: RestContext): Promise<RestResponse> {
  const functions = await loadFunctions(ctx.query, schema, name);
  let args: Record<string, unknown> = {};
  let skip = new Set<string>();
  if (method === 'POST' && body.kind === 'json') {
    const value = body.value;
    if (value !== undefined && (value === null || typeof value !== 'object')) throw new RestError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
    args = Array.isArray(value) ? {} : ((value ?? {}) as Record<string, unknown>);
  } else if (method !== 'POST') {
    const known = new Set(functions.flatMap(inputNames));
    for (const [key, value] of ctx.search) if (known.has(key)) args[key] = value;
    skip = new Set(Object.keys(args));
  }
  const keys = Object.keys(args);
  const call = chooseFunction(schema, name, functions, keys, body.kind as BodyKind, method === 'POST', !(body.kind === 'json' && Array.isArray(body.value)));
  if (ctx.prefer.maxAffected !== undefined && !call.fn.retset) throw maxAffectedNeedsSet();

  const sqlParams: unknown[] = [];
  let argsFrom = '';
  let callSql: string;
  const fnSql = quoteTable(schema, name);
  if (call.mode === 'single') {
    sqlParams.push(body.kind === 'json' ? JSON.stringify(body.value ?? {}) : body.value);
    callSql = `${fnSql}($1::${call.fn.argtypes[0]})`;
  } else if (call.keys.length === 0) {
    callSql = `${fnSql}()`;
  } else {
    sqlParams.push(JSON.stringify(args));
    const names = inputNames(call.fn);
    const defs = call.keys.map((k) => `${quoteIdent(k)} ${call.fn.argtypes[names.indexOf(k)]}`);
    argsFrom = `json_to_record($1::json) as pgrst_args(${defs.join(', ')})`;
    callSql = `${fnSql}(${call.keys.map((k) => `${quoteIdent(k)} := pgrst_args.${quoteIdent(k)}`).join(', ')})`;
  }
  const from = (source: string) => (argsFrom ? `${argsFrom} cross join lateral ${source}` : source);

  if (call.fn.void) {
    await ctx.query(`select ${callSql}${argsFrom ? ` from ${argsFrom}` : ''}`, sqlParams);
    return { status: 204, headers: {} };
  }
  if (!call.fn.composite && !call.fn.retset) {
    const { rows } = await ctx.query<{ body: string | null }>(`select to_json(${callSql})::text as body${argsFrom ? ` from ${argsFrom}` : ''}`, sqlParams);
    return { status: 200, body: method === 'HEAD' ? undefined : (rows[0]?.body ?? 'null'), headers: {} };
  }
  const params = parseReadParams(ctx.search, skip);
  const total = ctx.prefer.count ? (inner: string) => `, (select count(*) from (${inner}) pgrst_c)::int as total` : () => '';
  let sql: string;
  if (!call.fn.composite) {
    const source = `select pgrst_call.pgrst_scalar from ${from(`${callSql} pgrst_call(pgrst_scalar)`)}`;
    sql = `select coalesce(json_agg(pgrst_t.pgrst_scalar), '[]')::text as body, count(*)::int as n${total(source)} from (${source}${pagingSql(params, 'pgrst_call')}) pgrst_t`;
  } else {
    const where = whereSql(params, { rel: 'pgrst_call', params: sqlParams });
    const source = `select ${selectSql(parseSelect(params.select, name), 'pgrst_call')} from ${from(`${callSql} pgrst_call`)}${where}`;
    sql = `select coalesce(json_agg(pgrst_t), '[]')::text as body, count(*)::int as n${total(source)} from (${source}${pagingSql(params, 'pgrst_call')}) pgrst_t`;
  }
  const { rows } = await ctx.query<{ body: string; n: number; total?: number }>(sql, sqlParams);
  const n = rows[0]?.n ?? 0;
  const json = rows[0]?.body ?? '[]';
  const offset = params.offset ?? 0;
  checkMaxAffected(ctx.prefer, n);
  if (!call.fn.retset) {
    // A function returning one composite value answers an object, as PostgREST does.
    return { status: 200, body: method === 'HEAD' ? undefined : JSON.stringify((JSON.parse(json) as unknown[])[0] ?? null), headers: {} };
  }
  return {
    status: rangeStatus(offset, n, rows[0]?.total),
    body: method === 'HEAD' ? undefined : rowsBody(json, n, ctx.singular),
    headers: { 'Content-Range': contentRange(offset, n, rows[0]?.total) },
  };
}
