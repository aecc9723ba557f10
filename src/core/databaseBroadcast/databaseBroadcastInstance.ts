import type { RealtimeChannel, SupabaseClient } from '@supabase/supabase-js';
import type { BroadcastReplay } from './broadcastReplay';
import type { BroadcastMessage } from './normaliseBroadcastChange';

/**
 * A fresh realtime-js instance for a Broadcast from Database topic: always private
 * (`broadcast_changes` sends only private messages), with the replay the tracker asks for, and
 * one `broadcast` binding for every event (subscribers filter by operation, so different
 * `event`s share one join).
 */
export function createDatabaseBroadcastInstance(
  client: SupabaseClient,
  name: string,
  replay: BroadcastReplay,
  now: number,
  onMessage: (message: BroadcastMessage) => void,
): RealtimeChannel {
  const request = replay.joinConfig(now);
  const channel = client.channel(name, { config: { private: true, broadcast: request ? { replay: request } : {} } });
  channel.on('broadcast', { event: '*' }, (message) => onMessage(message as unknown as BroadcastMessage));
  return channel;
}
