import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import backend from 'virtual:realtime-demo-backend';

export { backend };

/** Fault routes of the dev server (`POST /__devserver/faults/<name>`). */
export type FaultName = 'close' | 'stall-heartbeats' | 'refuse' | 'fail-joins' | 'expire-tokens' | 'latency' | 'reset';

/**
 * A browser supabase-js client for the demo backend, configured as an app's would be: the
 * browser's WebSocket, and a session that supabase.auth persists (localStorage) and refreshes.
 * `storageKey` must be unique per client on the page (see DemoClient: story id + label), so
 * two "users" side by side, or two stories on one docs page, never share or overwrite a
 * session (and supabase-js does not warn about clients sharing one).
 */
export function createDemoClient(storageKey: string, realtime: { heartbeatIntervalMs?: number } = {}): SupabaseClient {
  return createClient(backend.url, backend.anonKey, {
    realtime,
    auth: {
      persistSession: true,
      autoRefreshToken: true,
      detectSessionInUrl: false,
      storageKey,
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
