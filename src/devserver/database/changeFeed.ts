import type { ChangeType, DevServerLogger, RowChange, TableInfo } from '../types';
import type { QueryFn } from './driver';

interface LogRow {
  id: string;
  schema_name: string;
  table_name: string;
  op: ChangeType;
  record: string | null;
  old_record: string | null;
  commit_timestamp: string;
}

const READ_SQL = /* sql */ `
select id::text as id, schema_name, table_name, op, record::text as record, old_record::text as old_record,
  to_char(commit_ts at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as commit_timestamp
from realtime.changes_log l where l.id > $1 order by l.id limit 500`;

/** How many delivered rows may pile up in `realtime.changes_log` before they are deleted. */
const PRUNE_EVERY = 500;

function pick(row: Record<string, unknown>, keys: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (key in row) out[key] = row[key];
  return out;
}

/**
 * Turns a logged row into the change a subscriber gets. `old_record` carries the
 * primary key only, unless the table is REPLICA IDENTITY FULL; a DELETE on a table
 * with RLS carries the primary key only even then, as the real server does.
 */
export function toRowChange(row: LogRow, info: TableInfo | undefined): RowChange {
  const record = row.record === null ? null : (JSON.parse(row.record) as Record<string, unknown>);
  const fullOld = row.old_record === null ? null : (JSON.parse(row.old_record) as Record<string, unknown>);
  const primaryKey = info?.primaryKey ?? [];
  const rlsEnabled = info?.rlsEnabled ?? false;
  const keepFullOld = (info?.replicaIdentityFull ?? false) && !(rlsEnabled && row.op === 'DELETE');
  const columns =
    info?.columns ?? Object.keys(record ?? fullOld ?? {}).map((name) => ({ name, type: 'text' }));
  return {
    id: Number(row.id),
    schema: row.schema_name,
    table: row.table_name,
    type: row.op,
    commitTimestamp: row.commit_timestamp,
    columns,
    record: row.op === 'DELETE' ? null : record,
    oldRecord: row.op === 'INSERT' || !fullOld ? null : keepFullOld ? fullOld : pick(fullOld, primaryKey),
    primaryKey,
    rlsEnabled,
  };
}

/**
 * Reads `realtime.changes_log` after the last id it delivered, whenever the database
 * notifies `realtime_changes`, and hands each change to the listeners in id (= commit) order.
 */
export class ChangeFeed {
  #query: QueryFn;
  #table: (schema: string, table: string) => Promise<TableInfo | undefined>;
  #logger: DevServerLogger | undefined;
  #listeners = new Set<(change: RowChange) => void>();
  #lastId = 0;
  #prunedUpTo = 0;
  #running: Promise<void> | undefined;
  #again = false;
  #closed = false;

  constructor(options: {
    query: QueryFn;
    table: (schema: string, table: string) => Promise<TableInfo | undefined>;
    logger?: DevServerLogger;
  }) {
    this.#query = options.query;
    this.#table = options.table;
    this.#logger = options.logger;
  }

  /** Starts after whatever the log already holds: old changes are not replayed. */
  async start(): Promise<void> {
    const { rows } = await this.#query<{ id: string }>('select coalesce(max(id), 0)::text as id from realtime.changes_log');
    this.#lastId = Number(rows[0]?.id ?? 0);
    this.#prunedUpTo = this.#lastId;
  }

  subscribe(listener: (change: RowChange) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Called on every notification; resolves once everything committed so far was delivered. */
  poke(): Promise<void> {
    if (this.#closed) return Promise.resolve();
    // A notification that arrives while a read is in flight may concern rows that
    // read did not see: remember it and read once more instead of starting a second
    // concurrent reader (which could deliver out of order).
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = this.#drain().finally(() => {
      this.#running = undefined;
    });
    return this.#running;
  }

  async close(): Promise<void> {
    this.#closed = true;
    this.#listeners.clear();
    await this.#running?.catch(() => undefined);
  }

  async #drain(): Promise<void> {
    do {
      this.#again = false;
      let rows: LogRow[];
      try {
        rows = (await this.#query<LogRow>(READ_SQL, [this.#lastId])).rows;
      } catch (error) {
        if (!this.#closed) this.#logger?.warn('change feed: reading realtime.changes_log failed', { error: String(error) });
        return;
      }
      for (const row of rows) {
        if (this.#closed) return;
        const change = toRowChange(row, await this.#table(row.schema_name, row.table_name).catch(() => undefined));
        this.#lastId = change.id;
        for (const listener of [...this.#listeners]) {
          try {
            listener(change);
          } catch (error) {
            this.#logger?.error('change feed: a listener threw', { error: String(error) });
          }
        }
      }
      if (rows.length === 500) this.#again = true;
    } while (this.#again && !this.#closed);
    if (this.#lastId - this.#prunedUpTo >= PRUNE_EVERY) {
      const upTo = this.#lastId;
      await this.#query('delete from realtime.changes_log where id <= $1', [upTo]).then(
        () => {
          this.#prunedUpTo = upTo;
        },
        (error) => this.#logger?.warn('change feed: pruning failed', { error: String(error) }),
      );
    }
  }
}
