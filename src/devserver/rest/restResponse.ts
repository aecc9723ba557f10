import type { TableInfo } from '../types';
import type { OutputFormat } from './outputFormat';
import type { Preferences } from './parsePrefer';
import type { ForeignKey } from './relationships';
import { RestError } from './restError';
import type { TxQuery } from './txQuery';

/** What a REST operation answers, before it is written to the socket. */
export interface RestResponse {
  status: number;
  /** JSON text, or undefined for an empty body. */
  body?: string;
  headers: Record<string, string>;
}


/** What every operation gets from the handler. */
export interface RestContext {
  query: TxQuery;
  search: URLSearchParams;
  prefer: Preferences;
  /** `Accept: application/vnd.pgrst.object+json` (`.single()` / `.maybeSingle()`). */
  singular: boolean;
  /** The schema of the request (`Accept-Profile` / `Content-Profile`). */
  schema: string;
  /** Column metadata of tables in the request's schema, read inside the transaction. */
  table: (name: string) => Promise<TableInfo | undefined>;
  /** Foreign keys of the request's schema, for embedding. */
  foreignKeys: () => Promise<ForeignKey[]>;
  /** Whether aggregate functions are allowed in `select` (PostgREST's `db-aggregates-enabled`). */
  aggregates: boolean;
  format: OutputFormat;
}

/** PostgREST's `.single()` error; thrown inside the transaction so a write is rolled back. */
export function singularError(rows: number): RestError {
  return new RestError(406, {
    code: 'PGRST116',
    message: 'JSON object requested, multiple (or no) rows returned',
    details: `The result contains ${rows} rows`,
  });
}

/** Turns `json_agg` text into the body: the array, or its only element for a singular request. */
export function rowsBody(json: string, rows: number, singular: boolean): string {
  if (!singular) return json;
  if (rows !== 1) throw singularError(rows);
  return JSON.stringify((JSON.parse(json) as unknown[])[0]);
}

/** `0-9/42`, `*\/0`, `0-9/*` as PostgREST writes Content-Range. */
export function contentRange(offset: number, rows: number, total: number | undefined): string {
  const range = rows > 0 ? `${offset}-${offset + rows - 1}` : '*';
  return `${range}/${total ?? '*'}`;
}

/**
 * PostgREST's status for a read with a known total: 206 when the range holds fewer rows than
 * the total, 416 (PGRST103) when the offset is past it, else 200.
 */
export function rangeStatus(offset: number, rows: number, total: number | undefined): number {
  if (total === undefined) return 200;
  if (offset > total) {
    throw new RestError(416, { code: 'PGRST103', message: 'Requested range not satisfiable', details: `An offset of ${offset} was requested, but there are only ${total} rows.` });
  }
  return rows < total ? 206 : 200;
}
