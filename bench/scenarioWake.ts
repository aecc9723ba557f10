import { createRealtimeManager } from '../src/index';
import type { PageEvent, RealtimeEnvironment } from '../src/index';
import type { DevServer } from '../src/devserver/types';
import type { BenchRow } from './benchRow';
import { createBenchClient } from './createBenchClient';
import { median, spread } from './median';
import { sleep, waitFor } from './waitFor';

const BLACKHOLE_MS = 60_000;
const VISIBLE_AFTER_MS = 5000;
const WRITE_EVERY_MS = 500;
const TARGET_MS = 4000;

/**
 * Scenario 5: a tab wakes on a half-open socket. realtime-js's default heartbeat (25 s), a
 * 60 s blackhole (no frames either way, no close), the page becomes visible 5 s in, and a row
 * is written every 500 ms. Measures the time from `visible` to the first change delivered:
 * raw supabase-js with the docs pattern (`channel().on('postgres_changes', …).subscribe()`)
 * against this package, both on the same server during the same blackhole, `runs` times.
 */
export async function scenarioWake(server: DevServer, runs: number): Promise<BenchRow[]> {
  const raw: number[] = [];
  const pkg: number[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await runOnce(server);
    raw.push(result.raw);
    pkg.push(result.pkg);
    console.error(`bench: wake run ${i + 1}/${runs}: raw ${result.raw} ms, package ${result.pkg} ms`);
  }
  const scenario = `wake on a half-open socket (25 s heartbeat, 60 s blackhole), median of ${runs}`;
  return [
    { scenario, metric: '`visible` → first change delivered (ms)', raw: median(raw), pkg: median(pkg), target: `≤ ${TARGET_MS}`, met: median(pkg) <= TARGET_MS },
    { scenario, metric: 'spread (min–max, ms)', raw: spread(raw), pkg: spread(pkg), target: '—' },
  ];
}

async function runOnce(server: DevServer): Promise<{ raw: number; pkg: number }> {
  const rawClient = createBenchClient(server).client;
  const pkgClient = createBenchClient(server).client;
  const page = createBenchPage();
  const manager = createRealtimeManager(pkgClient, { environment: page.environment });
  let visibleAt = Infinity;
  let rawFirst = Infinity;
  let pkgFirst = Infinity;
  let rawJoined = false;
  rawClient
    .channel('wake-raw')
    .on('postgres_changes', { event: 'INSERT', schema: 'public', table: 'items' }, () => {
      if (performance.now() >= visibleAt && rawFirst === Infinity) rawFirst = performance.now();
    })
    .subscribe((status) => {
      if (status === 'SUBSCRIBED') rawJoined = true;
    });
  const sub = manager.subscribe({
    table: 'items',
    event: 'INSERT',
    onChange: () => {
      if (performance.now() >= visibleAt && pkgFirst === Infinity) pkgFirst = performance.now();
    },
  });
  let writing = true;
  try {
    await waitFor(() => rawJoined && sub.getSnapshot().status === 'joined', 'both sides joined');
    page.hide();
    server.faults.blackhole(BLACKHOLE_MS);
    const writer = (async () => {
      while (writing) {
        await server.sql(`insert into items (bucket) values (0)`);
        await sleep(WRITE_EVERY_MS);
      }
    })();
    await sleep(VISIBLE_AFTER_MS);
    visibleAt = performance.now();
    page.show();
    await waitFor(() => rawFirst !== Infinity && pkgFirst !== Infinity, 'the first change after `visible` on both sides', BLACKHOLE_MS + 60_000);
    writing = false;
    await writer;
    return { raw: Math.round(rawFirst - visibleAt), pkg: Math.round(pkgFirst - visibleAt) };
  } finally {
    writing = false;
    sub.unsubscribe();
    await manager.destroy();
    await rawClient.removeAllChannels();
    await rawClient.realtime.disconnect();
    server.faults.reset();
  }
}

/** The page's visibility, driven by the scenario (Node has no document). */
function createBenchPage() {
  const listeners = new Set<(event: PageEvent) => void>();
  let visible = true;
  const set = (next: boolean) => {
    visible = next;
    for (const l of [...listeners]) l(next ? 'visible' : 'hidden');
  };
  const environment: Partial<RealtimeEnvironment> = {
    isVisible: () => visible,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { environment, hide: () => set(false), show: () => set(true) };
}
