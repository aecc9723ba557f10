import type { Database } from '../types';
import type { JoinedChannel } from './sessionContracts';

/** The real server's hard cap on replayed messages per join (`Realtime.Messages`). */
export const REPLAY_HARD_LIMIT = 25;

export type ReplayParams = { ok: true; since: number; limit: number } | { ok: false; reason: string };

/**
 * Checks `config.broadcast.replay` like the real server, which reads the raw params: `since`
 * (Unix milliseconds) must be an integer; `limit` defaults to 25 and is clamped to 1..25.
 * Public channels cannot replay.
 */
export function readReplayParams(replay: unknown, isPrivate: boolean): ReplayParams {
  if (!isPrivate) return { ok: false, reason: 'UnableToReplayMessages: Replay is not allowed for public channels' };
  const params = (replay && typeof replay === 'object' ? replay : {}) as { since?: unknown; limit?: unknown };
  const limit = params.limit ?? REPLAY_HARD_LIMIT;
  if (!Number.isInteger(params.since) || !Number.isInteger(limit)) {
    return { ok: false, reason: 'UnableToReplayMessages: Replay params are not valid' };
  }
  return { ok: true, since: params.since as number, limit: Math.max(Math.min(limit as number, REPLAY_HARD_LIMIT), 1) };
}

export interface ReplayRow {
  id: string;
  event: string | null;
  payload: string | null;
  binary_hex: string | null;
}

// The newest `limit` private broadcasts of the topic since `since`, then oldest first. No RLS
// per row: the join's read check already passed, as on the real server.
const REPLAY_SQL = /* sql */ `
select id::text as id, event, payload::text as payload, encode(binary_payload, 'hex') as binary_hex from (
  select * from realtime.messages
  where topic = $1 and private is true and extension = 'broadcast'
    and inserted_at >= to_timestamp($2::double precision / 1000)::timestamp
    and inserted_at < (now() + interval '1 minute')::timestamp
  order by inserted_at desc limit $3
) newest order by inserted_at asc`;

/** The messages to replay, oldest first (read before the join reply, as the real server does). */
export async function loadReplay(db: Database, subTopic: string, since: number, limit: number): Promise<ReplayRow[]> {
  return (await db.query<ReplayRow>(REPLAY_SQL, [subTopic, since, limit])).rows;
}

/**
 * Sends replayed messages to a just-joined channel, after its join reply: each a `broadcast`
 * push with `meta: {replayed: true, id}`. The channel's `replayedIds` (set at join) keeps
 * live copies of these ids from being sent twice.
 */
export function sendReplay(channel: JoinedChannel, rows: ReplayRow[]): void {
  for (const row of rows) {
    const event = row.event ?? '';
    const meta = { replayed: true, id: row.id };
    if (row.binary_hex !== null) {
      const bytes = new Uint8Array(Buffer.from(row.binary_hex, 'hex'));
      channel.socket.sendBroadcast(channel, { event, payload: bytes, meta, binary: { encoding: 'binary', bytes } });
    } else {
      const payload: unknown = row.payload === null ? null : JSON.parse(row.payload);
      channel.socket.push({
        joinRef: channel.joinRef,
        ref: null,
        topic: channel.topic,
        event: 'broadcast',
        payload: { type: 'broadcast', event, payload, meta },
      });
    }
  }
}
