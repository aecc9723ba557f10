import type { QueryResult } from '../types';

/** Runs one statement with positional parameters. */
export type QueryFn = <Row = Record<string, unknown>>(sql: string, params?: unknown[]) => Promise<QueryResult<Row>>;

/**
 * The few things the database layer needs from a Postgres connection, so PGlite and
 * node-postgres look the same to `openDatabase`.
 */
export interface Driver {
  readonly kind: 'pglite' | 'postgres';
  query: QueryFn;
  /** Multi-statement SQL, no parameters. */
  exec(sql: string): Promise<void>;
  /** One transaction; commits when `fn` resolves, rolls back when it throws. */
  transaction<T>(fn: (query: QueryFn) => Promise<T>): Promise<T>;
  /** LISTEN on `channel`; resolves to an unlisten function. */
  listen(channel: string, onNotify: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
