/** PostgREST's error body: `code` is a SQLSTATE or a `PGRSTnnn` code. */
export interface RestErrorBody {
  code: string;
  message: string;
  /** Text, or for PGRST201 the list of candidate relationships. */
  details: string | object[] | null;
  hint: string | null;
}

/** An error answered with PostgREST's status and body. */
export class RestError extends Error {
  readonly status: number;
  readonly body: RestErrorBody;
  readonly headers: Record<string, string>;

  constructor(status: number, body: Partial<RestErrorBody> & { code: string; message: string }, headers: Record<string, string> = {}) {
    super(body.message);
    this.name = 'RestError';
    this.status = status;
    this.body = { code: body.code, message: body.message, details: body.details ?? null, hint: body.hint ?? null };
    this.headers = headers;
  }
}

/** `PGRST100`: a query parameter PostgREST could not parse. */
export function parseError(what: string, raw: string, details: string): RestError {
  return new RestError(400, { code: 'PGRST100', message: `failed to parse ${what} (${raw})`, details });
}

/**
 * PostgREST's SQLSTATE → HTTP status table (docs.postgrest.org, "Errors").
 * `42501` (insufficient privilege, including RLS violations) is 401 for the anon
 * role and 403 for everyone else.
 */
export function statusForSqlState(code: string, anonymous: boolean): number {
  if (code === '42501') return anonymous ? 401 : 403;
  if (code === '23503' || code === '23505') return 409;
  if (code === '25006') return 405;
  if (code === '42883' || code === '42P01') return 404;
  if (code === '42P17' || code === '53400') return 500;
  if (code === 'P0001') return 400;
  if (/^PT\d{3}$/.test(code)) return Number(code.slice(2));
  const prefix = code.slice(0, 2);
  if (prefix === '08' || prefix === '53') return 503;
  if (prefix === '0L' || prefix === '0P' || prefix === '28') return 403;
  if (['09', '25', '2D', '38', '39', '3B', '40', '54', '55', '57', '58', 'F0', 'HV', 'P0', 'XX'].includes(prefix)) return 500;
  return 400;
}

interface PgErrorLike {
  code?: unknown;
  message?: unknown;
  detail?: unknown;
  hint?: unknown;
}

/** Wraps an error thrown by Postgres the way PostgREST forwards it. Non-database errors become a plain 500. */
export function fromDatabaseError(error: unknown, anonymous: boolean): RestError {
  if (error instanceof RestError) return error;
  const pg = (error ?? {}) as PgErrorLike;
  if (typeof pg.code === 'string' && /^[0-9A-Z]{5}$/.test(pg.code)) {
    return new RestError(statusForSqlState(pg.code, anonymous), {
      code: pg.code,
      message: String(pg.message ?? ''),
      details: typeof pg.detail === 'string' ? pg.detail : null,
      hint: typeof pg.hint === 'string' ? pg.hint : null,
    });
  }
  return new RestError(500, { code: 'XX000', message: 'Internal error in the dev server REST handler; see the server log.' });
}
