import type { DevServerOptions } from './types';

/** Throws a TypeError naming the bad option and how to fix it. */
export function validateDevServerOptions(options: DevServerOptions): void {
  const fail = (message: string) => {
    throw new TypeError(`startDevServer: ${message}`);
  };
  if (options === null || typeof options !== 'object') fail('options must be an object.');
  const { port, host, schema, database, jwtSecret, channelErrorBackoffMs, aggregates, exposedSchemas } = options;
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
  if (aggregates !== undefined && typeof aggregates !== 'boolean') fail('aggregates must be true or false.');
  if (exposedSchemas !== undefined && (!Array.isArray(exposedSchemas) || exposedSchemas.length === 0 || exposedSchemas.some((s) => typeof s !== 'string' || s === ''))) {
    fail("exposedSchemas must be a non-empty array of schema names, e.g. ['public', 'api'].");
  }
}
