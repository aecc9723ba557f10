/**
 * Chaos soak (issue 7). Several managers, each on its own supabase-js client and socket, hold
 * several subscriptions and make optimistic inserts, while a writer streams writes through
 * REST and the dev server injects a random fault every 1–3 s. After the faults stop and the
 * system settles, every invariant is checked and a summary table is printed.
 *
 *   npm run chaos                       # short run, about a minute (part of `npm test`)
 *   CHAOS_DURATION=10m npm run chaos    # long run
 *   CHAOS_SEED=123 npm run chaos        # replay the random choices of a run (its seed is printed)
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startDevServer } from '../../src/devserver';
import type { DevServer } from '../../src/devserver/types';
import { CHAOS_BUCKETS, CHAOS_SCHEMA, ChaosClient } from '../support/chaosClient';
import { FAULT_KINDS, runRandomFaults } from '../support/chaosFaults';
import { chaosSeed, createSeededRandom } from '../support/chaosRandom';
import { formatTable, parseDuration, percentile } from '../support/chaosStats';
import { ChaosWriter } from '../support/chaosWriter';

const DURATION_MS = parseDuration(process.env.CHAOS_DURATION, 40_000);
const CLIENTS = 4;
/** Heap growth allowed between the warmed-up start and the settled end (after a full GC). */
const HEAP_BOUND_BYTES = 64 * 1024 * 1024;
/** Every random choice of the soak comes from this seed; a failure names it so the run can be replayed. */
const SEED = chaosSeed();
console.log(`chaos soak: CHAOS_SEED=${SEED}`);

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: DevServer;
beforeAll(async () => {
  server = await startDevServer({ schema: CHAOS_SCHEMA });
});
afterAll(async () => {
  await server?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitUntil(check: () => boolean | Promise<boolean>, what: string, ms: number, detail?: () => string): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`chaos: timed out waiting for ${what}${detail ? `\n${detail()}` : ''}`);
    await sleep(25);
  }
}
const heapUsed = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

type Item = { id: number; bucket: number; version: number; body: string };
const canonical = (rows: Iterable<Item>) =>
  [...rows].map((r) => `${r.id}:${r.bucket}:${r.version}:${r.body}`).sort().join('\n');

test(`chaos soak (${Math.round(DURATION_MS / 1000)} s of faults)`, async () => {
  try {
    await soak();
  } catch (error) {
    if (error instanceof Error) error.message = `${error.message}\n(replay this run with CHAOS_SEED=${SEED} npm run chaos)`;
    throw error;
  }
});

