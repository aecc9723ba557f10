import type { Database, DevServerLogger, JwtClaims, QueryResult, RowChange, TableInfo } from '../types';
import { BOOTSTRAP_SQL, EVENT_TRIGGER_SQL } from './bootstrapSql';
import { Catalog } from './catalog';
import { ChangeFeed } from './changeFeed';
import type { Driver, QueryFn } from './driver';
import { roleOf } from './roleOf';
import { RowVisibility } from './rowVisibility';

export interface OpenDatabaseOptions {
  /** `postgres://…` to use a real Postgres; omitted or `'pglite'` for an in-memory PGlite. */
  connectionString?: string;
  logger?: DevServerLogger;
}

/** Statements after which cached table metadata may be stale. */
const DDL = /\b(create|alter|drop|comment|grant|revoke|truncate)\b/i;

async function openDriver(connectionString: string | undefined): Promise<Driver> {
  if (connectionString === undefined || connectionString === 'pglite') {
    const { createPgliteDriver } = await import('./createPgliteDriver');
    return createPgliteDriver();
  }
  if (!/^postgres(ql)?:\/\//.test(connectionString)) {
    throw new TypeError("openDatabase: `connectionString` must be 'pglite' or a URL starting with postgres:// or postgresql://.");
  }
  const { createPgDriver } = await import('./createPgDriver');
  return createPgDriver(connectionString);
}

class OpenedDatabase implements Database {
  #driver: Driver;
  #catalog: Catalog;
  #feed: ChangeFeed;
  #visibility: RowVisibility;
  #unlisten: (() => Promise<void>)[] = [];
  #closed = false;

  constructor(driver: Driver, logger: DevServerLogger | undefined) {
    this.#driver = driver;
    this.#catalog = new Catalog(driver.query);
    this.#feed = new ChangeFeed({ query: driver.query, table: (s, t) => this.#catalog.table(s, t), ...(logger ? { logger } : {}) });
    this.#visibility = new RowVisibility((claims, fn) => this.asUser(claims, fn), logger);
  }

  async start(): Promise<void> {
    await this.#feed.start();
    this.#unlisten.push(await this.#driver.listen('realtime_changes', () => void this.#feed.poke()));
    this.#unlisten.push(await this.#driver.listen('realtime_ddl', () => this.#catalog.clear()));
  }

  async query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>> {
    this.#assertOpen();
    const result = await this.#driver.query<Row>(sql, params);
    if (DDL.test(sql)) await this.refreshCatalog();
    return result;
  }

  async exec(sql: string): Promise<void> {
    this.#assertOpen();
    await this.#driver.exec(sql);
    await this.refreshCatalog();
  }

  asUser<T>(claims: JwtClaims, fn: (tx: Pick<Database, 'query'>) => Promise<T>): Promise<T> {
    this.#assertOpen();
    return this.#driver.transaction(async (query: QueryFn) => {
      // What PostgREST does per request: switch to the JWT's role and expose the
      // claims to `auth.uid()` and friends, both local to this transaction.
      await query("select set_config('role', $1, true), set_config('request.jwt.claims', $2, true)", [
        roleOf(claims),
        JSON.stringify(claims),
      ]);
      return fn({ query });
    });
  }

  table(schema: string, table: string): Promise<TableInfo | undefined> {
    return this.#catalog.table(schema, table);
  }

  async refreshCatalog(): Promise<void> {
    this.#catalog.clear();
    await this.#driver.query('select realtime.ensure_capture_triggers()');
  }

  onChange(listener: (change: RowChange) => void): () => void {
    return this.#feed.subscribe(listener);
  }

  canSee(claims: JwtClaims, change: RowChange): Promise<boolean> {
    return this.#visibility.canSee(claims, change);
  }

  /** Resolves once every change committed so far has reached the listeners. */
  flushChanges(): Promise<void> {
    return this.#feed.poke();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await Promise.all(this.#unlisten.map((unlisten) => unlisten().catch(() => undefined)));
    await this.#feed.close();
    await this.#driver.close();
  }

  #assertOpen(): void {
    if (this.#closed) throw new Error('The dev server database is closed.');
  }
}

/** A `Database` plus `flushChanges()`, which tests and the server use to wait for the feed. */
export type OpenDatabase = Database & { flushChanges(): Promise<void> };

/**
 * Opens the dev server's database (in-memory PGlite by default, or a Postgres URL),
 * installs what a Supabase project has (roles, `auth.*`, publication) and starts the
 * change feed.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<OpenDatabase> {
  const driver = await openDriver(options.connectionString);
  try {
    await driver.exec(BOOTSTRAP_SQL);
    try {
      await driver.exec(EVENT_TRIGGER_SQL);
    } catch (error) {
      options.logger?.warn('database: no event trigger (needs a superuser); tables published by later DDL get their change trigger on refreshCatalog()', {
        error: String(error),
      });
    }
    const db = new OpenedDatabase(driver, options.logger);
    await db.start();
    return db;
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
