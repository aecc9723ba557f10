import type { RealtimeChannel } from '@supabase/supabase-js';
import { classifyRealtimeError } from '../errors/classifyRealtimeError';
import { keepSocketWithoutChannels } from '../realtimeSocketHooks';
import type { ChannelParts, ChannelView } from './channelParts';
import { markClosedByServer, markJoined } from './joinHistory';

/** The callback realtime-js calls with a join's outcome: `SUBSCRIBED`, `CHANNEL_ERROR`, `TIMED_OUT` or `CLOSED`. */
type SubscribeCallback = NonNullable<Parameters<RealtimeChannel['subscribe']>[0]>;

/**
 * The `subscribe()` callback of one realtime-js instance: what a join reply, a join error or
 * timeout, and a server close mean for the shared channel. `isCurrent` says whether `instance`
 * is still the channel's instance (replies of a replaced instance are ignored).
 */
export function joinReplyHandler<Channel extends ChannelView>(parts: ChannelParts<Channel>, instance: RealtimeChannel, isCurrent: () => boolean): SubscribeCallback {
  const { channel, host, readiness, replay } = parts;
  return (status, err) => {
    if (!isCurrent()) return;
    switch (status) {
      case 'SUBSCRIBED': {
        parts.joinedAt = host.now();
        if (readiness) {
          // Not live yet: the server subscribes to the database after this reply.
          if (!readiness.live) parts.setStatus(parts.hasJoined ? 'rejoining' : 'joining', parts.bindingError ? channel.error : null);
          readiness.joinReplied();
          return;
        }
        const gap = markJoined(parts);
        parts.setStatus('joined', null);
        // A Broadcast from Database channel recovers through replay; it refetches only when
        // this join could not ask for one (see BroadcastReplay).
        const refetch = replay ? replay.joined(host.now(), gap) : gap;
        if (refetch) host.channelGap(channel, [...parts.subscribers]);
        return;
      }
      case 'CHANNEL_ERROR':
      case 'TIMED_OUT': {
        // realtime-js rejoins this instance; the server subscribes again and sends a new ok.
        wentDown(parts);
        const joinRejected = !!(err && (err as Error & { cause?: { reason?: unknown } }).cause?.reason);
        const classification = err ? classifyRealtimeError(err) : classifyRealtimeError(new Error(`join timed out on ${channel.topic}`));
        // Only refusals we recognise as fatal (permission, private-only, tenant…) are parked.
        // A reason we cannot classify may be transient (the real server has many such codes),
        // so it keeps realtime-js's own rejoin backoff rather than stranding the channel.
        if (joinRejected && !classification.retryable && classification.category !== 'unknown') {
          // phoenix has already armed its rejoin timer (1, 2, 5, 10 s…), which would repeat
          // the same refusal forever: remove the instance (its leave resets the timer) and
          // report once. The failure policy recreates the channel after an auth change or reconnect().
          parts.detach();
          void host.client
            .removeChannel(instance)
            .then(() => {
              if (!channel.disposed) keepSocketWithoutChannels(host.client.realtime);
            })
            .catch(() => {});
          parts.setStatus('errored', classification);
          host.channelRefused(channel, classification);
          return;
        }
        // realtime-js rejoins this instance by itself (socket reopen or its rejoin timer,
        // with its own backoff), e.g. after a rate limit or a transient server error.
        parts.setStatus(joinRejected ? 'errored' : 'rejoining', classification);
        return;
      }
      case 'CLOSED': {
        // Only a server `phx_close` reaches here: our own removals drop the instance first.
        markClosedByServer(parts, channel.status === 'joined', host.now());
        wentDown(parts);
        const reason = parts.closeReason;
        parts.detach();
        instance.teardown();
        parts.setStatus('closed', reason ? classifyRealtimeError(new Error(reason)) : channel.error);
        host.channelClosedByServer(channel, reason);
        return;
      }
    }
  };
}

/** The postgres bindings are live: clear a binding error and recover what the wait may have missed. */
export function postgresLive<Channel extends ChannelView>(parts: ChannelParts<Channel>): void {
  markJoined(parts);
  parts.bindingError = null;
  parts.bindingFailures = 0;
  // Data read before this moment (a first load, or the cache from before an outage) may lack
  // changes committed while the server was still subscribing: recover once, on every join.
  // Before the status, so whoever sees `joined` already sees the refetch under way.
  parts.host.channelGap(parts.channel, [...parts.subscribers]);
  parts.setStatus('joined', null);
}

/**
 * The channel went down (socket drop, join error or timeout, server close): the next join may
 * be a gap, the readiness wait starts over, and replay notes when the gap began.
 */
export function wentDown<Channel extends ChannelView>(parts: ChannelParts<Channel>): void {
  parts.wasDown = true;
  parts.readiness?.reset();
  parts.replay?.wentDown(parts.host.now());
}
