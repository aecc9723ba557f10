/**
 * Dev server figures: boot time, and events per second from a REST insert to a subscriber's
 * postgres_changes callback (supabase-js over a real WebSocket).
 *
 *   npx tsx bench/devserver.ts [events=500] [concurrency=10]
 */
import { performance } from 'node:perf_hooks';
import { startDevServer } from '../src/devserver';
import { createTestClient } from '../test/support/clients';

const EVENTS = Number(process.argv[2] ?? 500);
const CONCURRENCY = Number(process.argv[3] ?? 10);
const SCHEMA = 'create table public.events (id bigint generated always as identity primary key, n int not null, payload text);';

const bootStart = performance.now();
const server = await startDevServer({ schema: SCHEMA });
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

console.log(
  JSON.stringify({
    bootMs: Math.round(bootMs),
    events: EVENTS,
    concurrency: CONCURRENCY,
    eventsPerSecond: Math.round(EVENTS / seconds),
    insertToCallbackMs: { p50: pct(0.5), p95: pct(0.95), max: pct(0.999) },
  }),
);
await reader.removeAllChannels();
await server.close();
process.exit(0); // realtime-js leaves a 10 s disconnect timer behind
