import type { Database, DevServerLogger, JwtClaims } from '../types';
import type { ExpiredTokens } from './expiredTokens';
import type { FaultState } from './faultState';
import type { PostgresBinding } from './postgresBinding';
import type { PresenceDiff, PresenceRegistry } from './presenceRegistry';
import type { InboundFrame, OutboundFrame } from './serializer';
import type { StatsCounter } from './statsCounter';

/*
 * The three parties of the realtime server and what each needs of the others: a joined channel
 * delivers through its socket, a socket belongs to the hub, and the hub routes to channels.
 * They refer to each other, so their contracts live here and the implementations
 * (ChannelSession, SocketSession, RealtimeServer) import only this file, never each other.
 */

/** Phoenix's per-socket channel limit on self-hosted Realtime. */
export const MAX_CHANNELS_PER_SOCKET = 100;

/** The broadcast a channel receives: `{type:'broadcast', event, payload, meta?}`, plus the original binary body if any. */
export interface BroadcastMessage {
  event: string;
  payload: unknown;
  meta?: unknown;
  binary?: { encoding: 'json' | 'binary'; bytes: Uint8Array };
}

/** The parts of a join's `config` the server acts on (docs/realtime-protocol.md, "Join"). */
export interface ChannelConfig {
  self: boolean;
  ack: boolean;
  presenceKey: string;
  presenceEnabled: boolean;
  isPrivate: boolean;
  /** `broadcast.replay` as sent (checked at join time), or undefined. */
  replay?: unknown;
  /** `broadcast.replication_ready`: push the `system` "Replication connection established" after the join. */
  replicationReady: boolean;
}

/** One joined channel on one socket (implemented by ChannelSession). */
export interface JoinedChannel {
  /** The socket that joined this channel; all delivery goes through it. */
  readonly socket: SocketPort;
  readonly topic: string;
  readonly subTopic: string;
  readonly joinRef: string | null;
  /** Private and public channels with the same name are different topics on the real server. */
  readonly key: string;
  readonly config: ChannelConfig;
  readonly presenceKey: string;
  presenceEnabled: boolean;
  token: string;
  claims: JwtClaims;
  /** Bindings from the join; they only receive changes once the database accepted them. */
  readonly bindings: PostgresBinding[];
  bindingsActive: boolean;
  /** Changes with this id or lower were committed before the subscription went live (ready delay). */
  liveAfterChangeId: number;
  closed: boolean;
  /** Ids of `realtime.messages` rows sent by replay; their live copies are not sent again. */
  replayedIds: Set<string> | undefined;
  /** Whether INSERT policies let this channel send (private channels; asked on the first send, then kept). */
  canWrite: Promise<boolean> | undefined;
  /** Client broadcasts wait here while `canWrite` is being answered, so they keep their order. */
  sendQueue: Promise<void>;
  /** Calls `onExpire` when the token's `exp` passes. */
  armExpiry(onExpire: () => void): void;
  clearExpiry(): void;
}

/** A socket as its channels see it (implemented by SocketSession). */
export interface SocketPort {
  readonly apikey: string;
  readonly apikeyClaims: JwtClaims;
  readonly hub: RealtimeHub;
  readonly channels: Map<string, JoinedChannel>;
  /** Topics whose join is in progress, with their join ref. */
  readonly joining: Map<string, string | null>;
  readonly closed: boolean;
  push(frame: OutboundFrame): void;
  reply(frame: InboundFrame, status: 'ok' | 'error', response: unknown): void;
  later(ms: number, fn: () => void): void;
  sendSystem(channel: JoinedChannel, extension: string, status: 'ok' | 'error', message: string): void;
  sendBroadcast(channel: JoinedChannel, message: BroadcastMessage): void;
  sendPresenceDiff(channel: JoinedChannel, diff: PresenceDiff): void;
  closeChannel(channel: JoinedChannel, system?: { extension: string; message: string }): void;
}

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
  register(channel: JoinedChannel): void;
  unregister(channel: JoinedChannel): void;
  channelsOn(topicKey: string): Iterable<JoinedChannel>;
  /** Whether `claims` may read the private channel `subTopic`. */
  canReadPrivate(claims: JwtClaims, subTopic: string): Promise<boolean>;
  /** Whether `claims` may send on the private channel `subTopic` (INSERT policies). */
  canWritePrivate(claims: JwtClaims, subTopic: string): Promise<boolean>;
}
