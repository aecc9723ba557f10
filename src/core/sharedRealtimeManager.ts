import type { SupabaseClient } from '@supabase/supabase-js';
import { createRealtimeManager } from './manager/createRealtimeManager';
import type { RealtimeManager, RealtimeManagerOptions } from './manager/realtimeManagerTypes';
import { liveManagerOf, markProviderShared } from './managerRegistry';

/** A manager for `<RealtimeProvider client>` and whether providers own it. */
export interface SharedManager {
  manager: RealtimeManager;
  /**
   * True when the manager was created for providers: each provider holds it with `retain()`
   * and it is destroyed a grace period after the last one unmounts (the manager reads this
   * from the registry when its last retain is released). False for a manager the
   * app created itself with `createRealtimeManager` (providers use it, never destroy it).
   */
  providerOwned: boolean;
}

/**
 * The client's live manager, or a new one created with `options`. Every
 * `<RealtimeProvider client={sameClient}>` gets the same manager (options of later providers
 * are ignored). Creating one has no side effects, so this is safe during render.
 */
export function sharedRealtimeManager(client: SupabaseClient, options?: RealtimeManagerOptions): SharedManager {
  const existing = liveManagerOf<RealtimeManager>(client);
  if (existing) return { manager: existing.manager, providerOwned: existing.providerShared };
  const manager = createRealtimeManager(client, options);
  markProviderShared(client, manager);
  return { manager, providerOwned: true };
}
