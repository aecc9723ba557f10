import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import backend from 'virtual:realtime-demo-backend';

export { backend };

/** Fault routes of the dev server (`POST /__devserver/faults/<name>`). */
export type FaultName = 'close' | 'stall-heartbeats' | 'refuse' | 'fail-joins' | 'expire-tokens' | 'latency' | 'reset';

let clientCount = 0;

/**
 * A browser supabase-js client for the demo backend, with the browser's own WebSocket.
 * Each client gets its own auth storage key so two "users" can sit side by side in one
 * page without sharing a session (and without supabase-js warning about it).
 */
export function createDemoClient(label = 'demo', realtime: { heartbeatIntervalMs?: number } = {}): SupabaseClient {
  clientCount += 1;
  return createClient(backend.url, backend.anonKey, {
    realtime,
    auth: {
      persistSession: false,
      autoRefreshToken: false,
      detectSessionInUrl: false,
      storageKey: `realtime-demo-${label}-${clientCount}`,
    },
  });
}

/** Inject a fault into the embedded dev server. Fails clearly against a real project. */
export async function injectFault(name: FaultName, body: Record<string, unknown> = {}): Promise<void> {
  if (!backend.devServer) {
    throw new Error('Fault injection needs the embedded dev server; unset SUPABASE_URL and SUPABASE_ANON_KEY to use it.');
  }
  const response = await fetch(`${backend.url}/__devserver/faults/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`Fault "${name}" failed: HTTP ${response.status} ${await response.text()}`);
}

/** The dev server's counters (`GET /__devserver/stats`), or null against a real project. */
export async function fetchServerStats(): Promise<{
  sockets: number;
  joins: number;
  leaves: number;
  channels: { topic: string; subscribers: number }[];
} | null> {
  if (!backend.devServer) return null;
  const response = await fetch(`${backend.url}/__devserver/stats`);
  if (!response.ok) throw new Error(`Dev server stats failed: HTTP ${response.status}`);
  return response.json();
}

/** A list id no other story or test run shares, so each demo starts empty. */
export function freshListId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
