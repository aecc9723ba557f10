import type { IncomingMessage, ServerResponse } from 'node:http';
import { roleOf } from '../database/roleOf';
import type { Database, DevServerLogger, JwtClaims } from '../types';
import { authenticate } from './authenticate';
import { parsePrefer } from './parsePrefer';
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
  /** Schemas the API exposes (`Accept-Profile`/`Content-Profile`); default `['public']`. */
  schemas?: string[];
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const OBJECT_MEDIA = 'application/vnd.pgrst.object+json';

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new RestError(413, { code: 'PGRST102', message: 'Request body is larger than the dev server accepts (10 MB)' });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new RestError(400, { code: 'PGRST102', message: 'Empty or invalid json' });
  }
}

function send(res: ServerResponse, response: RestResponse, singular: boolean): void {
  res.statusCode = response.status;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'Content-Range, Content-Location, Preference-Applied');
  for (const [name, value] of Object.entries(response.headers)) res.setHeader(name, value);
  if (response.body === undefined) {
    res.end();
    return;
  }
  res.setHeader('Content-Type', `${singular && response.status < 300 ? OBJECT_MEDIA : 'application/json'}; charset=utf-8`);
  res.end(response.body);
}

/**
 * The PostgREST subset supabase-js uses, under `/rest/v1`: table reads and writes
 * (`.from()`) and function calls (`.rpc()`). Every request runs in one transaction
 * as the role of its JWT with `request.jwt.claims` set, so RLS applies exactly as on
 * Supabase. Statuses and error bodies follow PostgREST 12 (an unknown table is
 * `42P01`/404, not the later `PGRST205`). The caller answers CORS preflights.
 */
export function createRestHandler(options: RestHandlerOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const schemas = options.schemas ?? ['public'];
  const keys = { jwtSecret: options.jwtSecret, anonKey: options.anonKey, serviceRoleKey: options.serviceRoleKey };

  return async (req, res) => {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://devserver.local');
    const singular = (header(req, 'accept') ?? '').includes(OBJECT_MEDIA);
    let claims: JwtClaims | undefined;
    try {
      const path = url.pathname.replace(/^\/rest\/v1\/?/, '');
      const segments = path.split('/').map((s) => decodeURIComponent(s));
      const isRpc = segments[0] === 'rpc' && segments.length === 2 && segments[1] !== '';
      if (!(segments.length === 1 && segments[0]) && !isRpc) {
        throw new RestError(404, { code: 'PGRST125', message: `Invalid path specified in request URL` });
      }
      claims = authenticate(req.headers, keys);
      const profile = method === 'GET' || method === 'HEAD' ? header(req, 'accept-profile') : header(req, 'content-profile');
      const schema = profile ?? schemas[0]!;
      if (!schemas.includes(schema)) {
        throw new RestError(406, { code: 'PGRST106', message: `The schema must be one of the following: ${schemas.join(', ')}` });
      }
      const body = method === 'POST' || method === 'PATCH' ? await readBody(req) : undefined;
      const prefer = parsePrefer(req.headers.prefer);

      let response: RestResponse;
      if (isRpc) {
        if (!['GET', 'HEAD', 'POST'].includes(method)) throw new RestError(405, { code: 'PGRST101', message: 'Cannot use this method on a function' });
        response = await options.db.asUser(claims, (tx) => rpcRequest(method, schema, segments[1]!, body, { query: tx.query, search: url.searchParams, prefer, singular } as RestContext));
      } else {
        const table = segments[0]!;
        const info = await options.db.table(schema, table);
        if (!info) throw new RestError(404, { code: '42P01', message: `relation "${schema}.${table}" does not exist` });
        response = await options.db.asUser(claims, (tx) => tableRequest(method, info, body, { query: tx.query, search: url.searchParams, prefer, singular } as RestContext));
      }
      send(res, response, singular);
    } catch (error) {
      const rest = fromDatabaseError(error, claims === undefined || roleOf(claims) === 'anon');
      if (rest.status >= 500) options.logger?.error('rest: request failed', { method, path: url.pathname, error: error instanceof Error ? error.message : String(error) });
      else options.logger?.debug?.('rest: request refused', { method, path: url.pathname, code: rest.body.code });
      if (!res.headersSent) send(res, { status: rest.status, body: JSON.stringify(rest.body), headers: rest.headers }, false);
      else res.end();
    }
  };
}
