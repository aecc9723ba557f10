#!/usr/bin/env node
/**
 * `npm run devserver -- --port 54321 --schema schema.sql --jwt-secret S`
 *
 * Starts the dev server and prints one JSON line `{"url","anonKey","serviceRoleKey","jwtSecret"}`
 * on stdout when ready; logs go to stderr. Stops cleanly on SIGINT/SIGTERM.
 */
import { readFileSync } from 'node:fs';
import { startDevServer } from './startDevServer';
import type { DevServerLogger, DevServerOptions } from './types';

const USAGE = `Usage: supabase-realtime-devserver [--port N] [--host H] [--schema file.sql] [--jwt-secret S] [--database postgres://…] [--jwt-expiry seconds] [--no-anonymous-sign-ins] [--ready-delay ms] [--aggregates] [--exposed-schemas public,api] [--no-dev-mode] [--verbose]`;

class UsageError extends Error {}

function parseArgs(argv: string[]): DevServerOptions & { verbose: boolean } {
  const options: DevServerOptions & { verbose: boolean } = { verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value.`);
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be an integer 0–65535 (0 picks a free port).');
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--schema': {
        const path = value();
        try {
          options.schema = readFileSync(path, 'utf8');
        } catch (error) {
          throw new UsageError(`--schema: cannot read ${path}: ${(error as Error).message}`);
        }
        break;
      }
      case '--jwt-secret':
        options.jwtSecret = value();
        break;
      case '--database':
        options.database = value();
        break;
      case '--jwt-expiry': {
        const seconds = Number(value());
        if (!Number.isInteger(seconds) || seconds < 1) throw new UsageError('--jwt-expiry must be a whole number of seconds ≥ 1 (the access token lifetime; default 3600).');
        options.jwtExpiry = seconds;
        break;
      }
      case '--no-anonymous-sign-ins':
        options.anonymousSignIns = false;
        break;
      case '--ready-delay': {
        const raw = value();
        const ms = Number(raw);
        if (raw.trim() === '' || !Number.isFinite(ms) || ms < 0) throw new UsageError('--ready-delay must be a number of milliseconds ≥ 0.');
        options.readyDelayMs = ms;
        break;
      }
      case '--no-dev-mode':
        options.devMode = false;
        break;
      case '--aggregates':
        options.aggregates = true;
        break;
      case '--exposed-schemas':
        options.exposedSchemas = value().split(',').map((s) => s.trim());
        break;
      case '--verbose':
        options.verbose = true;
        break;
      case '--help':
      case '-h':
        process.stdout.write(`${USAGE}\n`);
        return process.exit(0);
      default:
        throw new UsageError(`Unknown argument ${arg}.`);
    }
  }
  return options;
}

function stderrLogger(verbose: boolean): DevServerLogger {
  const line = (level: string) => (message: string, data?: Record<string, unknown>) =>
    process.stderr.write(`[devserver] ${level} ${message}${data ? ` ${JSON.stringify(data)}` : ''}\n`);
  return { debug: verbose ? line('debug') : undefined, info: line('info'), warn: line('warn'), error: line('error') };
}

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n${USAGE}\n`);
    process.exit(2);
  }
  const { verbose, ...serverOptions } = options;
  const server = await startDevServer({ ...serverOptions, logger: stderrLogger(verbose) });
  const { url, anonKey, serviceRoleKey, jwtSecret } = server;
  process.stdout.write(`${JSON.stringify({ url, anonKey, serviceRoleKey, jwtSecret })}\n`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`[devserver] info ${signal}: stopping\n`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        process.stderr.write(`[devserver] error close failed: ${String(error)}\n`);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`[devserver] error ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
