/**
 * Scenario "mechanisms": `changes` inserted rows fanned out to `users` distinct signed-in users on
 * `topics` topics, under RLS, through `postgres_changes` (a filter per topic, the table's RLS
 * checked per row and subscriber) and through Broadcast from Database (a trigger per row, one
 * read-policy check per join). Both go through this package's manager; the dev server runs in
 * its own process so its CPU time is its own. Prints its own table (the columns are the two
 * mechanisms, not raw vs package). Notes on what this says about hosted Supabase:
 * docs/benchmarks.md, "postgres_changes vs Broadcast from Database".
 */
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import { createRealtimeManager, type RealtimeManager } from '../src/index';
import { signJwt } from '../src/devserver/jwt';
import { broadcastChangesSql } from '../src/sql';
import type { SubscriptionHandle } from '../src/core/subscriptionHandle';
import { spawnDevServer, type SpawnedDevServer } from './spawnDevServer';
import { sleep, waitFor } from './waitFor';

/** A run stops waiting when no delivery arrived for this long (a lost event would otherwise hang it). */
const STALL_MS = 30_000;

type Mechanism = 'postgres_changes' | 'broadcast';

function schema(users: number, topics: number): string {
  return /* sql */ `
create table public.members (user_id uuid not null, topic_id int not null, primary key (user_id, topic_id));
insert into public.members select ('00000000-0000-4000-8000-' || lpad(i::text, 12, '0'))::uuid, i % ${topics} from generate_series(0, ${users - 1}) i;
${['items_pg', 'items_bc']
  .map(
    (table) => `
create table public.${table} (id bigint generated always as identity primary key, topic_id int not null, body text);
alter table public.${table} enable row level security;
create policy "members read ${table}" on public.${table} for select to authenticated
  using (exists (select 1 from public.members m where m.user_id = auth.uid() and m.topic_id = ${table}.topic_id));`,
  )
  .join('\n')}
${broadcastChangesSql({
  table: 'items_bc',
  topic: "'items:' || topic_id",
  events: ['INSERT'],
  policy: "exists (select 1 from public.members m where m.user_id = auth.uid() and 'items:' || m.topic_id = (select realtime.topic()))",
})}`;
}

const userId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

interface Run {
  ms: number;
  cpuMs: number | null;
  /** Callbacks that ran, of `expected` (fewer: events were lost, e.g. to a reconnect under load). */
  delivered: number;
  expected: number;
}

export interface MechanismsResult {
  changes: number;
  users: number;
  topics: number;
  runs: Record<Mechanism, Run[]>;
}

