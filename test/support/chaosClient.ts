import { randomUUID } from 'node:crypto';
import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import { QueryClient } from '@tanstack/query-core';
import WebSocket from 'ws';
import { createRealtimeManager } from '../../src/core/manager/createRealtimeManager';
import type { RealtimeManager } from '../../src/core/manager/realtimeManagerTypes';
import { getOptimisticLedger, type OptimisticLedger } from '../../src/core/optimisticLedger';
import type { SubscriptionHandle } from '../../src/core/subscriptionHandle';
import type { PostgresChangesPayload } from '../../src/core/types';
import type { DevServer } from '../../src/devserver/types';
import { createSwitchableEnvironment, type SwitchableEnvironment } from './chaosEnvironment';
import { ChaosRowView, type ChaosItem } from './chaosRowView';

/** A row of `chaos_mutations`: one optimistic insert made by one client. */
export interface ChaosMutation {
  id: string;
  manager: number;
  seq: number;
}

/** Buckets of `chaos_items`; each client subscribes to every bucket separately plus the whole table. */
export const CHAOS_BUCKETS = 3;

export const CHAOS_SCHEMA = /* sql */ `
create table public.chaos_items (id int primary key, bucket int not null, version int not null, body text not null);
alter table public.chaos_items replica identity full;
create table public.chaos_mutations (id uuid primary key, manager int not null, seq int not null);
`;

/**
 * One soak participant: its own supabase-js client (own socket), a realtime manager with short
 * timings, a whole-table view, one view per bucket (filtered subscriptions), and a list of its
 * own optimistic inserts kept in a TanStack QueryClient through the optimistic ledger.
 */
export class ChaosClient {
  readonly index: number;
  readonly client: SupabaseClient;
  readonly manager: RealtimeManager;
  readonly environment: SwitchableEnvironment;
  readonly views: { name: string; bucket: number | null; view: ChaosRowView; handle: SubscriptionHandle }[] = [];
  readonly queryClient = new QueryClient();
  readonly ledger: OptimisticLedger;
  readonly mutationKey: readonly unknown[];
  /** Mutations whose write was acknowledged by the server. */
  readonly acknowledged = new Set<string>();
  mutationsFailed = 0;
  mutationEventDuplicates = 0;
  #server: DevServer;
  #token: string | null = null;
  #confirmed = new Map<string, ChaosMutation>();
  #mutationHandle: SubscriptionHandle | null = null;
  #seq = 0;
  #userId = randomUUID();
  #inFlight = new Set<Promise<void>>();

  /** `random` feeds the manager's jitter, so a seeded soak replays it. */
  constructor(server: DevServer, index: number, random: () => number) {
    this.#server = server;
    this.index = index;
    this.environment = createSwitchableEnvironment(random);
    this.client = createClient(server.url, server.anonKey, {
      auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
      realtime: { transport: WebSocket as never, heartbeatIntervalMs: 1000, timeout: 3000 },
      accessToken: async () => (this.#token ??= server.signJwt({ role: 'authenticated', sub: this.#userId, jti: randomUUID() })),
    });
    this.manager = createRealtimeManager(this.client, {
      gracePeriodMs: 200,
      backoff: { baseMs: 100, maxMs: 1500 },
      circuitBreaker: { failureThreshold: 10, cooldownMs: 1000 },
      connectTimeoutMs: 3000,
      rejoinSpreadMs: 100,
      environment: this.environment,
    });
    this.ledger = getOptimisticLedger(this.queryClient);
    this.mutationKey = ['chaos_mutations', index];
  }

  /** The user's token passed its expiry (the server's expire fault): the next `accessToken()` call mints a new one. */
  tokenExpired(): void {
    this.#token = null;
  }

  start(): void {
    this.manager.connect();
    const buckets: (number | null)[] = [null, ...Array.from({ length: CHAOS_BUCKETS }, (_, b) => b)];
    for (const bucket of buckets) {
      const view = new ChaosRowView(async () => {
        let query = this.client.from('chaos_items').select('*');
        if (bucket !== null) query = query.eq('bucket', bucket);
        const { data, error } = await query;
        if (error) throw new Error(error.message);
        return data as ChaosItem[];
      });
      const handle = this.manager.subscribe({
        table: 'chaos_items',
        filter: bucket === null ? undefined : `bucket=eq.${bucket}`,
        label: bucket === null ? 'all' : `bucket ${bucket}`,
        onChange: view.onChange,
        onResubscribe: () => void view.resync(),
      });
      this.views.push({ name: bucket === null ? 'all' : `bucket=${bucket}`, bucket, view, handle });
    }
    this.queryClient.setQueryData(this.mutationKey, []);
    this.#mutationHandle = this.manager.subscribe({
      table: 'chaos_mutations',
      event: 'INSERT',
      filter: `manager=eq.${this.index}`,
      onChange: (payload: PostgresChangesPayload) => {
        const row = payload.new as unknown as ChaosMutation;
        if (this.#seenEvents.has(row.id)) this.mutationEventDuplicates++;
        this.#seenEvents.add(row.id);
        this.#confirm([row]);
      },
      onResubscribe: () => void this.#resyncMutations(),
    });
  }

