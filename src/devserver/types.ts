/**
 * Public and internal contracts of the dev server.
 *
 * The dev server is three parts that meet only through the types in this file:
 * - `database/` (embedded PGlite or a Postgres URL, the change feed, RLS-aware reads),
 * - `rest/` (the PostgREST subset supabase-js uses, `/rest/v1`),
 * - `realtime/` (the Phoenix/Supabase Realtime WebSocket at `/realtime/v1/websocket`),
 * composed by `startDevServer` in `index.ts`, which also owns the HTTP server, faults and stats.
 */

/** Claims of a verified JWT, as Supabase puts them in `request.jwt.claims`. */
export interface JwtClaims {
  role?: string;
  sub?: string;
  exp?: number;
  iat?: number;
  [claim: string]: unknown;
}

export interface DevServerLogger {
  debug?(message: string, data?: Record<string, unknown>): void;
  info(message: string, data?: Record<string, unknown>): void;
  warn(message: string, data?: Record<string, unknown>): void;
  error(message: string, data?: Record<string, unknown>): void;
}

export interface DevServerOptions {
  /** TCP port; 0 (the default) picks a free port. */
  port?: number;
  /** Host to bind; defaults to 127.0.0.1. */
  host?: string;
  /**
   * SQL run once at start, as the database owner. Tables it creates in `public`
   * are added to the `supabase_realtime` publication unless the SQL manages the
   * publication itself.
   */
  schema?: string;
  /** `'pglite'` (default, embedded and in memory) or a `postgres://` connection string. */
  database?: 'pglite' | string;
  /** HS256 secret for every JWT; a random one when omitted. */
  jwtSecret?: string;
  /** Receives the server's logs; silent by default. Never receives tokens or keys. */
  logger?: DevServerLogger;
  /** Fault routes under `/__devserver/*` answer only when true (default true). */
  devMode?: boolean;
  /**
   * Milliseconds the server waits before a join error reply or a handshake error. The real
   * server waits 5000 (CHANNEL_ERROR_BACKOFF_MS) and 2000; the dev server defaults to 50 so
   * tests stay fast. Set 5000 to reproduce production timing.
   */
  channelErrorBackoffMs?: number;
  /** Lifetime in seconds of the access tokens `/auth/v1` issues (GoTrue's `JWT_EXP`); default 3600. */
  jwtExpiry?: number;
  /** Whether `/auth/v1/signup` without email or phone signs in anonymously (default true). */
  anonymousSignIns?: boolean;
  /**
   * Seconds a revoked refresh token may still be exchanged (GoTrue's
   * `REFRESH_TOKEN_REUSE_INTERVAL`); default 10, as the Supabase CLI sets it.
   */
  refreshTokenReuseInterval?: number;
  /**
   * Milliseconds between a postgres_changes join's OK reply and its `system` ok ("Subscribed
   * to PostgreSQL"). The real server subscribes after replying, sometimes seconds later, and
   * changes committed in between are not delivered; the dev server reproduces that when this
   * is above 0. Default 0. The `readyDelay` fault changes it at run time.
   */
  readyDelayMs?: number;
  /**
   * Allow aggregate functions (`count()`, `amount.sum()`, …) in REST `select`, as PostgREST's
   * `db-aggregates-enabled`. Off by default, as on Supabase (PGRST123 when used).
   */
  aggregates?: boolean;
  /**
   * Schemas the REST API exposes through `Accept-Profile` / `Content-Profile`; the first is the
   * default. Default `['public']`; any other schema answers PGRST106.
   */
  exposedSchemas?: string[];
}

export interface CloseFault {
  /** WebSocket close code, e.g. 1000 or 1011. Default 1011. */
  code?: number;
  reason?: string;
  /** Drop the TCP connection without a close frame (the client sees 1006). */
  abrupt?: boolean;
}

export interface DevServerFaults {
  /** Close every open socket now. */
  close(fault?: CloseFault): void;
  /** Stop answering heartbeats for `ms` milliseconds. */
  stallHeartbeats(ms: number): void;
  /**
   * From now on, answer each heartbeat `ms` late while every other frame flows on time (0
   * clears): a busy client, whose heartbeat answer waits behind a burst of data.
   */
  delayHeartbeats(ms: number): void;
  /** Refuse new WebSocket upgrades for `ms` milliseconds. */
  refuse(ms: number): void;
  /** The next `count` joins get an error reply with `reason`. */
  failJoins(count: number, reason?: string): void;
  /** Treat every user token issued so far as expired, as the real server does at `exp`. */
  expireTokens(): void;
  /** Delay every outgoing frame by `ms` milliseconds (0 clears). */
  latency(ms: number): void;
  /**
   * The next `count` refresh-token grants answer `status`: a 5xx (default 500) is retried by
   * auth-js like a flaky network; 400 answers `refresh_token_not_found` as GoTrue does for a
   * refresh token it no longer has.
   */
  failRefresh(count: number, status?: number): void;
  /**
   * Deletes every auth session and refresh token, as a global sign-out or a ban does. Access
   * tokens already issued keep verifying (REST, Realtime) until their `exp`, as on Supabase.
   */
  revokeSessions(): Promise<void>;
  /**
   * Every socket open now goes silent in both directions (half-open TCP: frames dropped, no
   * heartbeat replies, no close frame, no database changes), then is dropped without a close
   * frame after `ms` (the client sees 1006). Later connections work. Returns the socket count.
   */
  blackhole(ms: number): number;
  /**
   * Stops every joined channel, or only those on `topic` (`'room'` or `'realtime:room'`), the
   * way the real server stops a channel: a `system` error with `reason`, then `phx_close`.
   * The sockets stay open. Returns how many channels were closed.
   */
  closeChannels(reason: string, topic?: string): number;
  /** From now on, postgres_changes joins get their `system` ok (and go live) `ms` after the reply. */
  readyDelay(ms: number): void;
  /**
   * The next `count` postgres_changes subscribe attempts fail after an OK join reply with a
   * `system` error carrying `message` (default "Realtime was unable to connect to the project
   * database"); the server retries each one a second later, so the ok follows once they are used up.
   */
  failBindings(count: number, message?: string): void;
  /** Clear every fault: ends blackholes (dropping those connections), restores the `readyDelayMs` option. */
  reset(): void;
}

