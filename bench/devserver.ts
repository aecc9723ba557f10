/**
 * Dev server figures: boot time, events per second from a REST insert to a subscriber's
 * postgres_changes callback (supabase-js over a real WebSocket), and the time of a REST read
 * with two levels of embedding (1,000 parents × 10 children, each child with its owner).
 *
 *   npx tsx bench/devserver.ts [events=500] [concurrency=10] [embedRequests=30]
 */
import { performance } from 'node:perf_hooks';
import { startDevServer } from '../src/devserver';
import { createTestClient } from '../test/support/clients';

const EVENTS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 10);
const EMBED_REQUESTS = Number(process.argv[4] ?? 30);
const SCHEMA = 'create table public.events (id bigint generated always as identity primary key, n int not null, payload text);';
// In their own schema, so the embedding data stays out of the realtime publication and the events figures.
const EMBED_SCHEMA = /* sql */ `
create schema bench;
grant usage on schema bench to anon, authenticated, service_role;
create table bench.users (id int primary key, name text not null);
create table bench.lists (id int primary key, name text not null, owner_id int not null references bench.users(id));
create table bench.items (id int primary key, title text not null, list_id int not null references bench.lists(id), owner_id int not null references bench.users(id));
create index on bench.items (list_id);
grant select on all tables in schema bench to anon, authenticated, service_role;
insert into bench.users select g, 'user ' || g from generate_series(1, 10) g;
insert into bench.lists select g, 'list ' || g, 1 + g % 10 from generate_series(1, 1000) g;
insert into bench.items select g, 'item ' || g, 1 + (g - 1) / 10, 1 + g % 10 from generate_series(1, 10000) g;
analyze bench.users; analyze bench.lists; analyze bench.items;`;

const bootStart = performance.now();
const server = await startDevServer({ schema: SCHEMA, exposedSchemas: ['public', 'bench'] });
const bootMs = performance.now() - bootStart;

const writer = createTestClient(server);
const reader = createTestClient(server);
const sentAt = new Map<number, number>();
const latencies: number[] = [];
let received = 0;
let done!: () => void;
const allReceived = new Promise<void>((resolve) => (done = resolve));
const channel = reader
  .channel('bench')
  .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'events' }, (p) => {
    const n = (p.new as { n: number }).n;
    latencies.push(performance.now() - sentAt.get(n)!);
    if (++received === EVENTS) done();
  });
await new Promise<void>((resolve, reject) =>
  channel.subscribe((status, err) => (status === 'SUBSCRIBED' ? resolve() : status === 'CHANNEL_ERROR' && reject(err))),
);

// Warm up the REST path and the feed once.
await writer.from('events').insert({ n: -1, payload: 'warmup' });
await new Promise((r) => setTimeout(r, 300));
latencies.length = 0;
received = 0;

const start = performance.now();
let next = 0;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < EVENTS) {
      const n = next++;
      sentAt.set(n, performance.now());
      const { error } = await writer.from('events').insert({ n, payload: 'x'.repeat(32) });
      if (error) throw new Error(error.message);
    }
  }),
);
await allReceived;
const seconds = (performance.now() - start) / 1000;
latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))]!.toFixed(1);


// Two levels of embedding in one request: 1,000 lists, each with its 10 items, each item with its owner.
for (const statement of EMBED_SCHEMA.split(';').map((x) => x.trim()).filter(Boolean)) await server.sql(statement);
const embedSelect = 'id, name, items(id, title, owner:users(name))';
const embedMs: number[] = [];
for (let i = -3; i < EMBED_REQUESTS; i++) {
  const t0 = performance.now();
  const { data, error } = await writer.schema('bench').from('lists').select(embedSelect).order('id');
  const ms = performance.now() - t0;
  if (error) throw new Error(error.message);
  if (data.length !== 1000 || (data[0] as { items: unknown[] }).items.length !== 10) throw new Error('embedding bench: unexpected result shape');
  if (i >= 0) embedMs.push(ms); // the first three warm up the catalog and the plan
}
embedMs.sort((a, b) => a - b);
const embedPct = (p: number) => Number(embedMs[Math.min(embedMs.length - 1, Math.floor(p * embedMs.length))]!.toFixed(1));

console.log(
  JSON.stringify({
    bootMs: Math.round(bootMs),
    events: EVENTS,
    concurrency: CONCURRENCY,
    eventsPerSecond: Math.round(EVENTS / seconds),
    insertToCallbackMs: { p50: pct(0.5), p95: pct(0.95), max: pct(0.999) },
    embed2LevelsMs: {
      requests: embedMs.length,
      rows: '1000 × 10 × 1',
      median: embedPct(0.5),
      p95: embedPct(0.95),
      min: Number(embedMs[0]!.toFixed(1)),
      max: Number(embedMs[embedMs.length - 1]!.toFixed(1)),
      p95OverMedian: Number((embedPct(0.95) / embedPct(0.5)).toFixed(2)),
    },
  }),
);
await reader.removeAllChannels();
await server.close();
process.exit(0); // realtime-js leaves a 10 s disconnect timer behind
