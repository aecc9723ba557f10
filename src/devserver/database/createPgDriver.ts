import type { QueryResult } from '../types';
import type { Driver, QueryFn } from './driver';

interface PgQueryable {
  query(sql: string, params?: unknown[]): Promise<{ rows: unknown[]; fields?: { name: string; dataTypeID: number }[]; rowCount: number | null }>;
}

const wrap =
  (target: PgQueryable): QueryFn =>
  async <Row,>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> => {
    const result = await target.query(sql, params);
    // Multi-statement text returns an array of results; keep the last one.
    const last = (Array.isArray(result) ? result[result.length - 1] : result) as typeof result;
    return {
      rows: (last?.rows ?? []) as Row[],
      fields: (last?.fields ?? []).map((f) => ({ name: f.name, dataTypeID: f.dataTypeID })),
      affectedRows: last?.rowCount ?? 0,
    };
  };

/**
 * A real Postgres reached through `pg` (imported lazily, so PGlite users need not
 * install it): a pool for queries and a dedicated client for LISTEN.
 */
export async function createPgDriver(connectionString: string): Promise<Driver> {
  let pg: typeof import('pg');
  try {
    const mod = (await import('pg')) as typeof import('pg') & { default?: typeof import('pg') };
    pg = mod.default ?? mod;
  } catch {
    throw new Error('The dev server needs the `pg` package to use a postgres:// database. Install it with `npm install pg`, or omit `database` to use the embedded PGlite.');
  }
  const pool = new pg.Pool({ connectionString, max: 5 });
  // Fail fast with a clear error instead of on the first request.
  await pool.query('select 1');
  // An idle pooled client losing its connection emits 'error' on the pool; without a
  // handler that would crash the process. The next query reconnects.
  pool.on('error', () => undefined);
  const listeners: import('pg').Client[] = [];
  let closed = false;
  return {
    kind: 'postgres',
    query: wrap(pool),
    exec: async (sql) => {
      await pool.query(sql);
    },
    transaction: async (fn) => {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(wrap(client));
        await client.query('commit');
        return result;
      } catch (error) {
        await client.query('rollback').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    listen: async (channel, onNotify) => {
      let stopped = false;
      let client: import('pg').Client | undefined;
      const connect = async (): Promise<void> => {
        const next = new pg.Client({ connectionString });
        next.on('notification', (message) => {
          if (message.channel === channel) onNotify();
        });
        // A dropped LISTEN connection would silently stop the feed: reconnect, then
        // read once, since notifications sent while it was down are lost.
        let retried = false;
        const retry = () => {
          if (retried || stopped || closed) return;
          retried = true;
          setTimeout(() => {
            if (!stopped && !closed) connect().then(onNotify, () => undefined);
          }, 1000);
        };
        next.on('error', retry);
        next.on('end', retry);
        listeners.push(next);
        try {
          await next.connect();
          await next.query(`listen "${channel.replace(/"/g, '""')}"`);
        } catch (error) {
          // Only a lost connection is retried; failing to listen at open is an error.
          if (client) retry();
          throw error;
        }
        client = next;
      };
      await connect();
      return async () => {
        stopped = true;
        await client?.end().catch(() => undefined);
      };
    },
    close: async () => {
      closed = true;
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      listeners.length = 0;
      await pool.end();
    },
  };
}