/** `changes` and `users` must be multiples of `topics` (each topic then gets the same share). */
export async function scenarioMechanisms(changes: number, users: number, topics: number, repeat: number): Promise<MechanismsResult> {
  if (changes % topics !== 0 || users % topics !== 0) throw new Error(`bench: changes (${changes}) and users (${users}) must be multiples of topics (${topics}).`);
  const server = await spawnDevServer(schema(users, topics));
  const managers: RealtimeManager[] = [];
  const clients: SupabaseClient[] = [];
  const delivered: Record<Mechanism, number> = { postgres_changes: 0, broadcast: 0 };
  try {
    const handles: SubscriptionHandle[] = [];
    for (let i = 0; i < users; i++) {
      const token = signJwt({ sub: userId(i), role: 'authenticated' }, server.jwtSecret);
      const client = clientFor(server, server.anonKey, token);
      clients.push(client);
      const manager = createRealtimeManager(client, { rejoinSpreadMs: 0 });
      managers.push(manager);
      const topic = i % topics;
      handles.push(
        manager.subscribe({ table: 'items_pg', event: 'INSERT', filter: `topic_id=eq.${topic}`, onChange: () => delivered.postgres_changes++ }),
        manager.subscribe({ table: 'items_bc', event: 'INSERT', topic: `items:${topic}`, onChange: () => delivered.broadcast++ }),
      );
    }
    await waitFor(() => handles.every((h) => h.getSnapshot().status === 'joined'), 'every subscription joined', 120_000);
    const writer = clientFor(server, server.serviceRoleKey);
    const insert = async (table: string, count: number) => {
      const rows = Array.from({ length: count }, (_, k) => ({ topic_id: k % topics, body: `change ${k}` }));
      const { error } = await writer.from(table).insert(rows);
      if (error) throw new Error(`insert into ${table}: ${error.message}`);
    };
    const perChange = users / topics;
    const measure = async (mechanism: Mechanism, count: number): Promise<Run> => {
      const table = mechanism === 'broadcast' ? 'items_bc' : 'items_pg';
      delivered[mechanism] = 0;
      const cpuBefore = server.cpuMs();
      const start = performance.now();
      await insert(table, count);
      const expected = count * perChange;
      let last = -1;
      let lastProgressAt = performance.now();
      while (delivered[mechanism] < expected && performance.now() - lastProgressAt < STALL_MS) {
        if (delivered[mechanism] !== last) {
          last = delivered[mechanism];
          lastProgressAt = performance.now();
        }
        await sleep(5);
      }
      const ms = performance.now() - start;
      const cpuAfter = server.cpuMs();
      if (delivered[mechanism] < expected) console.error(`bench: ${mechanism} stalled at ${delivered[mechanism]} of ${expected} deliveries`);
      return { ms, cpuMs: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore, delivered: delivered[mechanism], expected };
    };
    // Warm-up (a tenth, not counted), then alternate the mechanisms so a busy moment of the
    // machine does not land on one side only.
    const warmup = Math.max(topics, Math.round(changes / 10 / topics) * topics);
    await measure('postgres_changes', warmup);
    await measure('broadcast', warmup);
    const runs: Record<Mechanism, Run[]> = { postgres_changes: [], broadcast: [] };
    for (let r = 0; r < repeat; r++) {
      runs.postgres_changes.push(await measure('postgres_changes', changes));
      runs.broadcast.push(await measure('broadcast', changes));
      const [pg, bc] = [runs.postgres_changes.at(-1)!, runs.broadcast.at(-1)!];
      console.error(
        `bench: mechanisms run ${r + 1}/${repeat}: postgres_changes ${pg.ms.toFixed(0)} ms (cpu ${pg.cpuMs ?? 'n/a'} ms), broadcast ${bc.ms.toFixed(0)} ms (cpu ${bc.cpuMs ?? 'n/a'} ms)`,
      );
    }
    return { changes, users, topics, runs };
  } finally {
    await Promise.all(managers.map((m) => m.destroy()));
    await server.stop();
  }
}

function clientFor(server: SpawnedDevServer, key: string, token?: string): SupabaseClient {
  return createClient(server.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never },
    ...(token ? { accessToken: async () => token } : {}),
  });
}

function total(list: Run[]): string {
  const got = list.reduce((n, r) => n + r.delivered, 0);
  const expected = list.reduce((n, r) => n + r.expected, 0);
  return `${got.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')}`;
}

/** The result as a markdown table: medians with the spread (min–max) of the runs. */
export function formatMechanisms({ changes, users, topics, runs }: MechanismsResult): string {
  const scenario = `${changes.toLocaleString('en-US')} changes → ${users} users on ${topics} topics (RLS)`;
  const stat = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = sorted.length / 2;
    const median = sorted.length % 2 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
    return { median, text: `${Math.round(median).toLocaleString('en-US')} (${Math.round(sorted[0]!)}–${Math.round(sorted.at(-1)!)})` };
  };
  const row = (metric: string, pick: (run: Run) => number | null) => {
    const pg = runs.postgres_changes.map(pick);
    const bc = runs.broadcast.map(pick);
    if (pg.some((v) => v === null) || bc.some((v) => v === null)) return `| ${scenario} | ${metric} | n/a | n/a | — |`;
    const a = stat(pg as number[]);
    const b = stat(bc as number[]);
    return `| ${scenario} | ${metric} | ${a.text} | ${b.text} | ${(b.median / a.median).toFixed(2)}× |`;
  };
  return [
    '| scenario | metric (median, min–max) | postgres_changes | Broadcast from Database | ratio |',
    '| --- | --- | ---: | ---: | ---: |',
    row(`time to deliver all ${(changes * (users / topics)).toLocaleString('en-US')} callbacks (ms, ${runs.broadcast.length} runs)`, (r) => r.ms),
    row('dev server CPU time per run (ms, user + system)', (r) => r.cpuMs),
    `| ${scenario} | callbacks delivered (all runs) | ${total(runs.postgres_changes)} | ${total(runs.broadcast)} | — |`,
  ].join('\n');
}
