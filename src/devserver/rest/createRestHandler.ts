import type { IncomingMessage, ServerResponse } from 'node:http';
import { roleOf } from '../database/roleOf';
import type { Database, DevServerLogger, JwtClaims } from '../types';
import { authenticate } from './authenticate';
import { embeddedTableLookup } from './embeddedTable';
import { createRelationshipCache } from './relationshipCache';
import { negotiate, renderBody, type OutputFormat } from './outputFormat';
import { parsePrefer } from './parsePrefer';
import { readRequestBody } from './readRequestBody';
import { setRequestSettings } from './requestSettings';
import { RestError, fromDatabaseError } from './restError';
import type { RestContext, RestResponse } from './restResponse';
import { rpcRequest } from './rpcRequest';
import { tableRequest } from './tableRequest';

export interface RestHandlerOptions {
  db: Database;
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
  logger?: DevServerLogger;
  /** Schemas the API exposes (`Accept-Profile`/`Content-Profile`); the first is the default. Default `['public']`. */
  schemas?: string[];
  /** Allow aggregate functions in `select` (PostgREST's `db-aggregates-enabled`); default false, as on Supabase. */
  aggregates?: boolean;
}

/** Thrown inside the transaction to roll it back (`Prefer: tx=rollback`) while still answering. */
class Rollback {
  constructor(readonly response: RestResponse) {}
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function send(res: ServerResponse, response: RestResponse, format: OutputFormat | undefined): void {
  res.statusCode = response.status;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Location, Preference-Applied');
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined) {
    res.end();
    return;
  }
  const success = response.status < 300 && format !== undefined;
  const structured = /^[[{]/.test(response.body);
  res.setHeader('Content-Type', success && (structured || format.kind === 'json') ? format.contentType : 'application/json; charset=utf-8');
  res.end(success && structured ? renderBody(response.body, format) : response.body);
}

/**
 * The PostgREST 13 API supabase-js uses, under `/rest/v1`: table reads with embedded
 * resources and writes (`.from()`) and function calls (`.rpc()`). Every request runs in one
 * transaction as the role of its JWT with `request.jwt.claims`, `request.headers`,
 * `request.method` and `request.path` set, so RLS applies exactly as on Supabase. An unknown
 * table is still `42P01`/404 as in PostgREST 12 (13 answers `PGRST205`). The caller answers
 * CORS preflights.
 */
export function createRestHandler(options: RestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const schemas = options.schemas ?? ['public'];
  const keys = { jwtSecret: options.jwtSecret, anonKey: options.anonKey, serviceRoleKey: options.serviceRoleKey };
  const relationships = createRelationshipCache();

  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://devserver.local');
    let claims: JwtClaims | undefined;
    let format: OutputFormat | undefined;
    try {
      const path = url.pathname.replace(/^\/rest\/v1\/?/, '');
      const segments = path.split('/').map((s) => decodeURIComponent(s));
      const isRpc = segments[0] === 'rpc' && segments.length === 2 && segments[1] !== '';
      if (!(segments.length === 1 && segments[0]) && !isRpc) {
        throw new RestError(404, { code: 'PGRST125', message: 'Invalid path specified in request URL' });
      }
      claims = authenticate(req.headers, keys);
      const profile = method === 'GET' || method === 'HEAD' ? header(req, 'accept-profile') : header(req, 'content-profile');
      const schema = profile ?? schemas[0]!;
      if (!schemas.includes(schema)) {
        throw new RestError(406, { code: 'PGRST106', message: `Invalid schema: ${schema}`, hint: `Only the following schemas are exposed: ${schemas.join(', ')}` });
      }
      format = negotiate(header(req, 'accept'));
      const prefer = parsePrefer(req.headers.prefer);
      const body = method === 'POST' || method === 'PATCH' ? await readRequestBody(req, isRpc) : { kind: 'json' as const, value: undefined };
      const info = isRpc ? undefined : await options.db.table(schema, segments[0]!);
      if (!isRpc && !info) throw new RestError(404, { code: '42P01', message: `relation "${schema}.${segments[0]}" does not exist` });
      if (isRpc && !['GET', 'HEAD', 'POST'].includes(method)) throw new RestError(405, { code: 'PGRST101', message: `Cannot use the ${method} method on RPC` });

      let response: RestResponse;
      try {
        response = await options.db.asUser(claims, async (tx) => {
          await setRequestSettings(tx.query, req, method, `/${path}`);
          const meta = info ? relationships(info, tx.query) : { table: embeddedTableLookup(tx.query, schema), foreignKeys: async () => [] };
          const ctx: RestContext = {
            query: tx.query,
            search: url.searchParams,
            prefer,
            singular: format!.singular,
            schema,
            table: meta.table,
            foreignKeys: meta.foreignKeys,
            aggregates: options.aggregates ?? false,
            format: format!,
          };
          const result = isRpc ? await rpcRequest(method, schema, segments[1]!, body, ctx) : await tableRequest(method, info!, body.value, ctx);
          if (prefer.tx === 'rollback') throw new Rollback(result);
          return result;
        });
      } catch (error) {
        if (!(error instanceof Rollback)) throw error;
        response = error.response;
      }
      if (prefer.applied.length) response.headers['Preference-Applied'] = prefer.applied.join(', ');
      send(res, response, format);
    } catch (error) {
      const rest = fromDatabaseError(error, claims === undefined || roleOf(claims) === 'anon');
      if (rest.status >= 500) options.logger?.error('rest: request failed', { method, path: url.pathname, error: error instanceof Error ? error.message : String(error) });
      else options.logger?.debug?.('rest: request refused', { method, path: url.pathname, code: rest.body.code });
      if (!res.headersSent) send(res, { status: rest.status, body: JSON.stringify(rest.body), headers: rest.headers }, undefined);
      else res.end();
    }
  };
}
