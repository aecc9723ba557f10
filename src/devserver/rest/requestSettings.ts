import type { IncomingMessage } from 'node:http';
import type { TxQuery } from './txQuery';

/**
 * Sets what PostgREST exposes to SQL for each request, local to its transaction:
 * `request.method`, `request.path`, `request.headers` (every header, lower-case names, as a
 * JSON object) and `request.cookies`, so functions and policies read them with
 * `current_setting('request.headers', true)::json->>'user-agent'`. `request.jwt.claims` and
 * the role are set by the database's `asUser`.
 */
export async function setRequestSettings(query: TxQuery, req: IncomingMessage, method: string, path: string): Promise<void> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined && name !== 'cookie') headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  const cookies: Record<string, string> = {};
  const cookieHeader = req.headers.cookie ?? '';
  for (const pair of cookieHeader.split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) cookies[pair.slice(0, eq).trim()] = pair.slice(eq + 1).trim();
  }
  await query(
    "select set_config('request.method', $1, true), set_config('request.path', $2, true), set_config('request.headers', $3, true), set_config('request.cookies', $4, true)",
    [method, path, JSON.stringify(headers), JSON.stringify(cookies)],
  );
}
