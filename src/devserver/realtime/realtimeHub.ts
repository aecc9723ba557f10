import type { Database, DevServerLogger, JwtClaims } from '../types';
import type { ChannelSession } from './channelSession';
import type { ExpiredTokens } from './expiredTokens';
import type { FaultState } from './faultState';
import type { PresenceRegistry } from './presenceRegistry';
import type { StatsCounter } from './statsCounter';

/** What a socket session needs from the realtime server that owns it. */
export interface RealtimeHub {
  readonly db: Database;
  readonly jwtSecret: string;
  /** The anon and service_role keys: project keys, not user tokens (the expire fault spares them). */
  readonly projectKeys: ReadonlySet<string>;
  readonly faults: FaultState;
  readonly stats: StatsCounter;
  readonly expired: ExpiredTokens;
  readonly presence: PresenceRegistry;
  readonly logger: DevServerLogger;
  /** Delay before a join error reply (the real CHANNEL_ERROR_BACKOFF_MS is 5000). */
  readonly channelErrorBackoffMs: number;
  register(channel: ChannelSession): void;
  unregister(channel: ChannelSession): void;
  channelsOn(topicKey: string): Iterable<ChannelSession>;
  /** Whether `claims` may read the private channel `subTopic`. */
  canReadPrivate(claims: JwtClaims, subTopic: string): Promise<boolean>;
  /** Whether `claims` may send on the private channel `subTopic` (INSERT policies). */
  canWritePrivate(claims: JwtClaims, subTopic: string): Promise<boolean>;
}
