import type { NormalisedPostgresBinding } from './channelTopic';
import type { PostgresChangesPayload } from './types';

/** One party interested in a shared channel. Each attach returns its own detach. */
export interface ChannelSubscriber {
  label?: string;
  onPostgres?(payload: PostgresChangesPayload): void;
  onBroadcast?(message: { event: string; payload: unknown; meta?: { id?: string; replayed?: boolean } }): void;
  onPresenceSync?(): void;
  /**
   * The subscriber may have missed events: a room came back after being down, or a
   * postgres_changes join went live (its data may have been read before that moment).
   */
  onGap?(): void;
  /** Status, error or lastEventAt changed. */
  onState?(): void;
}

/** `private` joins with `config.private` (authorised by RLS on `realtime.messages`). */
export type SharedChannelConfig =
  | { kind: 'postgres'; binding: NormalisedPostgresBinding; private?: boolean }
  | { kind: 'room'; presenceKey?: string; private?: boolean }
  /** Broadcast from Database on a private topic, with replay after a gap. */
  | { kind: 'database-broadcast'; private: true };
