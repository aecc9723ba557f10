import { createClient } from '@supabase/supabase-js';
import { cleanup, screen } from '@testing-library/react';
import WebSocket from 'ws';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { RealtimeManager } from '../../src/index';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createFakeNetwork, recordHealth, renderTodoApp, type TodoApp } from './realtimeHarness';
import { waitUntil } from '../support/waitUntil';

let server: DevServer;
let app: TodoApp | null = null;
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(async () => {
  cleanup();
  server.faults.reset();
  await app?.manager.destroy();
  app = null;
  await waitUntil(() => server.stats().channels.length === 0, 'server channels released');
});
afterAll(async () => {
  await server?.close();
});

const HEARTBEAT_MS = 200;
const options = (network = createFakeNetwork()) => ({
  gracePeriodMs: 50,
  backoff: { baseMs: 200, maxMs: 2000 },
  circuitBreaker: { failureThreshold: 5, cooldownMs: 300 },
  environment: network.environment,
});

function anonClient() {
  return createTestClient(server, { realtime: { heartbeatIntervalMs: HEARTBEAT_MS } });
}

async function bothJoined(manager: RealtimeManager) {
  await waitUntil(() => screen.queryByText('todos:joined notes:joined') !== null, 'both channels joined');
  await waitUntil(() => manager.health.getSnapshot().channels.joined === 2, 'health counts both joined');
}

async function startApp(client = anonClient(), network = createFakeNetwork()) {
  app = renderTodoApp(server, client, options(network));
  await bothJoined(app.manager);
  await waitUntil(() => app!.fetches() >= 1 && app!.queryClient.isFetching() === 0, 'initial fetch settled');
  return app;
}

/**
 * Runs a fault, writes a row while the channels are down, and checks that: the health
 * status went through `expected`, each channel joined again exactly `joinsPerChannel` times,
 * and the row reached the UI through gap recovery (query invalidated, onResubscribe fired).
 */
async function survives(
  title: string,
  fault: (a: TodoApp) => void | Promise<void>,
  expected: string[],
  { joinsPerChannel = 1, down = (a: TodoApp) => a.manager.health.getSnapshot().status !== 'connected' } = {},
) {
  const a = app!;
  const statuses = recordHealth(a.manager, 'status');
  const joinsBefore = server.stats().joins;
  const leavesBefore = server.stats().leaves;
  const resubscribesBefore = a.resubscribes();
  const fetchesBefore = a.fetches();
  await fault(a);
  await waitUntil(() => down(a), 'the outage');
  await server.sql('insert into todos (title) values ($1)', [title]);
  await bothJoined(a.manager);
  await screen.findByText(title, undefined, { timeout: 10_000 });
  expect(a.resubscribes()).toBe(resubscribesBefore + 1);
  expect(a.fetches()).toBeGreaterThan(fetchesBefore);
  expect(server.stats().joins - joinsBefore).toBe(2 * joinsPerChannel);
  await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS)); // no late extra joins
  expect(server.stats().joins - joinsBefore).toBe(2 * joinsPerChannel);
  expect(server.stats().sockets).toBe(1);
  // Dropped channels are retired locally: no stray phx_leave reaches the new socket.
  expect(server.stats().leaves - leavesBefore).toBe(0);
  statuses.unsubscribe();
  for (const status of expected) expect(statuses.seen).toContain(status);
  expect(statuses.seen[statuses.seen.length - 1]).toBe('connected');
  return statuses.seen;
}

test('close 1011: reconnecting, then connected; each channel rejoins once; the gap row arrives', async () => {
  await startApp();
  await survives('after-1011', () => server.faults.close({ code: 1011 }), ['connected', 'reconnecting']);
  expect(app!.manager.health.getSnapshot().lastError?.code).toBe('1011');
});

test('abrupt drop (1006): same recovery', async () => {
  await startApp();
  await survives('after-drop', () => server.faults.close({ abrupt: true }), ['connected', 'reconnecting']);
});

test('heartbeat stall: the timeout is detected, the socket is replaced, channels rejoin once', async () => {
  await startApp();
  await survives('after-stall', () => server.faults.stallHeartbeats(2 * HEARTBEAT_MS + 50), ['connected', 'reconnecting']);
  expect(app!.manager.health.getSnapshot().lastError?.code).toBe('heartbeat_timeout');
});

test('refused connections: retries with backoff until the server accepts again', async () => {
  await startApp();
  const attempts = recordHealth(app!.manager, 'reconnectAttempts');
  await survives(
    'after-refuse',
    () => {
      server.faults.refuse(700);
      server.faults.close({ code: 1011 });
    },
    ['connected', 'reconnecting'],
  );
  attempts.unsubscribe();
  expect(Math.max(...attempts.seen)).toBeGreaterThanOrEqual(2);
});