  #seenEvents = new Set<string>();

  /** Initial load of every view (after the first join). */
  async load(): Promise<void> {
    await Promise.all([...this.views.map((v) => v.view.resync()), this.#resyncMutations()]);
  }

  /** Every subscription joined and the socket connected. */
  healthy(): boolean {
    if (this.manager.health.getSnapshot().status !== 'connected') return false;
    return this.handles().every((h) => h.getSnapshot().status === 'joined');
  }

  /** What is not healthy, for a failure message: the health status and each subscription's. */
  describeHealth(): string {
    const health = this.manager.health.getSnapshot();
    const subs = this.handles().map((h) => h.getSnapshot().status);
    const stats = this.manager.getStats();
    const socket = this.client.realtime as unknown as { isConnected(): boolean; channels: { topic: string; state: string }[] };
    const raw = socket.channels.map((c) => `${c.topic.slice(-6)}:${c.state}`).join(', ');
    return `manager ${this.index}: ${health.status} (socket ${socket.isConnected() ? 'open' : 'closed'}, realtime-js channels [${raw}]) (circuit ${health.circuit}, attempts ${health.reconnectAttempts}, last error ${health.lastError?.code ?? 'none'}), subscriptions [${subs.join(', ')}], channels [${stats.channels.map((c) => `${c.topic.slice(-6)}:${c.state}`).join(', ')}]`;
  }

  handles(): SubscriptionHandle[] {
    return [...this.views.map((v) => v.handle), ...(this.#mutationHandle ? [this.#mutationHandle] : [])];
  }

  /** An optimistic insert: shown at once through the ledger, written through REST (idempotent retries). */
  mutate(): Promise<void> {
    const row: ChaosMutation = { id: randomUUID(), manager: this.index, seq: ++this.#seq };
    const layer = this.ledger.add<ChaosMutation[], ChaosMutation>({
      queryKeys: [this.mutationKey],
      variables: row,
      apply: (current, v) => (current ?? []).some((r) => r.id === v.id) ? current : [...(current ?? []), v],
      conflict: 'server-wins',
      identity: { getRowKey: (r) => r.id },
      isConfirmed: (confirmed, v) => (confirmed ?? []).some((r) => r.id === v.id),
      confirmTimeoutMs: 5000,
      owner: this,
    });
    const run = (async () => {
      for (let attempt = 0; attempt < 10; attempt++) {
        const { error } = await this.client.from('chaos_mutations').upsert(row, { onConflict: 'id', ignoreDuplicates: true });
        if (!error) {
          this.acknowledged.add(row.id);
          this.ledger.succeed(layer, [row]);
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      this.mutationsFailed++;
      this.ledger.fail(layer);
    })();
    this.#inFlight.add(run);
    void run.finally(() => this.#inFlight.delete(run));
    return run;
  }

  /** Resolves when no mutation write is in flight. */
  async settleMutations(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.all([...this.#inFlight]);
  }

  /** What the app would render for its mutation list: the QueryClient's (layered) data. */
  mutationList(): ChaosMutation[] {
    return (this.queryClient.getQueryData(this.mutationKey) as ChaosMutation[] | undefined) ?? [];
  }

  async #resyncMutations(): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const { data, error } = await this.client.from('chaos_mutations').select('*').eq('manager', this.index);
      if (!error) return this.#confirm(data as ChaosMutation[]);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Server truth reaches the cache as the app would write it; the ledger re-layers pending inserts on top. */
  #confirm(rows: ChaosMutation[]): void {
    let changed = false;
    for (const row of rows) {
      if (!this.#confirmed.has(row.id)) {
        this.#confirmed.set(row.id, { id: row.id, manager: row.manager, seq: row.seq });
        changed = true;
      }
    }
    if (changed) this.queryClient.setQueryData(this.mutationKey, [...this.#confirmed.values()]);
  }

  async destroy(): Promise<void> {
    await this.settleMutations();
    await this.manager.destroy();
    this.queryClient.clear();
  }

  get server(): DevServer {
    return this.#server;
  }
}
