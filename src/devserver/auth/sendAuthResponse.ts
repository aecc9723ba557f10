import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AuthError } from './authError';

const API_VERSION_HEADER = 'X-Supabase-Api-Version';
const API_VERSION = '2024-01-01';

/**
 * Whether the client asked for GoTrue's 2024-01-01 API (auth-js always does). Only then
 * does auth-js read `code` from an error body, and only if the response echoes the header.
 */
function isVersioned(req: IncomingMessage): boolean {
  const value = req.headers['x-supabase-api-version'];
  const version = Array.isArray(value) ? value[0] : value;
  return typeof version === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(version) && version >= API_VERSION;
}

function write(req: IncomingMessage, res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.setHeader('Access-Control-Expose-Headers', `${API_VERSION_HEADER}, x-sb-error-code`);
  if (isVersioned(req)) res.setHeader(API_VERSION_HEADER, API_VERSION);
  res.writeHead(status, { ...(text ? { 'Content-Type': 'application/json' } : {}), 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** A success answer (`undefined` body for 204). */
export function sendAuthJson(req: IncomingMessage, res: ServerResponse, status: number, body?: unknown): void {
  write(req, res, status, body);
}

/**
 * GoTrue's error body: `{ code, message }` for versioned requests, else the legacy
 * `{ code: <status>, error_code, msg }` (supabase/auth `internal/api/errors.go`).
 */
export function sendAuthError(req: IncomingMessage, res: ServerResponse, error: AuthError): void {
  const body = isVersioned(req)
    ? { code: error.code, message: error.message, ...error.extra }
    : { code: error.status, error_code: error.code, msg: error.message, ...error.extra };
  write(req, res, error.status, body, { 'x-sb-error-code': error.code });
}
