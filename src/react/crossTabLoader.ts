import type { SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeManagerOptions } from '../core/manager/realtimeManagerTypes';
import { sharedRealtimeManager, type SharedManager } from '../core/sharedRealtimeManager';

type CrossTabModule = typeof import('../crossTab/sharedCrossTabManager');

let loaded: CrossTabModule | null = null;
let loading: Promise<void> | null = null;
let failed = false;

/**
 * Tabs can share a socket only with BroadcastChannel in a real browser page. Server rendering,
 * Node and jsdom (whose BroadcastChannel would be Node's, shared by every test in a process)
 * keep a socket per tab, silently.
 */
function canShareAcrossTabs(): boolean {
  if (typeof window === 'undefined' || typeof document === 'undefined' || typeof BroadcastChannel !== 'function') return false;
  return !(typeof navigator !== 'undefined' && /jsdom/i.test(navigator.userAgent ?? ''));
}

/**
 * The provider's manager when `options.crossTab` is set. The cross-tab code is a separate
 * chunk loaded here on first use, so apps without the option never download it; until it has
 * loaded, the provider suspends (the promise is cached at module level because React drops
 * the state of a render that suspended). If it cannot load, the tab keeps its own socket.
 */
export function crossTabManager(client: SupabaseClient, options: RealtimeManagerOptions): SharedManager {
  if (failed || !canShareAcrossTabs()) {
    const { crossTab: _crossTab, ...rest } = options;
    return sharedRealtimeManager(client, rest);
  }
  if (loaded) return loaded.sharedCrossTabManager(client, options);
  loading ??= import('../crossTab/sharedCrossTabManager').then(
    (module) => {
      loaded = module;
    },
    () => {
      failed = true;
    },
  );
  throw loading;
}
