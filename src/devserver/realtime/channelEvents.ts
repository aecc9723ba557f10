import { checkChannelToken } from './channelToken';
import { expireChannel } from './joinChannel';
import type { InboundFrame } from './serializer';
import type { BroadcastMessage, JoinedChannel, RealtimeHub, SocketPort } from './sessionContracts';

const isMap = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Sends a broadcast to every channel on the topic; `sender` is skipped unless it set `self`. */
export function fanOutBroadcast(hub: RealtimeHub, topicKey: string, message: BroadcastMessage, sender?: JoinedChannel): void {
  for (const target of hub.channelsOn(topicKey)) {
    if (target === sender && !sender.config.self) continue;
    target.socket.sendBroadcast(target, message);
  }
}

/**
 * A client broadcast (text or binary kind 3); acknowledged only when the channel asked for `ack`.
 * On a private channel the first send asks the INSERT policies and the answer is kept for the
 * channel's life; a refused send is dropped without any reply, even with `ack`, as on the real
 * server. Sends wait in order behind that first check.
 */
export function handleBroadcast(socket: SocketPort, channel: JoinedChannel, frame: InboundFrame): void {
  const body = isMap(frame.payload) ? frame.payload : {};
  const event = typeof body.event === 'string' ? body.event : '';
  const message: BroadcastMessage = { event, payload: body.payload ?? {} };
  if (body.meta !== undefined) message.meta = body.meta;
  if (frame.binary) message.binary = frame.binary;
  const send = () => {
    fanOutBroadcast(socket.hub, channel.key, message, channel);
    if (channel.config.ack) socket.reply(frame, 'ok', {});
  };
  if (!channel.config.isPrivate) return send();
  channel.canWrite ??= socket.hub.canWritePrivate(channel.claims, channel.subTopic).catch(() => false);
  const allowed = channel.canWrite;
  channel.sendQueue = channel.sendQueue.then(async () => {
    if ((await allowed) && !channel.closed) send();
  });
}

/** `track` / `untrack`: reply, then the `presence_diff` to every presence-enabled channel on the topic. */
export function handlePresence(socket: SocketPort, channel: JoinedChannel, frame: InboundFrame): void {
  const body = isMap(frame.payload) ? frame.payload : {};
  const { presence } = socket.hub;
  let diff;
  if (body.event === 'track') {
    if (!isMap(body.payload)) {
      socket.reply(frame, 'error', { reason: 'Presence track payload must be a map' });
      return;
    }
    channel.presenceEnabled = true;
    diff = presence.track(channel.key, channel.presenceKey, channel, body.payload);
  } else if (body.event === 'untrack') {
    diff = presence.untrack(channel.key, channel.presenceKey, channel);
  } else {
    socket.reply(frame, 'error', {});
    return;
  }
  socket.reply(frame, 'ok', {});
  if (!diff) return;
  for (const other of socket.hub.channelsOn(channel.key)) {
    if (other.presenceEnabled) other.socket.sendPresenceDiff(other, diff);
  }
}

/**
 * A new token for a joined channel (docs/realtime-protocol.md, "Tokens"): the same token, null and `sb_…` keys
 * are ignored; otherwise it is verified and private access re-checked. No reply either way;
 * a failure is a `system` error and `phx_close`.
 */
export async function handleAccessToken(socket: SocketPort, channel: JoinedChannel, frame: InboundFrame): Promise<void> {
  const token = isMap(frame.payload) ? frame.payload.access_token : undefined;
  if (typeof token !== 'string' || token === '' || token === channel.token || token.startsWith('sb_')) return;
  const { hub } = socket;
  const check = checkChannelToken(token, hub.jwtSecret, hub.expired);
  if (!check.ok) {
    socket.closeChannel(channel, { extension: 'system', message: check.message });
    return;
  }
  if (channel.config.isPrivate && !(await hub.canReadPrivate(check.claims, channel.subTopic))) {
    socket.closeChannel(channel, {
      extension: 'system',
      message: `You no longer have permission to read from this Channel topic: ${channel.subTopic}`,
    });
    return;
  }
  if (channel.closed) return;
  channel.token = token;
  channel.claims = check.claims;
  channel.canWrite = undefined; // the new claims get their own INSERT check on the next send
  channel.armExpiry(() => expireChannel(channel));
}
