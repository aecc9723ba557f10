import { BINDING_RETRY_MS } from './bindingFailures';
import type { JoinedChannel } from './sessionContracts';

const SUBSCRIBED = 'Subscribed to PostgreSQL';

/**
 * The real server answers a postgres_changes join at once and subscribes afterwards; its
 * `system` ok ("Subscribed to PostgreSQL") marks the moment the subscription is live, and
 * changes committed before it are never delivered (Supabase Realtime realtime_channel.ex,
 * `handle_info(:postgres_subscribe)`). With a ready delay the dev server does the same: the
 * bindings go live together with the ok, and changes already in the log are skipped.
 */
export function announceSubscribed(channel: JoinedChannel, delayMs: number): void {
  const { socket } = channel;
  const failure = socket.hub.faults.bindingFailures.take();
  if (failure !== undefined) {
    // Like the real server after a retryable failure: the error now, another attempt later.
    channel.bindingsActive = false;
    socket.sendSystem(channel, 'postgres_changes', 'error', failure);
    socket.later(Math.max(delayMs, BINDING_RETRY_MS), () => {
      // Through the delayed path: changes committed while it was failing stay undelivered.
      if (!channel.closed) announceSubscribed(channel, 1);
    });
    return;
  }
  if (delayMs <= 0) {
    channel.bindingsActive = true;
    socket.sendSystem(channel, 'postgres_changes', 'ok', SUBSCRIBED);
    return;
  }
  channel.bindingsActive = false;
  socket.later(delayMs, () => {
    if (channel.closed) return;
    void latestChangeId(channel)
      .then((id) => {
        if (channel.closed || socket.closed) return;
        // A change committed before this point may still be on its way through the change
        // feed; the id watermark keeps it out, so "live" means "committed after the ok".
        channel.liveAfterChangeId = id;
        channel.bindingsActive = true;
        socket.sendSystem(channel, 'postgres_changes', 'ok', SUBSCRIBED);
      })
      .catch((error: unknown) => socket.hub.logger.error('realtime: delayed subscribe failed', { topic: channel.topic, error: String(error) }));
  });
}

/** The id of the newest change in the database's change log (see database/bootstrapSql.ts). */
async function latestChangeId(channel: JoinedChannel): Promise<number> {
  const { rows } = await channel.socket.hub.db.query<{ id: string }>('select coalesce(max(id), 0)::text as id from realtime.changes_log');
  return Number(rows[0]?.id ?? 0);
}
