/**
 * The page's lifecycle as input to the one connection machine, over a real socket to the dev
 * server with real supabase-js: half-open sockets after a hidden spell, `online`, a restore or
 * a sleep are found by one heartbeat and replaced; a healthy socket costs exactly one heartbeat.
 */
import type { SupabaseClient } from '@supabase/supabase-js';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { RealtimeManager } from '../../src/core/manager/realtimeManagerTypes';
import type { DevServer } from '../../src/devserver/types';
import { createTestClient } from '../support/clients';
import { startTestServer } from '../support/devServer';
import { createFrameRecorder } from '../support/frameRecorder';
import { createPageEnvironment, type PageEnvironment } from '../support/pageEnvironment';
import { waitUntil as until } from '../support/waitUntil';

let server: DevServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server?.close();
});

interface Watched {
  client: SupabaseClient;
  manager: RealtimeManager;
  env: PageEnvironment;
  /** Titles the "UI" shows: a REST fetch at start and after every gap, plus live inserts. */
  titles: Set<string>;
  statuses: string[];
  joined(): boolean;
  release(): void;
}

/** A manager with two channels (todos, notes) and a view of todo titles kept like a query cache. */
async function watchTodos(options: Parameters<typeof createRealtimeManager>[1] = {}): Promise<Watched> {
  const client = createTestClient(server); // realtime-js's default heartbeat: 25 s
  const env = createPageEnvironment();
  const titles = new Set<string>();
  const refetch = async () => {
    const { data } = await client.from('todos').select('title').throwOnError();
    for (const row of data as { title: string }[]) titles.add(row.title);
  };
  const manager = createRealtimeManager(client, {
    environment: env,
    gracePeriodMs: 50,
    invalidateQueries: () => refetch(),
    ...options,
  });
  const statuses: string[] = [];
  manager.health.subscribe(() => {
    const status = manager.health.getSnapshot().status;
    if (statuses.at(-1) !== status) statuses.push(status);
  });
  const todos = manager.subscribe({ table: 'todos', queryKey: ['todos'], onChange: (p) => titles.add((p.new as { title: string }).title) });
  const notes = manager.subscribe({ table: 'notes', queryKey: ['notes'] });
  const joined = () => todos.getSnapshot().status === 'joined' && notes.getSnapshot().status === 'joined';
  await until(joined, 'both channels joined');
  await refetch();
  return {
    client,
    manager,
    env,
    titles,
    statuses,
    joined,
    release: () => {
      todos.unsubscribe();
      notes.unsubscribe();
    },
  };
}

const triggers: [string, (env: PageEnvironment) => void, (env: PageEnvironment) => void][] = [
  ['the page becomes visible', (env) => env.hide(), (env) => env.show()],
  ['`online` fires', () => {}, (env) => env.setOnline(true)],
  ['the page is restored from the back/forward cache', () => {}, (env) => env.pageshow()],
  ['the machine wakes from sleep (clock jump)', () => {}, (env) => env.sleep(60_000)],
];

test.each(triggers)('half-open socket: after %s, the row written meanwhile reaches the view, each channel rejoins once', async (what, before, trigger) => {
  const w = await watchTodos();
  const joinsBefore = server.stats().joins;
  const channelJoinsBefore = w.manager.getStats().channelJoins;
  before(w.env);
  expect(server.faults.blackhole(60_000)).toBe(1);
  const title = `written while half-open (${what})`;
  await server.sql(`insert into todos (title) values ($1)`, [title]);
  await new Promise((r) => setTimeout(r, 300)); // the insert is dropped on the dead socket
  expect(w.titles.has(title)).toBe(false);
  w.statuses.length = 0;
  const start = performance.now();
  trigger(w.env);
  await until(() => w.titles.has(title), 'the row written during the blackhole in the view', 20_000);
  console.info(`[page lifecycle] ${what}: row in the view ${Math.round(performance.now() - start)} ms after the event`);
  await until(w.joined, 'both channels joined again');
  expect(w.statuses).toEqual(['reconnecting', 'connected']);
  expect(w.manager.getStats().channelJoins - channelJoinsBefore).toBe(2);
  expect(server.stats().joins - joinsBefore).toBe(2);
  // Live again: a new row arrives as an event.
  await server.sql(`insert into todos (title) values ($1)`, [`${title}, after`]);
  await until(() => w.titles.has(`${title}, after`), 'a live insert after the recovery');
  w.release();
  await w.manager.destroy();
  server.faults.reset();
});

