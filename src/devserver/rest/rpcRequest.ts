import { quoteIdent, quoteTable } from '../database/quoteIdent';
import { pagingSql, parseReadParams, whereSql } from './readParams';
import { RestError } from './restError';
import { contentRange, rowsBody, type RestContext, type RestResponse } from './restResponse';
import { parseSelect, selectSql } from './selectList';

interface FunctionRow {
  f: string;
}

interface FunctionInfo {
  retset: boolean;
  void: boolean;
  composite: boolean;
  nargs: number;
  ndefaults: number;
  argnames: string[] | null;
  argmodes: string[] | null;
  argtypes: string[];
}

const FUNCTIONS_SQL = /* sql */ `
select json_build_object(
  'retset', p.proretset,
  'void', p.prorettype = 'void'::regtype,
  'composite', t.typtype = 'c' or p.prorettype = 'record'::regtype,
  'nargs', p.pronargs,
  'ndefaults', p.pronargdefaults,
  'argnames', p.proargnames,
  'argmodes', p.proargmodes::text[],
  'argtypes', array(select format_type(x, null) from unnest(p.proargtypes::oid[]) with ordinality u(x, i) order by i)
)::text as f
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_type t on t.oid = p.prorettype
where n.nspname = $1 and p.proname = $2 and p.prokind = 'f'
order by p.oid`;

/** Names of the input parameters, in `proargtypes` order ('' for unnamed ones). */
function inputNames(fn: FunctionInfo): string[] {
  const names = fn.argnames ?? [];
  if (!fn.argmodes) return Array.from({ length: fn.nargs }, (_, i) => names[i] ?? '');
  return names.filter((_, i) => ['i', 'b', 'v'].includes(fn.argmodes![i] ?? 'i'));
}

type Call = { fn: FunctionInfo; mode: 'named'; keys: string[] } | { fn: FunctionInfo; mode: 'json' };

/** PostgREST's overload choice: argument names must match; a lone unnamed json/jsonb parameter takes the whole body. */
function choose(functions: FunctionInfo[], keys: string[]): Call | undefined {
  for (const fn of functions) {
    const names = inputNames(fn);
    const required = names.slice(0, fn.nargs - fn.ndefaults);
    if (keys.every((k) => names.includes(k)) && required.every((r) => keys.includes(r))) return { fn, mode: 'named', keys };
  }
  const single = functions.find((fn) => fn.nargs === 1 && inputNames(fn)[0] === '' && /^jsonb?$/.test(fn.argtypes[0] ?? ''));
  return single ? { fn: single, mode: 'json' } : undefined;
}

/**
 * `POST /rest/v1/rpc/<fn>` (named arguments in a JSON body) and `GET`/`HEAD` (arguments
 * as query parameters). Scalars answer a JSON value, a single composite an object,
 * `setof` an array that select/filters/order/limit apply to; `void` answers 204.
 */
export async function rpcRequest(method: string, schema: string, name: string, body: unknown, ctx: RestContext): Promise<RestResponse> {
  const functions = (await ctx.query<FunctionRow>(FUNCTIONS_SQL, [schema, name])).rows.map((r) => JSON.parse(r.f) as FunctionInfo);
  let args: Record<string, unknown>;
  let skip = new Set<string>();
  if (method === 'POST') {
    if (body !== undefined && (body === null || typeof body !== 'object' || Array.isArray(body))) {
      throw new RestError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
    }
    args = (body ?? {}) as Record<string, unknown>;
  } else {
    const known = new Set(functions.flatMap(inputNames));
    args = {};
    for (const [key, value] of ctx.search) if (known.has(key)) args[key] = value;
    skip = new Set(Object.keys(args));
  }
  const keys = Object.keys(args);
  const call = choose(functions, keys);
  if (!call) {
    const list = [...keys].sort().join(', ');
    throw new RestError(404, {
      code: 'PGRST202',
      message: `Could not find the function ${schema}.${name}${list ? `(${list})` : ' without parameters'} in the schema cache`,
      details: `Searched for the function ${schema}.${name}${list ? ` with parameters ${list}` : ' without parameters'} or with a single unnamed json/jsonb parameter, but no matches were found in the schema cache.`,
      hint: 'If a new function was created in the database with this name and parameters, try reloading the schema cache.',
    });
  }

  const sqlParams: unknown[] = [];
  let argsFrom = '';
  let callSql: string;
  const fnSql = quoteTable(schema, name);
  if (call.mode === 'json') {
    sqlParams.push(JSON.stringify(args));
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
  if (!call.fn.composite) {
    const { rows } = await ctx.query<{ body: string; n: number }>(
      `select coalesce(json_agg(pgrst_call.pgrst_scalar), '[]')::text as body, count(*)::int as n from ${from(`${callSql} pgrst_call(pgrst_scalar)`)}`,
      sqlParams,
    );
    const n = rows[0]?.n ?? 0;
    return { status: 200, body: method === 'HEAD' ? undefined : rowsBody(rows[0]?.body ?? '[]', n, ctx.singular), headers: { 'Content-Range': contentRange(0, n, undefined) } };
  }
  const params = parseReadParams(ctx.search, skip);
  const where = whereSql(params, { rel: 'pgrst_call', params: sqlParams });
  const inner = `select ${selectSql(parseSelect(params.select, name), 'pgrst_call')} from ${from(`${callSql} pgrst_call`)}${where}${pagingSql(params, 'pgrst_call')}`;
  const { rows } = await ctx.query<{ body: string; n: number }>(
    `select coalesce(json_agg(pgrst_t), '[]')::text as body, count(*)::int as n from (${inner}) pgrst_t`,
    sqlParams,
  );
  const n = rows[0]?.n ?? 0;
  const json = rows[0]?.body ?? '[]';
  // A function returning one composite value answers an object, as PostgREST does.
  const out = call.fn.retset ? rowsBody(json, n, ctx.singular) : JSON.stringify((JSON.parse(json) as unknown[])[0] ?? null);
  return { status: 200, body: method === 'HEAD' ? undefined : out, headers: { 'Content-Range': contentRange(params.offset ?? 0, n, undefined) } };
}