/** A user as GoTrue returns it (`GET /auth/v1/user`). */
export interface DevServerUser {
  id: string;
  aud: string;
  role: string;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  is_anonymous: boolean;
  created_at: string;
  updated_at: string;
  [field: string]: unknown;
}

/** Test setup for the dev server's Supabase Auth (`/auth/v1`). */
export interface DevServerAuth {
  /** Creates a confirmed email user (no session), ready for `signInWithPassword`. */
  createUser(user: { email: string; password: string; user_metadata?: Record<string, unknown> }): Promise<DevServerUser>;
}

export interface DevServerChannelStats {
  topic: string;
  subscribers: number;
}

export interface DevServerStats {
  /** Sockets open right now. */
  sockets: number;
  /** `phx_join` frames received since start. */
  joins: number;
  /** `phx_leave` frames received since start. */
  leaves: number;
  framesIn: number;
  framesOut: number;
  /** Channels joined right now, with how many sockets joined each topic. */
  channels: DevServerChannelStats[];
}

export interface QueryResult<Row = Record<string, unknown>> {
  rows: Row[];
  fields: { name: string; dataTypeID: number }[];
  affectedRows?: number;
}

export interface SignJwtOptions {
  /** Seconds until expiry (default 3600). Negative values make an already expired token. */
  expiresIn?: number;
}

export interface DevServer {
  /** Base URL for `createClient(url, key)`, e.g. `http://127.0.0.1:54321`. */
  url: string;
  anonKey: string;
  serviceRoleKey: string;
  jwtSecret: string;
  signJwt(claims: JwtClaims, options?: SignJwtOptions): string;
  faults: DevServerFaults;
  /** Supabase Auth (`/auth/v1`) test setup. */
  auth: DevServerAuth;
  stats(): DevServerStats;
  /** Run SQL as the database owner (bypasses RLS). Writes reach subscribers. */
  sql<Row = Record<string, unknown>>(query: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Releases the port, sockets, timers and the database. */
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------
// Internal contracts between database/, rest/ and realtime/.
// ---------------------------------------------------------------------------

export type ChangeType = 'INSERT' | 'UPDATE' | 'DELETE';

export interface ColumnInfo {
  name: string;
  /** Postgres typname, e.g. `int4`, `text`, `bool`, `jsonb`, `_text`. */
  type: string;
}

/** One committed row change, read from the database's own change log (commit order). */
export interface RowChange {
  /** Monotonic id in commit order. */
  id: number;
  schema: string;
  table: string;
  type: ChangeType;
  /** `YYYY-MM-DDTHH:MI:SS.MSZ` */
  commitTimestamp: string;
  columns: ColumnInfo[];
  /** New row (INSERT/UPDATE), values as Postgres text output (like wal2json), null for SQL NULL. */
  record: Record<string, unknown> | null;
  /** Old row (UPDATE/DELETE): full with REPLICA IDENTITY FULL, else primary key columns only. */
  oldRecord: Record<string, unknown> | null;
  /** Primary key column names. */
  primaryKey: string[];
  /** Whether RLS is enabled on the table. */
  rlsEnabled: boolean;
}

export interface TableInfo {
  schema: string;
  table: string;
  columns: ColumnInfo[];
  primaryKey: string[];
  /** Whether the table is in the `supabase_realtime` publication. */
  published: boolean;
  rlsEnabled: boolean;
  replicaIdentityFull: boolean;
}

/** A database with the Supabase roles (`anon`, `authenticated`, `service_role`) and `auth.*` helpers. */
export interface Database {
  /** Run SQL as the owner (bypasses RLS). */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<Row>>;
  /** Run multi-statement SQL as the owner. */
  exec(sql: string): Promise<void>;
  /**
   * Run `fn` in one transaction as the role in `claims.role` (anon when absent) with
   * `request.jwt.claims` set, as PostgREST does; RLS applies.
   */
  asUser<T>(claims: JwtClaims, fn: (tx: Pick<Database, 'query'>) => Promise<T>): Promise<T>;
  /** Table metadata, or undefined when the table does not exist. Cached; refreshed on DDL via `refreshCatalog`. */
  table(schema: string, table: string): Promise<TableInfo | undefined>;
  refreshCatalog(): Promise<void>;
  /** Every committed change, in commit order. Returns an unsubscribe. */
  onChange(listener: (change: RowChange) => void): () => void;
  /**
   * Whether a subscriber with `claims` may see the row of `change` under the table's RLS
   * policies (always true without RLS or for service_role).
   */
  canSee(claims: JwtClaims, change: RowChange): Promise<boolean>;
  close(): Promise<void>;
}