async function soak(): Promise<void> {
  const random = createSeededRandom(SEED);
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  const clients = Array.from({ length: CLIENTS }, (_, i) => new ChaosClient(server, i, random.fork()));
  const writer = new ChaosWriter(server, random);
  try {
    for (const c of clients) c.start();
    await waitUntil(() => clients.every((c) => c.healthy()), 'every client joined', 20_000);
    await Promise.all(clients.map((c) => c.load()));
    writer.start();
    await sleep(2000);
    const heapStart = heapUsed();

    // Optimistic inserts and subscription churn run alongside the faults.
    let stopSide = false;
    let churns = 0;
    const side = (async () => {
      while (!stopSide) {
        const c = random.pick(clients);
        void c.mutate();
        if (random.next() < 0.5) {
          // Mount and unmount a subscription: sometimes sharing a channel, sometimes its own.
          const shared = random.next() < 0.5;
          const extra = c.manager.subscribe({ table: 'chaos_items', filter: shared ? 'bucket=eq.0' : `id=lt.${1 + random.between(0, 20)}` });
          churns++;
          setTimeout(() => extra.unsubscribe(), random.between(200, 1200));
        }
        await sleep(random.between(200, 800));
      }
    })();

    const report = await runRandomFaults(server, clients, Date.now() + DURATION_MS, random);
    stopSide = true;
    await side;

    // --- settle ---------------------------------------------------------------
    await waitUntil(() => clients.every((c) => c.healthy()), 'every client healthy after the faults', 30_000, () =>
      clients.filter((c) => !c.healthy()).map((c) => c.describeHealth()).join('\n'),
    );
    await writer.stop();
    await Promise.all(clients.map((c) => c.settleMutations()));
    const dbRows = async () => (await server.sql<Item>('select id, bucket, version, body from chaos_items')).rows;
    const viewsMatch = async () => {
      const rows = await dbRows();
      return clients.every((c) =>
        c.views.every((v) => canonical(v.view.rows().values()) === canonical(rows.filter((r) => v.bucket === null || r.bucket === v.bucket))),
      );
    };
    const converged = await waitUntil(viewsMatch, 'every view to equal the database', 20_000).then(() => true, () => false);

    // After recovery, realtime alone must deliver every change again: a final burst, no refetch.
    const before = clients.map((c) => c.views.map((v) => ({ delivered: v.view.delivered, resyncs: v.view.resyncs })));
    const burst: Item[] = [];
    for (let i = 0; i < 20; i++) {
      const id = 1000 + i;
      await server.sql('insert into chaos_items (id, bucket, version, body) values ($1, $2, 1, $3)', [id, id % CHAOS_BUCKETS, `burst ${i}`]);
      burst.push({ id, bucket: id % CHAOS_BUCKETS, version: 1, body: `burst ${i}` });
    }
    const expectedBurst = (bucket: number | null) => burst.filter((r) => bucket === null || r.bucket === bucket).length;
    await waitUntil(
      () => clients.every((c, ci) => c.views.every((v, vi) => v.view.delivered - before[ci]![vi]!.delivered >= expectedBurst(v.bucket))),
      'the final burst to reach every view',
      10_000,
    ).catch(() => {});
    let burstLost = 0;
    clients.forEach((c, ci) =>
      c.views.forEach((v, vi) => {
        const got = v.view.delivered - before[ci]![vi]!.delivered;
        burstLost += Math.max(0, expectedBurst(v.bucket) - got);
      }),
    );
    const convergedAfterBurst = await waitUntil(viewsMatch, 'views after the burst', 10_000).then(() => true, () => false);

    // Mutations: every acknowledged insert is in the database and in its client's list exactly once.
    await waitUntil(() => clients.every((c) => c.ledger.pendingCount(c) === 0), 'optimistic layers to settle', 15_000).catch(() => {});
    const mutationRows = (await server.sql<{ id: string; manager: number }>('select id, manager from chaos_mutations')).rows;
    let mutationsLost = 0;
    let mutationsDuplicated = 0;
    let mutationsAcked = 0;
    for (const c of clients) {
      mutationsAcked += c.acknowledged.size;
      const inDb = new Set(mutationRows.filter((r) => r.manager === c.index).map((r) => r.id));
      const list = c.mutationList().map((r) => r.id);
      for (const id of c.acknowledged) if (!inDb.has(id)) mutationsLost++;
      mutationsDuplicated += list.length - new Set(list).size + c.mutationEventDuplicates;
      for (const id of inDb) if (!list.includes(id)) mutationsLost++;
    }

    // Channels: after the grace period, nothing orphaned, one socket per manager.
    await sleep(600);
    const channelsPerClient = 1 + CHAOS_BUCKETS + 1;
    const managerStats = clients.map((c) => c.manager.getStats());
    const serverStats = server.stats();

    const events = clients.reduce((n, c) => n + c.views.reduce((m, v) => m + v.view.delivered, 0), 0);
    const duplicates = clients.reduce((n, c) => n + c.views.reduce((m, v) => m + v.view.duplicates, 0), 0);
    const mismatchedRows = await (async () => {
      const rows = await dbRows();
      let n = 0;
      for (const c of clients) {
        for (const v of c.views) {
          const expected = new Map(rows.filter((r) => v.bucket === null || r.bucket === v.bucket).map((r) => [r.id, r]));
          const got = v.view.rows();
          for (const [id, row] of expected) if (canonical([row]) !== canonical(got.get(id) ? [got.get(id)!] : [])) n++;
          for (const id of got.keys()) if (!expected.has(id)) n++;
        }
      }
      return n;
    })();
    const heapEnd = heapUsed();
    const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
    const joinsTotal = report.joinsPerRecovery.reduce((a, b) => a + b, 0);

    const table = formatTable(`Chaos soak: ${Math.round(DURATION_MS / 1000)} s of faults, ${CLIENTS} managers × ${channelsPerClient} channels`, [
      ...FAULT_KINDS.map((k) => [`faults: ${k}`, report.faults[k]] as const),
      ['faults: total', Object.values(report.faults).reduce((a, b) => a + b, 0)],
      ['writes (REST)', writer.writes],
      ['optimistic mutations acknowledged', mutationsAcked],
      ['subscription mounts/unmounts (churn)', churns],
      ['events delivered', events],
      ['events lost (rows differing after settle + burst events missed)', mismatchedRows + burstLost],
      ['changes applied twice / out of order', duplicates],
      ['mutations lost / applied twice', `${mutationsLost} / ${mutationsDuplicated}`],
      ['gap recoveries (refetches)', clients.reduce((n, c) => n + c.views.reduce((m, v) => m + v.view.resyncs, 0), 0)],
      ['recoveries measured', report.recoveries.length],
      ['recovery time p50 (from injection)', `${percentile(report.recoveries, 50)} ms`],
      ['recovery time p99 (from injection)', `${percentile(report.recoveries, 99)} ms`],
      ['recoveries cut short by the next fault', report.overlapped],
      ['faults no client noticed', report.unnoticed],
      ['joins per recovery (all clients, avg)', report.recoveries.length ? (joinsTotal / report.recoveries.length).toFixed(1) : 'n/a'],
      ['joins per channel per recovery (avg)', report.recoveries.length ? (joinsTotal / report.recoveries.length / (CLIENTS * channelsPerClient)).toFixed(2) : 'n/a'],
      ['heap growth (after GC)', mb(heapEnd - heapStart)],
      ['unhandled rejections', unhandled.length],
    ]);
    console.log(`\n${table}\n`);

    // --- invariants -------------------------------------------------------------
    expect(unhandled, 'unhandled rejections').toEqual([]);
    expect(converged, 'every view equals the database after settling').toBe(true);
    expect(convergedAfterBurst, 'every view equals the database after the final burst').toBe(true);
    expect(mismatchedRows, 'rows differing from the database').toBe(0);
    expect(burstLost, 'events missed after recovery').toBe(0);
    expect(duplicates, 'changes applied twice or out of order').toBe(0);
    expect(mutationsLost, 'mutations lost').toBe(0);
    expect(mutationsDuplicated, 'mutations applied twice').toBe(0);
    for (const c of clients) expect(c.ledger.pendingCount(c), `client ${c.index}: optimistic layers left`).toBe(0);
    for (const [i, stats] of managerStats.entries()) {
      expect(stats.sockets, `manager ${i}: sockets`).toBe(1);
      expect(stats.problems.filter((p) => p.kind === 'orphaned-channel'), `manager ${i}: orphaned channels`).toEqual([]);
      expect(stats.channels.length, `manager ${i}: channels`).toBe(channelsPerClient);
      expect(stats.clientChannels, `manager ${i}: realtime-js channels`).toBe(channelsPerClient);
      expect(stats.channels.every((ch) => ch.state === 'joined' && ch.subscribers === 1), `manager ${i}: channel states`).toBe(true);
    }
    expect(serverStats.sockets, 'server sockets (one per manager)').toBe(CLIENTS);
    expect(serverStats.channels.reduce((n, ch) => n + ch.subscribers, 0), 'server-side channel joins').toBe(CLIENTS * channelsPerClient);
    expect(heapEnd - heapStart, 'heap growth').toBeLessThan(HEAP_BOUND_BYTES);
    expect(report.recoveries.length, 'recoveries measured').toBeGreaterThan(0);
  } finally {
    process.off('unhandledRejection', onUnhandled);
    await writer.stop();
    await Promise.all(clients.map((c) => c.destroy()));
  }
}
