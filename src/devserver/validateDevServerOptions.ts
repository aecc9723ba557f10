import type { DevServerOptions } from './types';

/** Throws a TypeError naming the bad option and how to fix it. */
export function validateDevServerOptions(options: DevServerOptions): void {
  const fail = (message: string) => {
    throw new TypeError(`startDevServer: ${message}`);
  };
  if (options === null || typeof options !== 'object') fail('options must be an object.');
  const { port, host, schema, database, jwtSecret, channelErrorBackoffMs, readyDelayMs, aggregates, exposedSchemas } = options;
  if (port !== undefined && (!Number.isInteger(port) || port < 0 || port > 65535)) fail(`port must be an integer 0–65535 (0 picks a free port), got ${String(port)}.`);
  if (host !== undefined && (typeof host !== 'string' || host === '')) fail('host must be a non-empty string such as 127.0.0.1.');
  if (schema !== undefined && typeof schema !== 'string') fail('schema must be SQL text (read the file first, e.g. readFileSync(path, "utf8")).');
  if (database !== undefined && (typeof database !== 'string' || (database !== 'pglite' && !/^postgres(ql)?:\/\//.test(database)))) {
    fail("database must be 'pglite' or a connection string starting with postgres:// or postgresql://.");
  }
  if (jwtSecret !== undefined && (typeof jwtSecret !== 'string' || jwtSecret === '')) fail('jwtSecret must be a non-empty string.');
  if (channelErrorBackoffMs !== undefined && (typeof channelErrorBackoffMs !== 'number' || !(channelErrorBackoffMs >= 0))) {
    fail('channelErrorBackoffMs must be a number of milliseconds ≥ 0.');
  }
  const { jwtExpiry, anonymousSignIns, refreshTokenReuseInterval } = options;
  if (jwtExpiry !== undefined && (!Number.isInteger(jwtExpiry) || jwtExpiry < 1)) {
    fail(`jwtExpiry must be a whole number of seconds ≥ 1 (default 3600), got ${String(jwtExpiry)}.`);
  }
  if (anonymousSignIns !== undefined && typeof anonymousSignIns !== 'boolean') fail('anonymousSignIns must be true or false.');
  if (refreshTokenReuseInterval !== undefined && (!Number.isInteger(refreshTokenReuseInterval) || refreshTokenReuseInterval < 0)) {
    fail(`refreshTokenReuseInterval must be a whole number of seconds ≥ 0 (default 10), got ${String(refreshTokenReuseInterval)}.`);
  }
  if (readyDelayMs !== undefined && (typeof readyDelayMs !== 'number' || !Number.isFinite(readyDelayMs) || readyDelayMs < 0)) {
    fail(`readyDelayMs must be a number of milliseconds ≥ 0 (0, the default, sends "Subscribed to PostgreSQL" at once), got ${String(readyDelayMs)}.`);
  }
  if (aggregates !== undefined && typeof aggregates !== 'boolean') fail('aggregates must be true or false.');
  if (exposedSchemas !== undefined && (!Array.isArray(exposedSchemas) || exposedSchemas.length === 0 || exposedSchemas.some((s) => typeof s !== 'string' || s === ''))) {
    fail("exposedSchemas must be a non-empty array of schema names, e.g. ['public', 'api'].");
  }
}
