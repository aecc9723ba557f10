import type { DevServer } from '../../src/devserver/types';
import type { ChaosClient } from './chaosClient';
import type { SeededRandom } from './chaosRandom';

export const FAULT_KINDS = [
  'close 1000',
  'close 1011',
  'abrupt drop',
  'heartbeat stall',
  'blackhole',
  'refused connections',
  'failed joins',
  'expired tokens',
  'latency',
  'offline/online',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The kinds the soak draws from. `blackhole` (half-open sockets) is opt-in with
 * CHAOS_BLACKHOLE=1: its runs (CHAOS_SEED=189148994, 2618404609, 3745320657) left clients
 * "connected" on dead sockets, because phoenix drops its close handler after a heartbeat
 * timeout whose close handshake a half-open socket never completes. The manager now drops
 * such a socket itself (test/core/heartbeatTimeoutHalfOpen.test.ts); it joins the default
 * soak once more seeded runs have passed.
 */
export const SOAK_FAULT_KINDS: readonly FaultKind[] = FAULT_KINDS.filter((k) => k !== 'blackhole' || process.env.CHAOS_BLACKHOLE === '1');

/** What a run of random faults did and how the clients recovered. */
export interface FaultReport {
  faults: Record<FaultKind, number>;
  /** ms from a fault's injection until every client was connected with every subscription joined again. */
  recoveries: number[];
  /** Faults followed by the next one before the clients had recovered (no time recorded). */
  overlapped: number;
  /** Faults the clients never noticed (e.g. a latency spike): no recovery to measure. */
  unnoticed: number;
  /** Server `phx_join`s per measured recovery, all clients together. */
  joinsPerRecovery: number[];
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Injects a random fault every 1–3 s until `untilMs` (epoch), and measures each recovery:
 * from injection until the clients were seen unhealthy and then all healthy again.
 */
export async function runRandomFaults(server: DevServer, clients: readonly ChaosClient[], untilMs: number, random: SeededRandom): Promise<FaultReport> {
  const { pick, between } = random;
  const report: FaultReport = {
    faults: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
    recoveries: [],
    overlapped: 0,
    unnoticed: 0,
    joinsPerRecovery: [],
  };
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
  };
  let generation = 0;
  while (Date.now() < untilMs) {
    const kind = pick(SOAK_FAULT_KINDS);
    report.faults[kind]++;
    const injectedAt = Date.now();
    const joinsBefore = server.stats().joins;
    inject(kind);
    const mine = ++generation;
    const next = Math.min(untilMs, injectedAt + between(1000, 3000));
    void watchRecovery(mine, injectedAt, joinsBefore);
    await sleep(Math.max(0, next - Date.now()));
  }
  generation++;
  for (const t of timers) clearTimeout(t);
  // Undo the timed faults that were still running.
  server.faults.reset();
  for (const c of clients) c.environment.setOnline(true);
  return report;

  async function watchRecovery(mine: number, injectedAt: number, joinsBefore: number): Promise<void> {
    let sawUnhealthy = false;
    for (;;) {
      await sleep(20);
      if (mine !== generation) {
        if (sawUnhealthy) report.overlapped++;
        else report.unnoticed++;
        return;
      }
      const healthy = clients.every((c) => c.healthy());
      if (!healthy) sawUnhealthy = true;
      else if (sawUnhealthy) {
        report.recoveries.push(Date.now() - injectedAt);
        report.joinsPerRecovery.push(server.stats().joins - joinsBefore);
        return;
      }
    }
  }

  function inject(kind: FaultKind): void {
    switch (kind) {
      case 'close 1000':
        return server.faults.close({ code: 1000, reason: 'chaos' });
      case 'close 1011':
        return server.faults.close({ code: 1011, reason: 'chaos' });
      case 'abrupt drop':
        return server.faults.close({ abrupt: true });
      case 'heartbeat stall':
        return server.faults.stallHeartbeats(between(1500, 3500));
      case 'blackhole':
        // Half-open sockets (a laptop that slept): only the clients' heartbeats can notice.
        server.faults.blackhole(between(1500, 5000));
        return;
      case 'refused connections':
        // Refusal only matters to reconnects: drop everybody into it.
        server.faults.refuse(between(300, 1500));
        return server.faults.close({ abrupt: true });
      case 'failed joins':
        // Fail some of the rejoins that follow a drop.
        server.faults.failJoins(between(1, 6));
        return server.faults.close({ code: 1011, reason: 'chaos' });
      case 'expired tokens':
        // As if the clock passed every token's `exp`: the next token each client asks for is new.
        for (const c of clients) c.tokenExpired();
        return server.faults.expireTokens();
      case 'latency': {
        server.faults.latency(between(50, 400));
        return later(between(500, 2000), () => server.faults.latency(0));
      }
      case 'offline/online': {
        const targets = clients.filter(() => random.next() < 0.5);
        const chosen = targets.length > 0 ? targets : [pick(clients)];
        for (const c of chosen) c.environment.setOnline(false);
        return later(between(300, 1500), () => {
          for (const c of chosen) c.environment.setOnline(true);
        });
      }
    }
  }
}
