/**
 * Tokens and keys never appear in anything the package emits: console output, errors and
 * their classifications, health snapshots, `getStats()`, and the dev server's own logs —
 * captured across a run with drops, bad joins (whose server reasons even quote a token),
 * expired tokens and bad input, then searched for every secret and every token's signature.
 */
import { randomUUID } from 'node:crypto';
import { createClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { classifyError, createRealtimeManager, type RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { waitUntil } from '../support/waitUntil';

const JWT_SECRET = `chaos-secret-${randomUUID()}`;
const emitted: string[] = [];
const record = (where: string, value: unknown) => {
  try {
    emitted.push(`${where}: ${typeof value === 'string' ? value : JSON.stringify(value, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message, stack: v.stack, cause: v.cause } : v))}`);
  } catch {
    emitted.push(`${where}: ${String(value)}`);
  }
};

let server: DevServer;
beforeAll(async () => {
  const log = (level: string) => (message: string, data?: Record<string, unknown>) => record(`devserver.${level}`, { message, data });
  server = await startTestServer({ jwtSecret: JWT_SECRET, logger: { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') } });
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Everything observable about a manager, recorded as it happens. */
function observe(name: string, manager: RealtimeManager): () => void {
  record(`${name}.health`, manager.health.getSnapshot());
  const unsubscribe = manager.health.subscribe(() => record(`${name}.health`, manager.health.getSnapshot()));
  const timer = setInterval(() => record(`${name}.stats`, manager.getStats()), 50);
  return () => {
    unsubscribe();
    clearInterval(timer);
    record(`${name}.stats`, manager.getStats());
  };
}

test('no token, API key or JWT secret appears in logs, errors, health or stats', async () => {
  const consoleMethods = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
  const originals = consoleMethods.map((m) => console[m]);
  consoleMethods.forEach((m, i) => {
    console[m] = (...args: unknown[]) => {
      record(`console.${m}`, args);
      (originals[i] as (...a: unknown[]) => void).apply(console, args);
    };
  });
  const tokens: string[] = [];
  const mint = (sub: string) => {
    const token = server.signJwt({ role: 'authenticated', sub, jti: randomUUID() });
    tokens.push(token);
    return token;
  };
  const userId = randomUUID();
  let userToken = mint(userId);
  const managers: RealtimeManager[] = [];
  const stops: (() => void)[] = [];
  try {
    const anon = createRealtimeManager(createTestClient(server, { realtime: { heartbeatIntervalMs: 500, timeout: 2000 } }), { gracePeriodMs: 50, backoff: { baseMs: 50, maxMs: 400 } });
    const service = createRealtimeManager(createTestClient(server, { key: server.serviceRoleKey, realtime: { heartbeatIntervalMs: 500, timeout: 2000 } }), {
      gracePeriodMs: 50,
      backoff: { baseMs: 50, maxMs: 400 },
    });
    const userClient = createClient(server.url, server.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as never, heartbeatIntervalMs: 500, timeout: 2000 },
      accessToken: async () => userToken,
    });
    const user = createRealtimeManager(userClient, { gracePeriodMs: 50, backoff: { baseMs: 50, maxMs: 400 } });
    managers.push(anon, service, user);
    stops.push(observe('anon', anon), observe('service', service), observe('user', user));

    const onStatus = (name: string) => (status: string, error: unknown) => record(`${name}.onStatus`, { status, error });
    const handles = [
      anon.subscribe({ table: 'todos', onStatus: onStatus('anon') }),
      service.subscribe({ table: 'secrets', onStatus: onStatus('service') }),
      user.subscribe({ table: 'secrets', onStatus: onStatus('user') }),
      user.broadcast('room:chat', 'msg'),
    ];
    for (const m of managers) m.connect();
    await waitUntil(() => handles.every((h) => h.getSnapshot().status === 'joined'), 'first joins');

    // Server refusals whose reason quotes the user's token and the keys.
    server.faults.failJoins(6, `InvalidJWTToken: token ${userToken} rejected (apikey ${server.anonKey}, service ${server.serviceRoleKey})`);
    server.faults.close({ code: 1011, reason: 'chaos' });
    await sleep(1500);
    server.faults.reset();
    await waitUntil(() => handles.every((h) => h.getSnapshot().status !== 'joining'), 'rejoins after refusals', 15_000).catch(() => {});

    // Expired tokens: the user's channels are closed; the manager refreshes (a new token) and rejoins.
    server.faults.expireTokens();
    userToken = mint(userId);
    await sleep(1500);
    server.faults.reset();

    // Heartbeat stall and refused reconnects.
    server.faults.stallHeartbeats(1200);
    await sleep(1500);
    server.faults.refuse(500);
    server.faults.close({ abrupt: true });
    await sleep(1200);
    server.faults.reset();
    for (const m of managers) m.reconnect();
    await waitUntil(() => handles.every((h) => h.getSnapshot().status === 'joined'), 'recovery', 15_000).catch(() => {});

    // Bad input whose text contains a secret.
    const badInputs: (() => unknown)[] = [
      () => anon.subscribe({ table: 'todos', filter: `title=${userToken}` }),
      () => anon.subscribe({ table: 'todos', filter: `title=eq.${server.serviceRoleKey}`, event: server.anonKey as never }),
      () => anon.subscribe({ table: '', schema: server.serviceRoleKey }),
      () => anon.broadcast(server.anonKey, ''),
      () => createRealtimeManager({ realtime: userToken } as never),
      () => createRealtimeManager(createTestClient(server), { gracePeriodMs: userToken as never }),
    ];
    for (const bad of badInputs) {
      try {
        bad();
        record('bad input accepted', '');
      } catch (error) {
        record('thrown', error);
        record('thrown.classified', classifyError(error));
      }
    }
    for (const h of handles) record('final', h.getSnapshot());
  } finally {
    for (const stop of stops) stop();
    await Promise.all(managers.map((m) => m.destroy()));
    consoleMethods.forEach((m, i) => {
      console[m] = originals[i] as never;
    });
  }

  const haystack = emitted.join('\n');
  expect(emitted.length).toBeGreaterThan(50);
  // The run did meet errors (so there was something that could have leaked).
  expect(haystack).toMatch(/InvalidJWTToken|expired|Invalid filter/i);
  const secrets: [string, string][] = [
    ['anon key', server.anonKey],
    ['service role key', server.serviceRoleKey],
    ['jwt secret', JWT_SECRET],
    ...tokens.map((t, i) => [`user token ${i}`, t] as [string, string]),
    ...[server.anonKey, server.serviceRoleKey, ...tokens].map((t, i) => [`signature of token ${i}`, t.split('.')[2]!] as [string, string]),
  ];
  const leaks = secrets.filter(([, s]) => haystack.includes(s)).map(([name, s]) => {
    const at = haystack.indexOf(s);
    return `${name} in: ${haystack.slice(Math.max(0, haystack.lastIndexOf('\n', at) + 1), at).slice(-120)}…`;
  });
  expect(leaks).toEqual([]);
});
