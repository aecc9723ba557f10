import type { SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeManagerOptions } from '../core/manager/realtimeManagerTypes';
import type { SharedManager } from '../core/sharedRealtimeManager';
import { CrossTabManager } from './crossTabManager';

/** One cross-tab manager per client in this tab, shared by its providers like `sharedRealtimeManager`. */
const live = new WeakMap<SupabaseClient, CrossTabManager>();

/**
 * The entry of the cross-tab chunk, loaded by `<RealtimeProvider>` only when `crossTab` is
 * set: the client's cross-tab manager in this tab, created with `options` by the first provider.
 */
export function sharedCrossTabManager(client: SupabaseClient, options: RealtimeManagerOptions): SharedManager {
  const existing = live.get(client);
  if (existing && !existing.destroyed) return { manager: existing, providerOwned: true };
  const manager: CrossTabManager = new CrossTabManager(client, options, () => {
    if (live.get(client) === manager) live.delete(client);
  });
  live.set(client, manager);
  return { manager, providerOwned: true };
}