test('a healthy socket becoming visible costs one heartbeat: no leave, join or refetch', async () => {
  const recorder = createFrameRecorder();
  const client = createTestClient(server, { realtime: { transport: recorder.transport, heartbeatIntervalMs: 60_000 } });
  const env = createPageEnvironment();
  let refetches = 0;
  const manager = createRealtimeManager(client, { environment: env, invalidateQueries: () => refetches++ });
  const sub = manager.subscribe({ table: 'todos', queryKey: ['todos'] });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  env.hide();
  await new Promise((r) => setTimeout(r, 200));
  const from = recorder.sent.length;
  const joins = server.stats().joins;
  const leaves = server.stats().leaves;
  // The first join's own gap recovery (at the server's system ok) is not the visibility check's.
  const refetchesBefore = refetches;
  env.show();
  await until(() => recorder.since(from).some((f) => f.event === 'heartbeat'), 'the probe heartbeat');
  // Long enough for a wrongly failed probe (2 s) plus a reconnect to have shown up.
  await new Promise((r) => setTimeout(r, 3500));
  const frames = recorder.since(from).filter((f) => f.event !== 'access_token');
  expect(frames).toEqual([{ topic: 'phoenix', event: 'heartbeat' }]);
  expect(server.stats().joins).toBe(joins);
  expect(server.stats().leaves).toBe(leaves);
  expect(refetches - refetchesBefore).toBe(0);
  expect(manager.getStats().reconnects).toBe(0);
  expect(manager.health.getSnapshot().status).toBe('connected');
  sub.unsubscribe();
  await manager.destroy();
});

test('reconnects do not grow realtime-js stateChangeCallbacks', async () => {
  const client = createTestClient(server, { realtime: { heartbeatIntervalMs: 60_000 } });
  const manager = createRealtimeManager(client, { backoff: { baseMs: 20, maxMs: 50 }, circuitBreaker: { failureThreshold: 50 } });
  const sub = manager.subscribe({ table: 'todos' });
  await until(() => sub.getSnapshot().status === 'joined', 'joined');
  const callbacks = client.realtime.stateChangeCallbacks;
  const lengths = () => ({ open: callbacks.open.length, close: callbacks.close.length, error: callbacks.error.length, message: callbacks.message.length });
  const before = lengths();
  for (let i = 0; i < 10; i++) {
    const reconnects = manager.getStats().reconnects;
    server.faults.close({ code: 1011 });
    await until(() => manager.getStats().reconnects === reconnects + 1 && sub.getSnapshot().status === 'joined', `rejoined after close ${i + 1}`, 20_000);
  }
  expect(lengths()).toEqual(before);
  sub.unsubscribe();
  await manager.destroy();
});

test('hiddenDisconnectAfterMs: hidden past it closes the socket; visible reconnects, rejoins and recovers the gap', async () => {
  const w = await watchTodos({ hiddenDisconnectAfterMs: 300 });
  const joinsBefore = server.stats().joins;
  w.env.hide();
  await until(() => server.stats().sockets === 0, 'the socket closed while hidden');
  expect(w.manager.health.getSnapshot().status).toBe('disconnected');
  expect(w.env.watchingSleep()).toBe(false);
  await server.sql(`insert into todos (title) values ('written while parked')`);
  w.env.show();
  await until(() => w.titles.has('written while parked'), 'the row written while parked, via gap recovery', 20_000);
  await until(w.joined, 'both channels joined again');
  expect(server.stats().joins - joinsBefore).toBe(2);
  expect(w.manager.health.getSnapshot().status).toBe('connected');
  expect(w.env.watchingSleep()).toBe(true);
  // Hidden shorter than the limit: nothing happens.
  w.env.hide();
  w.env.show();
  await new Promise((r) => setTimeout(r, 600));
  expect(server.stats().joins - joinsBefore).toBe(2);
  w.release();
  await w.manager.destroy();
});

test('probeTimeoutMs and hiddenDisconnectAfterMs reject bad values with a typed error', () => {
  const client = createTestClient(server);
  expect(() => createRealtimeManager(client, { probeTimeoutMs: 0 })).toThrow(/`probeTimeoutMs` must be a finite number > 0 \(got 0\)/);
  expect(() => createRealtimeManager(client, { hiddenDisconnectAfterMs: -1 })).toThrow(/`hiddenDisconnectAfterMs` must be a finite number >= 0/);
});
