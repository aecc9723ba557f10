import type { SupabaseClient } from '@supabase/supabase-js';
import type { ReactNode } from 'react';
import { createRealtimeManager, RealtimeProvider, type RealtimeManager } from '../src/index';
import type { DevServer } from '../src/devserver/types';
import type { BenchRow } from './benchRow';
import { bucketFilter } from './benchSchema';
import { BenchSink } from './benchSink';
import { createBenchClient } from './createBenchClient';
import { mountRoot } from './mountRoot';
import { PackageSubscriber } from './PackageSubscriber';
import { RawSubscriber } from './RawSubscriber';
import { sleep, waitFor } from './waitFor';

const GRACE_MS = 1500; // the manager's default grace period

/**
 * Scenario 3: `cycles` component mount/unmount cycles, `batch` components at a time over
 * `filters` filters (each batch waits until its channels are joined, then unmounts). Then,
 * once everything had time to settle: channels left (client and server), listeners left, and
 * the heap after a forced GC compared with the heap after the first batch.
 */
export async function scenarioChurn(server: DevServer, cycles: number, batch: number, filters: number): Promise<BenchRow[]> {
  const gc = (globalThis as { gc?: () => void }).gc;
  const scenario = `${cycles.toLocaleString('en-US')} mount/unmount cycles`;
  const raw = await runRaw(server, cycles, batch, filters, gc);
  const pkg = await runPackage(server, cycles, batch, filters, gc);
  const heap = (mb: number | null) => (mb === null ? 'n/a (run with --expose-gc)' : mb);
  return [
    { scenario, metric: 'channels left (client + server)', raw: raw.channels, pkg: pkg.channels, target: '0', met: pkg.channels === 0 },
    { scenario, metric: 'listeners left', raw: raw.listeners, pkg: pkg.listeners, target: '0', met: pkg.listeners === 0 },
    { scenario, metric: 'heap growth after GC (MB)', raw: heap(raw.heapMb), pkg: heap(pkg.heapMb), target: 'flat (< 2 MB)', met: pkg.heapMb === null ? undefined : pkg.heapMb < 2 },
    { scenario, metric: '`phx_join` frames', raw: raw.joins, pkg: pkg.joins, target: '—' },
  ];
}

interface ChurnResult {
  channels: number;
  listeners: number;
  heapMb: number | null;
  joins: number;
}

async function churn(
  server: DevServer,
  cycles: number,
  batch: number,
  gc: (() => void) | undefined,
  render: (round: number) => ReactNode,
  joined: () => boolean,
): Promise<{ heapMb: number | null; joins: number }> {
  const before = server.stats().joins;
  let baseline: number | null = null;
  const rounds = Math.ceil(cycles / batch);
  for (let round = 0; round < rounds; round++) {
    const root = mountRoot(render(round));
    await waitFor(joined, `churn round ${round} joined`);
    root.unmount();
    if (round === 0 && gc) {
      // Baseline after one full round: modules, JIT and the socket already exist.
      await sleep(GRACE_MS + 500);
      gc();
      baseline = process.memoryUsage().heapUsed;
    }
  }
  await sleep(GRACE_MS + 500); // past the grace period: shared channels are left now
  const joins = server.stats().joins - before;
  if (!gc || baseline === null) return { heapMb: null, joins };
  gc();
  await sleep(50);
  gc();
  return { heapMb: Math.round(((process.memoryUsage().heapUsed - baseline) / 1024 / 1024) * 10) / 10, joins };
}

/** Bindings still registered on realtime-js channels. */
function clientBindings(client: SupabaseClient): number {
  let n = 0;
  for (const channel of client.getChannels()) {
    for (const list of Object.values((channel as unknown as { bindings: Record<string, unknown[]> }).bindings ?? {})) n += list.length;
  }
  return n;
}

async function runRaw(server: DevServer, cycles: number, batch: number, filters: number, gc: (() => void) | undefined): Promise<ChurnResult> {
  const { client } = createBenchClient(server);
  const sink = new BenchSink();
  const { heapMb, joins } = await churn(
    server,
    cycles,
    batch,
    gc,
    () => (
      <>
        {Array.from({ length: batch }, (_, i) => (
          <RawSubscriber key={i} client={client} filter={bucketFilter(i % filters)} sink={sink} />
        ))}
      </>
    ),
    () => sink.countStatus('SUBSCRIBED') === batch,
  );
  const channels = client.getChannels().length + server.stats().channels.length;
  const listeners = clientBindings(client);
  await client.removeAllChannels();
  return { channels, listeners, heapMb, joins };
}

async function runPackage(server: DevServer, cycles: number, batch: number, filters: number, gc: (() => void) | undefined): Promise<ChurnResult> {
  const { client } = createBenchClient(server);
  const manager: RealtimeManager = createRealtimeManager(client);
  const release = manager.retain(); // the app's provider stays mounted; only subscribers churn
  const sink = new BenchSink();
  const { heapMb, joins } = await churn(
    server,
    cycles,
    batch,
    gc,
    () => (
      <RealtimeProvider manager={manager}>
        {Array.from({ length: batch }, (_, i) => (
          <PackageSubscriber key={i} filter={bucketFilter(i % filters)} sink={sink} />
        ))}
      </RealtimeProvider>
    ),
    () => {
      const stats = manager.getStats();
      return stats.subscribers === batch && stats.channels.every((c) => c.state === 'joined');
    },
  );
  const stats = manager.getStats();
  const channels = stats.channels.length + stats.clientChannels + server.stats().channels.length;
  const listeners = stats.listeners + clientBindings(client);
  release();
  await manager.destroy();
  return { channels, listeners, heapMb, joins };
}
