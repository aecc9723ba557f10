import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { DevServer } from '../../src/devserver/types';

export interface TestClientOptions {
  /** API key; the dev server's anon key by default. */
  key?: string;
  /** A user JWT used for REST and realtime instead of the key's claims, or a function giving one (called on every refresh). */
  accessToken?: string | (() => string | Promise<string>);
  /** Extra realtime options (heartbeatIntervalMs, timeout, vsn, …). */
  realtime?: Record<string, unknown>;
}

/**
 * A real supabase-js client for the dev server. Node's built-in WebSocket does not
 * work under jsdom, so the `ws` package is passed as transport.
 */
export function createTestClient(server: Pick<DevServer, 'url' | 'anonKey'>, options: TestClientOptions = {}): SupabaseClient {
  const key = options.key ?? server.anonKey;
  return createClient(server.url, key, {
    auth: { persistSession: false, autoRefreshToken: false, detectSessionInUrl: false },
    realtime: { transport: WebSocket as never, ...options.realtime },
    ...(options.accessToken ? { accessToken: async () => (typeof options.accessToken === 'function' ? options.accessToken() : options.accessToken!) } : {}),
  });
}
