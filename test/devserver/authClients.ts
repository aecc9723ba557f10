import { createClient, type SupabaseClient } from '@supabase/supabase-js';
import WebSocket from 'ws';
import type { DevServer } from '../../src/devserver/types';

/** A Storage for auth-js that lives in memory, so a second client can share it like a second page load. */
export function memoryStorage(): { getItem(key: string): string | null; setItem(key: string, value: string): void; removeItem(key: string): void } {
  const items = new Map<string, string>();
  return {
    getItem: (key) => items.get(key) ?? null,
    setItem: (key, value) => void items.set(key, value),
    removeItem: (key) => void items.delete(key),
  };
}

/**
 * Real supabase-js clients signed in through the dev server's `/auth/v1`, as an app sets them
 * up (auto refresh, persisted session). `stopAll()` stops their refresh timers and channels.
 */
export function authClients(server: () => Pick<DevServer, 'url' | 'anonKey'>) {
  const made: SupabaseClient[] = [];
  return {
    create(storage = memoryStorage()): SupabaseClient {
      const { url, anonKey } = server();
      const client = createClient(url, anonKey, {
        auth: { autoRefreshToken: true, persistSession: true, detectSessionInUrl: false, storage },
        realtime: { transport: WebSocket as never },
      });
      made.push(client);
      return client;
    },
    async stopAll(): Promise<void> {
      await Promise.all(
        made.splice(0).map(async (client) => {
          await client.auth.stopAutoRefresh();
          await client.removeAllChannels();
        }),
      );
    },
  };
}

let counter = 0;
/** A fresh email per call, so tests on one server never collide. */
export const uniqueEmail = (label: string) => `${label}-${process.pid}-${++counter}@example.com`;
