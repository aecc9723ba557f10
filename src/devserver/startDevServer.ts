import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AUTH_SCHEMA_SQL } from './auth/authSchemaSql';
import { AuthService } from './auth/authService';
import { createDevServerAuth } from './auth/createDevServerAuth';
import { AUTH_PREFIX, handleAuthRoutes, isAuthPath } from './auth/handleAuthRoutes';
import { applySchema } from './database/applySchema';
import { openDatabase } from './database/openDatabase';
import { applyCors } from './http/cors';
import { DEV_ROUTES_PREFIX, handleDevRoutes, isLoopback } from './http/handleDevRoutes';
import { sendJson } from './http/sendJson';
import { signJwt } from './jwt';
import { handleBroadcastApi, isBroadcastApiPath } from './realtime/handleBroadcastApi';
import { REALTIME_MESSAGES_SQL } from './realtime/realtimeMessagesSql';
import { RealtimeServer } from './realtime/realtimeServer';
import { createRestHandler } from './rest/createRestHandler';
import { createDevServerFaults } from './createDevServerFaults';
import { validateDevServerOptions } from './validateDevServerOptions';
import type { DevServer, DevServerLogger, DevServerOptions, DevServerStats } from './types';

const SILENT: DevServerLogger = { info() {}, warn() {}, error() {} };
const TEN_YEARS = 10 * 365 * 24 * 3600;

/**
 * Starts a local Supabase stand-in: Realtime at `/realtime/v1/websocket` (vsn 1.0.0 and
 * 2.0.0), the PostgREST subset at `/rest/v1`, the broadcast REST API, the GoTrue subset at
 * `/auth/v1`, and fault controls at
 * `/__devserver/*`, on an embedded PGlite (or a Postgres URL). Node only.
 *
 * @example
 * const server = await startDevServer({ schema: 'create table todos (id bigint primary key generated always as identity, title text)' });
 * const supabase = createClient(server.url, server.anonKey);
 * // …
 * await server.close();
 */
export async function startDevServer(options: DevServerOptions = {}): Promise<DevServer> {
  validateDevServerOptions(options);
  const logger = options.logger ?? SILENT;
  const jwtSecret = options.jwtSecret ?? randomBytes(32).toString('base64url');
  const anonKey = signJwt({ role: 'anon', iss: 'supabase-dev' }, jwtSecret, { expiresIn: TEN_YEARS });
  const serviceRoleKey = signJwt({ role: 'service_role', iss: 'supabase-dev' }, jwtSecret, { expiresIn: TEN_YEARS });
  const host = options.host ?? '127.0.0.1';
  const devMode = options.devMode ?? true;

  const database = options.database === undefined || options.database === 'pglite' ? undefined : options.database;
  const db = await openDatabase({ connectionString: database, logger });
  let realtime: RealtimeServer | undefined;
  try {
    await db.exec(REALTIME_MESSAGES_SQL); // before the schema, whose policies may name it
    await db.exec(AUTH_SCHEMA_SQL); // before the schema, whose tables may reference auth.users
    if (options.schema) await applySchema(db, options.schema);
    realtime = new RealtimeServer({
      db,
      jwtSecret,
      anonKey,
      serviceRoleKey,
      logger,
      channelErrorBackoffMs: options.channelErrorBackoffMs,
      readyDelayMs: options.readyDelayMs,
    });
    const rt = realtime;
    const rest = createRestHandler({ db, jwtSecret, anonKey, serviceRoleKey, logger, aggregates: options.aggregates, schemas: options.exposedSchemas });
    let serverUrl = ''; // known once listening; the auth issuer claim reads it lazily
    const auth = new AuthService({
      db,
      jwtSecret,
      jwtExpiry: options.jwtExpiry ?? 3600,
      issuer: () => `${serverUrl}${AUTH_PREFIX}`,
      anonymousSignIns: options.anonymousSignIns ?? true,
      refreshTokenReuseInterval: options.refreshTokenReuseInterval ?? 10,
    });
    const faults = createDevServerFaults(rt, auth);
    const stats = (): DevServerStats => ({
      sockets: rt.socketCount,
      joins: rt.stats.joins,
      leaves: rt.stats.leaves,
      framesIn: rt.stats.framesIn,
      framesOut: rt.stats.framesOut,
      channels: rt.channelStats(),
    });

    const route = async (req: IncomingMessage, res: ServerResponse) => {
      if (applyCors(req, res)) return;
      const url = new URL(req.url ?? '/', 'http://localhost');
      const path = url.pathname;
      if (path === '/rest/v1' || path.startsWith('/rest/v1/')) return rest(req, res);
      if (isBroadcastApiPath(path)) return handleBroadcastApi(rt, req, res, url);
      if (isAuthPath(path)) return handleAuthRoutes(auth, logger, req, res, url);
      if (path.startsWith(DEV_ROUTES_PREFIX) && devMode && isLoopback(req)) return handleDevRoutes({ faults, stats }, req, res, url);
      if (path === '/' || path === '/health') return sendJson(res, 200, { ok: true });
      return sendJson(res, 404, { error: `Not found: ${req.method} ${path}` });
    };
    const http = createServer((req, res) => {
      route(req, res).catch((error: unknown) => {
        logger.error('http: request failed', { path: req.url?.split('?')[0], error: String(error) });
        if (!res.headersSent) sendJson(res, 500, { error: 'The dev server failed to handle this request; see its log.' });
        else res.destroy();
      });
    });
    http.on('upgrade', (req, socket, head) => {
      const path = (req.url ?? '/').split('?')[0];
      if (path === '/realtime/v1/websocket' || path === '/realtime/v1/websocket/') rt.handleUpgrade(req, socket, head);
      else socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
    });
    await new Promise<void>((resolve, reject) => {
      http.once('error', (error: NodeJS.ErrnoException) =>
        reject(
          error.code === 'EADDRINUSE'
            ? new Error(`startDevServer: port ${options.port} is already in use. Pass another port, or port: 0 for a free one.`)
            : error,
        ),
      );
      http.listen(options.port ?? 0, host, () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
    serverUrl = url;
    logger.info('dev server listening', { url });

    let closing: Promise<void> | undefined;
    return {
      url,
      anonKey,
      serviceRoleKey,
      jwtSecret,
      signJwt: (claims, opts) => signJwt(claims, jwtSecret, opts),
      faults,
      auth: createDevServerAuth(auth),
      stats,
      sql: (query, params) => db.query(query, params),
      close() {
        closing ??= (async () => {
          await rt.close();
          await new Promise<void>((resolve) => {
            http.close(() => resolve());
            http.closeAllConnections();
          });
          await db.close();
        })();
        return closing;
      },
    };
  } catch (error) {
    await realtime?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}
