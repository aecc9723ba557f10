import { BroadcastReplay } from '../databaseBroadcast/broadcastReplay';
import { createPostgresReadiness } from '../postgresReadiness';
import type { ChannelSubscriber, SharedChannelConfig } from '../sharedChannelTypes';
import type { ErrorClassification, SubscriptionStatus } from '../types';
import type { ChannelHost } from './channelHost';
import type { ChannelParts, ChannelView } from './channelParts';
import { newJoinHistory } from './joinHistory';
import { postgresLive } from './joinReply';

/**
 * A new channel's parts: an empty join history and system-message state, the readiness wait
 * of a postgres_changes channel and the replay of a Broadcast from Database channel, and the
 * two changes only the channel itself can make (`setStatus`, `detach`).
 */
export function createChannelParts<Channel extends ChannelView>(
  channel: Channel,
  config: SharedChannelConfig,
  host: ChannelHost<Channel>,
  subscribers: ReadonlySet<ChannelSubscriber>,
  setStatus: (status: SubscriptionStatus, error: ErrorClassification | null) => void,
  detach: () => void,
): ChannelParts<Channel> {
  const parts: ChannelParts<Channel> = {
    ...newJoinHistory(),
    closeReason: null,
    bindingError: null,
    bindingFailures: 0,
    channel,
    host,
    subscribers,
    readiness: config.kind === 'postgres' ? createPostgresReadiness(host, host.postgresReadyTimeoutMs, () => postgresLive(parts)) : null,
    replay: config.kind === 'database-broadcast' ? new BroadcastReplay() : null,
    setStatus,
    detach,
  };
  return parts;
}
