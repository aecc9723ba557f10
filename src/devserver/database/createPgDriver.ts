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
  const listeners: import('pg').Client[] = [];
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
      const client = new pg.Client({ connectionString });
      await client.connect();
      client.on('notification', (message) => {
        if (message.channel === channel) onNotify();
      });
      await client.query(`listen "${channel.replace(/"/g, '""')}"`);
      listeners.push(client);
      return async () => {
        await client.end().catch(() => undefined);
      };
    },
    close: async () => {
      await Promise.all(listeners.map((c) => c.end().catch(() => undefined)));
      await pool.end();
    },
  };
}
