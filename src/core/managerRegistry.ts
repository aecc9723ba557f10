import type { SupabaseClient } from '@supabase/supabase-js';
import { RealtimeConfigError } from './realtimeConfigError';

interface Registered {
  readonly destroyed: boolean;
}

interface Entry<M extends Registered> {
  manager: M;
  /** Created for `<RealtimeProvider client>`: shared by providers, destroyed after the last one. */
  providerShared: boolean;
}

/**
 * The live manager of each supabase-js client. Why one: realtime-js keeps one channel
 * instance per topic (`client.channel(topic)` returns the existing one), so two managers on
 * one client would fight over the same instances and the second would wait forever for a
 * join the first already made.
 */
const live = new WeakMap<SupabaseClient, Entry<Registered>>();

/** The client's live manager, if any. */
export function liveManagerOf<M extends Registered>(client: SupabaseClient): Entry<M> | undefined {
  const entry = live.get(client) as Entry<M> | undefined;
  if (entry && entry.manager.destroyed) {
    live.delete(client);
    return undefined;
  }
  return entry;
}

/** Record `manager` as the client's manager; refuses a second live one with a typed error. */
export function claimClient(client: SupabaseClient, manager: Registered, providerShared = false): void {
  if (liveManagerOf(client)) {
    throw new RealtimeConfigError(
      'manager-exists',
      'This supabase client already has a live realtime manager. Use that one (pass it to <RealtimeProvider manager={…}>, or let several <RealtimeProvider client={…}> share it), or destroy() it before creating another.',
    );
  }
  live.set(client, { manager, providerShared });
}

/** Forget `manager` (it is being destroyed). */
export function releaseClient(client: SupabaseClient, manager: Registered): void {
  if (live.get(client)?.manager === manager) live.delete(client);
}

/** Mark the client's manager as created for providers (shared and reference-counted by them). */
export function markProviderShared(client: SupabaseClient, manager: Registered): void {
  const entry = live.get(client);
  if (entry?.manager === manager) entry.providerShared = true;
}
