import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { DevServer } from '../src/devserver/types';

/** Outgoing `phx_join` frames seen by one client's transport, per topic. */
export class JoinCounter {
  readonly perTopic = new Map<string, number>();
  get total(): number {
    let n = 0;
    for (const c of this.perTopic.values()) n += c;
    return n;
  }
  /** Joins beyond the first for each topic. */
  get duplicates(): number {
    return this.total - this.perTopic.size;
  }
  reset(): void {
    this.perTopic.clear();
  }
  record(frame: unknown): void {
    if (typeof frame !== 'string') return;
    let topic: unknown;
    let event: unknown;
    try {
      const parsed: unknown = JSON.parse(frame);
      if (Array.isArray(parsed)) [, , topic, event] = parsed as unknown[];
      else if (parsed && typeof parsed === 'object') ({ topic, event } = parsed as { topic?: unknown; event?: unknown });
    } catch {
      return;
    }
    if (event === 'phx_join' && typeof topic === 'string') this.perTopic.set(topic, (this.perTopic.get(topic) ?? 0) + 1);
  }
}

export interface BenchClient {
  client: SupabaseClient;
  joins: JoinCounter;
}

/**
 * A real supabase-js client on the dev server, with the `ws` transport wrapped only to count
 * the `phx_join` frames it sends (per topic, so duplicate joins are visible).
 */
let clients = 0;

export function createBenchClient(server: Pick<DevServer, 'url' | 'anonKey'>): BenchClient {
  const joins = new JoinCounter();
  class CountingWebSocket extends WebSocket {
    override send(data: unknown, ...rest: unknown[]): void {
      joins.record(data);
      (super.send as (...args: unknown[]) => void)(data, ...rest);
    }
  }
  const client = createClient(server.url, server.anonKey, {
    // A storage key per client: several auth clients in one process are expected here.
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false, storageKey: `bench-${++clients}` },
    realtime: { transport: CountingWebSocket as never },
  });
  return { client, joins };
}
