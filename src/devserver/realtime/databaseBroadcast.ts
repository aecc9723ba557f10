import type { RowChange } from '../types';
import { channelKey } from './channelSession';
import type { BroadcastMessage, RealtimeHub } from './sessionContracts';

/** A committed `realtime.messages` row, as the replication stream hands it to the real server. */
export interface DatabaseMessage {
  id: string;
  topic: string;
  event: string;
  isPrivate: boolean;
  message: BroadcastMessage;
}

const encoder = new TextEncoder();

/** Whether a change from the feed is an insert into `realtime.messages` (not a table change). */
export const isRealtimeMessage = (change: RowChange) => change.schema === 'realtime' && change.table === 'messages';

/**
 * Reads a `realtime.messages` row. Like the real server, a row without `id`, `topic`, `event`
 * or `private` is not broadcast. `binary_payload` (bytea, `\x…` hex in JSON) wins over
 * `payload`; JSON payloads keep their text so the kind-4 frame carries them unchanged.
 */
export function readDatabaseMessage(row: Record<string, unknown> | null): DatabaseMessage | undefined {
  if (!row) return undefined;
  const { id, topic, event } = row;
  const isPrivate = row.private;
  if (typeof id !== 'string' || typeof topic !== 'string' || typeof event !== 'string' || typeof isPrivate !== 'boolean') {
    return undefined;
  }
  const meta = { id };
  const binary = row.binary_payload;
  if (typeof binary === 'string' && binary.startsWith('\\x')) {
    const bytes = new Uint8Array(Buffer.from(binary.slice(2), 'hex'));
    return { id, topic, event, isPrivate, message: { event, payload: bytes, meta, binary: { encoding: 'binary', bytes } } };
  }
  const payload = row.payload ?? null;
  const bytes = encoder.encode(JSON.stringify(payload));
  return { id, topic, event, isPrivate, message: { event, payload, meta, binary: { encoding: 'json', bytes } } };
}

/**
 * Delivers a committed message to the channels joined on its topic with the same `private`
 * flag (a mismatch is a different topic, so nothing arrives, as on the real server). Channels
 * that already got this id through replay are skipped. vsn 2.0.0 sockets get the binary
 * kind-4 frame with `{"id"}` metadata; vsn 1.0.0 sockets the JSON broadcast.
 */
export function deliverDatabaseMessage(hub: RealtimeHub, message: DatabaseMessage): void {
  const key = channelKey(`realtime:${message.topic}`, message.isPrivate);
  const targets = [...hub.channelsOn(key)].filter((channel) => !channel.replayedIds?.has(message.id));
  for (const target of targets) target.socket.sendBroadcast(target, message.message);
}
