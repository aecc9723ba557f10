import { announceSubscribed } from './announceSubscribed';
import { ChannelSession, readChannelConfig } from './channelSession';
import { checkChannelToken } from './channelToken';
import { parseBinding } from './postgresBinding';
import type { InboundFrame } from './serializer';
import { MAX_CHANNELS_PER_SOCKET, type JoinedChannel, type SocketPort } from './sessionContracts';
import { loadReplay, readReplayParams, sendReplay, type ReplayRow } from './replayMessages';
import { validateBindings } from './validateBindings';
import { randomUUID } from 'node:crypto';

/**
 * `phx_join` as Supabase Realtime answers it (docs/realtime-protocol.md, "Join"): error replies carry
 * `<Code>: <message>` after the channel-error backoff; an OK reply lists the postgres
 * bindings with ids; then `presence_state` (if presence is on) and the postgres `system`
 * message. Filter and table problems do not fail the join: they arrive as a `system` error.
 */
export async function joinChannel(socket: SocketPort, frame: InboundFrame): Promise<void> {
  const { hub } = socket;
  hub.stats.joins++;
  const { topic } = frame;
  if (!topic.startsWith('realtime:')) {
    socket.reply(frame, 'error', { reason: 'unmatched topic' });
    return;
  }
  // A second join on a joined topic closes the old channel first (Phoenix rule).
  const existing = socket.channels.get(topic);
  if (existing) socket.closeChannel(existing);
  socket.joining.set(topic, frame.joinRef);

  const fail = (reason: string) => {
    if (socket.joining.get(topic) === frame.joinRef) socket.joining.delete(topic);
    // The real server sleeps CHANNEL_ERROR_BACKOFF_MS (5 s) before an error reply; ours is short.
    socket.later(hub.channelErrorBackoffMs, () => socket.reply(frame, 'error', { reason }));
  };

  const forced = hub.faults.takeJoinFailure();
  if (forced !== undefined) return fail(forced);
  const subTopic = topic.slice('realtime:'.length);
  if (subTopic === '') return fail('TopicNameRequired: You must provide a topic name');
  // Joins still being checked count too: the channel is only added after the awaits below,
  // so a burst of joins would otherwise all pass this check. `joining` already holds this one.
  const inUse = socket.channels.size + socket.joining.size - 1;
  if (inUse >= MAX_CHANNELS_PER_SOCKET) return fail('ChannelRateLimitReached: Too many channels');

  const payload = (frame.payload && typeof frame.payload === 'object' ? frame.payload : {}) as Record<string, unknown>;
  const given = payload.access_token;
  // Like the server: a missing, empty or `sb_…` (opaque API key) token means "use the apikey".
  const token = typeof given === 'string' && given !== '' && !given.startsWith('sb_') ? given : socket.apikey;
  const check = checkChannelToken(token, hub.jwtSecret, hub.expired);
  if (!check.ok) return fail(check.reason);

  const config = readChannelConfig(payload);
  const replay = config.replay === undefined ? undefined : readReplayParams(config.replay, config.isPrivate);
  if (replay && !replay.ok && !config.isPrivate) return fail(replay.reason);
  if (config.isPrivate && !(await hub.canReadPrivate(check.claims, subTopic))) {
    return fail(`Unauthorized: You do not have permissions to read from this Channel topic: ${subTopic}`);
  }
  if (replay && !replay.ok) return fail(replay.reason);
  let replayed: ReplayRow[] = [];
  if (replay?.ok) {
    try {
      replayed = await loadReplay(hub.db, subTopic, replay.since, replay.limit);
    } catch {
      return fail('UnableToReplayMessages: Realtime was unable to replay messages');
    }
  }

  const rawBindings = (payload.config as { postgres_changes?: unknown } | undefined)?.postgres_changes;
  const list: unknown[] = Array.isArray(rawBindings) ? rawBindings : [];
  const parsed = list.map(parseBinding);
  const bindings = parsed.flatMap((p) => (p.ok ? [p.binding] : []));
  const parseError = parsed.find((p) => !p.ok);
  // Checked before the reply, so a client that writes right after SUBSCRIBED sees its change.
  const pgError = parseError && !parseError.ok ? parseError.message : await validateBindings(hub.db, bindings);

  if (socket.closed || socket.joining.get(topic) !== frame.joinRef) return; // superseded while checking
  socket.joining.delete(topic);
  const channel = new ChannelSession({
    socket,
    topic,
    joinRef: frame.joinRef,
    config,
    presenceKey: config.presenceKey || randomUUID(),
    token,
    claims: check.claims,
    bindings: pgError ? [] : bindings,
  });
  // With a ready delay the bindings stay inactive until announceSubscribed sends the ok.
  const readyDelayMs = hub.faults.readyDelayMs;
  channel.bindingsActive = !pgError && bindings.length > 0 && readyDelayMs <= 0;
  if (replay?.ok) channel.replayedIds = new Set(replayed.map((row) => row.id));
  socket.channels.set(topic, channel);
  hub.register(channel);

  // The reply echoes each binding as sent, plus its id; realtime-js matches them by position.
  const reply = list.map((params, i) => {
    const p = parsed[i]!;
    return { ...(params && typeof params === 'object' ? params : {}), id: p.ok ? p.binding.id : 0 };
  });
  socket.reply(frame, 'ok', { postgres_changes: reply });
  channel.armExpiry(() => expireChannel(channel));
  if (channel.presenceEnabled) {
    socket.push({ joinRef: channel.joinRef, ref: null, topic, event: 'presence_state', payload: hub.presence.state(channel.key) });
  }
  sendReplay(channel, replayed);
  // The dev server's "replication connection" (the change feed) is up once the server is.
  if (config.replicationReady) socket.sendSystem(channel, 'system', 'ok', 'Replication connection established');
  if (list.length > 0) {
    if (pgError) socket.sendSystem(channel, 'postgres_changes', 'error', pgError);
    else announceSubscribed(channel, readyDelayMs);
  }
}

/** At `exp` (or when the expire fault hits): the `system` error, then `phx_close`; the socket stays open. */
export function expireChannel(channel: JoinedChannel): void {
  const { socket } = channel;
  const faultAgo = socket.hub.expired.secondsAgo(channel.token);
  const exp = typeof channel.claims.exp === 'number' ? channel.claims.exp : Math.floor(Date.now() / 1000);
  const ago = faultAgo ?? Math.max(0, Math.floor(Date.now() / 1000) - exp);
  socket.closeChannel(channel, { extension: 'system', message: `Token has expired ${ago} seconds ago` });
}
