import { describe, expect, it } from 'vitest';
import { startDevServer } from '../../src/devserver';
import type { DevServerOptions } from '../../src/devserver/types';

describe('startDevServer option validation', () => {
  const cases: [string, DevServerOptions, RegExp][] = [
    ['negative port', { port: -1 }, /port must be an integer 0–65535/],
    ['fractional port', { port: 1.5 }, /port must be an integer/],
    ['non-postgres database', { database: 'mysql://localhost/db' }, /database must be 'pglite' or a connection string starting with postgres:\/\//],
    ['empty jwtSecret', { jwtSecret: '' }, /jwtSecret must be a non-empty string/],
    ['schema that is not text', { schema: 42 as never }, /schema must be SQL text/],
    ['negative backoff', { channelErrorBackoffMs: -1 }, /channelErrorBackoffMs/],
  ];
  for (const [name, options, message] of cases) {
    it(`${name}: a TypeError that says how to fix it, before anything starts`, async () => {
      const error = await startDevServer(options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/^startDevServer: /);
      expect((error as Error).message).toMatch(message);
    });
  }
});
