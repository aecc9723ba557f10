import { RestError } from './restError';
import type { TxQuery } from './txQuery';

/** A function's signature as pg_proc holds it. */
export interface FunctionInfo {
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

export async function loadFunctions(query: TxQuery, schema: string, name: string): Promise<FunctionInfo[]> {
  return (await query<{ f: string }>(FUNCTIONS_SQL, [schema, name])).rows.map((r) => JSON.parse(r.f) as FunctionInfo);
}

/** Names of the input parameters, in `proargtypes` order ('' for unnamed ones). */
export function inputNames(fn: FunctionInfo): string[] {
  const names = fn.argnames ?? [];
  if (!fn.argmodes) return Array.from({ length: fn.nargs }, (_, i) => names[i] ?? '');
  return names.filter((_, i) => ['i', 'b', 'v'].includes(fn.argmodes![i] ?? 'i'));
}

/** How the request body reaches the function. */
export type BodyKind = 'json' | 'text' | 'bytea';

export type Call = { fn: FunctionInfo; mode: 'named'; keys: string[] } | { fn: FunctionInfo; mode: 'single' };

/** The single unnamed parameter type each body media type may fill (PostgREST: json/jsonb for JSON, text, bytea). */
const SINGLE: Record<BodyKind, RegExp> = { json: /^jsonb?$/, text: /^text$/, bytea: /^bytea$/ };

/**
 * PostgREST's overload choice. With a JSON body, functions whose parameters are all named
 * match when every key is a parameter and every parameter without a default is a key; if none
 * does, a function with a single unnamed `json`/`jsonb` parameter takes the whole body (a
 * `text/plain` body a single unnamed `text`, an `application/octet-stream` body a `bytea`).
 * Functions with unnamed parameters of other types cannot be called (PGRST202). Two matches:
 * PGRST203 (300). A JSON array body can only go to a single json/jsonb parameter.
 */
export function chooseFunction(schema: string, name: string, functions: FunctionInfo[], keys: string[], kind: BodyKind, isPost: boolean, objectBody = true): Call {
  const named =
    kind === 'json' && objectBody
      ? functions.filter((fn) => {
          const names = inputNames(fn);
          if (names.includes('')) return false;
          const required = names.slice(0, fn.nargs - fn.ndefaults);
          return keys.every((k) => names.includes(k)) && required.every((r) => keys.includes(r));
        })
      : [];
  const single = isPost ? functions.filter((fn) => fn.nargs === 1 && inputNames(fn)[0] === '' && SINGLE[kind].test(fn.argtypes[0] ?? '')) : [];
  const matches: Call[] = named.length ? named.map((fn) => ({ fn, mode: 'named', keys })) : single.map((fn) => ({ fn, mode: 'single' }));
  if (matches.length === 1) return matches[0]!;
  if (matches.length > 1) {
    const signature = ({ fn }: Call) => `${schema}.${name}(${inputNames(fn).map((n, i) => `${n} => ${fn.argtypes[i]}`).join(', ')})`;
    throw new RestError(300, {
      code: 'PGRST203',
      message: `Could not choose the best candidate function between: ${matches.map(signature).join(', ')}`,
      hint: 'Try renaming the parameters or the function itself in the database so function overloading can be resolved',
    });
  }
  const list = [...keys].sort().join(', ');
  const onlySingle = isPost && kind !== 'json';
  const searched =
    kind === 'text' && isPost ? ' with a single unnamed text parameter'
    : kind === 'bytea' && isPost ? ' with a single unnamed bytea parameter'
    : `${list ? ` with parameter${keys.length > 1 ? 's' : ''} ${list}` : ' without parameters'}${isPost ? ' or with a single unnamed json/jsonb parameter' : ''}`;
  throw new RestError(404, {
    code: 'PGRST202',
    message: `Could not find the function ${schema}.${name}${onlySingle ? '' : list ? `(${list})` : ' without parameters'} in the schema cache`,
    details: `Searched for the function ${schema}.${name}${searched}, but no matches were found in the schema cache.`,
    hint: onlySingle ? null : 'If a new function was created in the database with this name and parameters, try reloading the schema cache.',
  });
}
