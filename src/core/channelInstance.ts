import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { BroadcastReplay } from './databaseBroadcast/broadcastReplay';
import { createDatabaseBroadcastInstance } from './databaseBroadcast/databaseBroadcastInstance';
import type { BroadcastMessage } from './databaseBroadcast/normaliseBroadcastChange';
import type { SharedChannelConfig } from './sharedChannelTypes';

/**
 * A fresh realtime-js channel instance for `topic`, configured for its kind (bindings are
 * added by the caller, except a Broadcast from Database channel's, which goes to
 * `onDatabaseBroadcast`).
 */
export function createChannelInstance(
  client: SupabaseClient,
  topic: string,
  config: SharedChannelConfig,
  replay: BroadcastReplay | null,
  now: number,
  onDatabaseBroadcast: (message: BroadcastMessage) => void,
): RealtimeChannel {
  // `client.channel(name)` returns an existing instance for a known topic and ignores the new
  // params, so a leftover instance (ours, already dropped) must be gone first.
  const existing = client.getChannels().find((c) => c.topic === `realtime:${topic}`);
  if (existing) {
    if ((existing.state as string) === 'closed') existing.teardown();
    void client.removeChannel(existing);
  }
  const isPrivate = config.private === true;
  if (config.kind === 'database-broadcast') return createDatabaseBroadcastInstance(client, topic, replay!, now, onDatabaseBroadcast);
  if (config.kind === 'postgres') return client.channel(topic, { config: { private: isPrivate } });
  return client.channel(topic, {
    config: { broadcast: { self: true, ack: true }, presence: { key: config.presenceKey ?? '', enabled: true }, private: isPrivate },
  });
}

/** Let go of an instance that is no longer the channel's. */
export function dropChannelInstance(client: SupabaseClient, old: RealtimeChannel): void {
  // A server-closed instance is already out of `client.channels`; tearing it down clears
  // its timers. An instance still registered is removed properly (leave + teardown).
  if ((old.state as string) === 'closed') old.teardown();
  else void client.removeChannel(old);
}
