import type { QueryResult } from '../types';
import type { Driver, QueryFn } from './driver';

interface PgliteResult<R> {
  rows: R[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

interface PgliteLike {
  query<R>(sql: string, params?: unknown[]): Promise<PgliteResult<R>>;
  exec(sql: string): Promise<PgliteResult<unknown>[]>;
  transaction<T>(fn: (tx: Pick<PgliteLike, 'query'>) => Promise<T>): Promise<T>;
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const MULTIPLE_COMMANDS = 'cannot insert multiple commands into a prepared statement';

const wrap =
  (target: Pick<PgliteLike, 'query'> & Partial<Pick<PgliteLike, 'exec'>>): QueryFn =>
  async <Row,>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    let result: PgliteResult<Row>;
    try {
      result = await target.query<Row>(sql, params);
    } catch (error) {
      // PGlite prepares every query; several statements without parameters are run
      // as a script instead (nothing ran yet, the prepare failed), as node-postgres does.
      if (!target.exec || params?.length || (error as Error).message !== MULTIPLE_COMMANDS) throw error;
      const results = (await target.exec(sql)) as PgliteResult<Row>[];
      result = results[results.length - 1] ?? { rows: [], fields: [] };
    }
    return { rows: result.rows, fields: result.fields, affectedRows: result.affectedRows ?? 0 };
  };

/**
 * An in-memory PGlite instance. Imported lazily so that importing the dev server
 * does not load the WebAssembly build until a database is really opened.
 */
export async function createPgliteDriver(): Promise<Driver> {
  const { PGlite } = await import('@electric-sql/pglite');
  const db = (await PGlite.create()) as unknown as PgliteLike;
  return {
    kind: 'pglite',
    query: wrap(db),
    exec: async (sql) => {
      await db.exec(sql);
    },
    // PGlite is a single connection: a transaction holds it exclusively, so
    // every other query waits until it commits. Never call the outer database
    // from inside `fn`; use the query function it receives.
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))),
    listen: (channel, onNotify) => db.listen(channel, () => onNotify()),
    close: () => db.close(),
  };
}