test('refused connections past the threshold open the circuit, then a half-open probe closes it', async () => {
  const network = createFakeNetwork();
  app = renderTodoApp(server, anonClient(), { ...options(network), backoff: { baseMs: 100, maxMs: 100 }, circuitBreaker: { failureThreshold: 2, cooldownMs: 300 } });
  await bothJoined(app.manager);
  await waitUntil(() => app!.fetches() >= 1 && app!.queryClient.isFetching() === 0, 'initial fetch settled');
  const circuit = recordHealth(app.manager, 'circuit');
  const seen = await survives(
    'after-circuit',
    () => {
      server.faults.refuse(900);
      server.faults.close({ code: 1011 });
    },
    ['connected', 'reconnecting', 'disconnected'],
  );
  circuit.unsubscribe();
  expect(circuit.seen).toEqual(expect.arrayContaining(['closed', 'open', 'half-open']));
  expect(circuit.seen[circuit.seen.length - 1]).toBe('closed');
  expect(seen).toContain('disconnected');
});

test('failed joins after a reconnect: realtime-js retries the join; channels end joined', async () => {
  await startApp();
  await survives(
    'after-failed-joins',
    () => {
      server.faults.failJoins(2);
      server.faults.close({ code: 1011 });
    },
    ['connected', 'reconnecting'],
    { joinsPerChannel: 2 },
  );
});

test('offline/online: no attempts while offline, an immediate connect when back', async () => {
  const network = createFakeNetwork();
  await startApp(anonClient(), network);
  const socketsBefore = server.stats().sockets;
  expect(socketsBefore).toBe(1);
  await survives(
    'after-offline',
    async () => {
      network.setOnline(false);
      await waitUntil(() => server.stats().sockets === 0, 'socket closed while offline');
      // Stay offline a while: nothing may try to connect.
      await new Promise((r) => setTimeout(r, 400));
      expect(server.stats().sockets).toBe(0);
      expect(app!.manager.health.getSnapshot().status).toBe('offline');
    },
    ['connected', 'offline'],
    {
      down: () => {
        // Write the row while offline, then come back.
        queueMicrotask(() => setTimeout(() => network.setOnline(true), 300));
        return true;
      },
    },
  );
});

test('expired token: the token is refreshed and closed channels are recreated with fresh instances', async () => {
  let issued = 0;
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, heartbeatIntervalMs: 5000 },
    accessToken: async () => {
      issued++;
      // A unique claim: tokens signed within one second would otherwise be identical strings.
      return server.signJwt({ role: 'authenticated', sub: '00000000-0000-0000-0000-000000000001', jti: `t${issued}` }, { expiresIn: 3600 });
    },
  });
  await startApp(client);
  const issuedBefore = issued;
  // Watch every health change: the refresh and rejoin can be over between two polls.
  let sawChannelsDown = false;
  const stopWatching = app!.manager.health.subscribe(() => {
    if (app!.manager.health.getSnapshot().channels.joined < 2) sawChannelsDown = true;
  });
  const seen = await survives('after-expiry', () => server.faults.expireTokens(), [], {
    down: (a) => sawChannelsDown || a.manager.health.getSnapshot().channels.joined < 2,
  });
  stopWatching();
  // The socket stayed up; only the channels were closed and recreated.
  expect(seen).toEqual(['connected']);
  expect(issued).toBeGreaterThan(issuedBefore);
  expect(app!.manager.health.getSnapshot().lastError?.category).toBe('auth');
});

test('a failed token refresh leaves the channels errored with an auth error, never rejoined as anon', async () => {
  let fail = false;
  const client = createClient(server.url, server.anonKey, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, heartbeatIntervalMs: 5000 },
    accessToken: async () => {
      if (fail) throw new Error('refresh token revoked');
      return server.signJwt({ role: 'authenticated', sub: '00000000-0000-0000-0000-000000000002' }, { expiresIn: 3600 });
    },
  });
  await startApp(client);
  const joinsBefore = server.stats().joins;
  fail = true;
  server.faults.expireTokens();
  await waitUntil(() => screen.queryByText('todos:errored notes:errored') !== null, 'both subscriptions errored');
  const health = app!.manager.health.getSnapshot();
  expect(health.lastError?.category).toBe('auth');
  expect(health.channels.errored).toBe(2);
  expect(JSON.stringify(health)).not.toMatch(/eyJ/); // no token in health
  await new Promise((r) => setTimeout(r, 300));
  expect(server.stats().joins).toBe(joinsBefore);
});

test('offline then online at once: the old socket is replaced cleanly and channels rejoin once', async () => {
  const network = createFakeNetwork();
  await startApp(anonClient(), network);
  const before = server.stats();
  network.setOnline(false);
  network.setOnline(true);
  await waitUntil(() => app!.manager.health.getSnapshot().status === 'connected' && app!.manager.health.getSnapshot().channels.joined === 2, 'back');
  await bothJoined(app!.manager);
  await new Promise((r) => setTimeout(r, 3 * HEARTBEAT_MS));
  expect(server.stats().joins - before.joins).toBe(2);
  expect(server.stats().sockets).toBe(1);
  expect(app!.manager.health.getSnapshot().reconnectAttempts).toBe(0);
});
