import type { ChannelSubscriber, SharedChannelConfig } from './sharedChannelTypes';
import type { ChannelStats, ErrorClassification, SubscriptionStatus } from './types';

/** One shared channel as `getStats()` shows it (built on demand, never per event). */
export function channelStats(
  topic: string,
  config: SharedChannelConfig,
  status: SubscriptionStatus,
  subscribers: ReadonlySet<ChannelSubscriber>,
  joinedAt: number | null,
  events: number,
  error: ErrorClassification | null,
): ChannelStats {
  const state: ChannelStats['state'] =
    status === 'joined' ? 'joined' : status === 'errored' ? 'errored' : status === 'joining' || status === 'rejoining' ? 'joining' : 'closed';
  const labels = [...new Set([...subscribers].map((s) => s.label).filter((l): l is string => !!l))];
  const kind = config.kind === 'postgres' ? 'postgres_changes' : 'room';
  return { topic, kind, state, subscribers: subscribers.size, labels, joinedAt, events, error };
}
