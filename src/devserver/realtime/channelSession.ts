import type { JwtClaims } from '../types';
import type { PostgresBinding } from './postgresBinding';
import type { ChannelConfig, JoinedChannel, SocketPort } from './sessionContracts';


/** Reads a join payload's config leniently, with realtime-js's defaults. */
export function readChannelConfig(payload: unknown): ChannelConfig {
  const config = (payload as { config?: Record<string, unknown> } | undefined)?.config ?? {};
  const broadcast = (config.broadcast ?? {}) as Record<string, unknown>;
  const presence = (config.presence ?? {}) as Record<string, unknown>;
  return {
    self: broadcast.self === true,
    ack: broadcast.ack === true,
    presenceKey: typeof presence.key === 'string' ? presence.key : '',
    presenceEnabled: presence.enabled === true,
    isPrivate: config.private === true,
    replay: broadcast.replay,
    replicationReady: broadcast.replication_ready === true,
  };
}

/**
 * One joined channel on one socket. Private and public channels with the same name are
 * different topics on the real server, hence `key`.
 */
export class ChannelSession implements JoinedChannel {
  /** The socket that joined this channel; all delivery goes through it. */
  readonly socket: SocketPort;
  readonly topic: string;
  readonly subTopic: string;
  readonly joinRef: string | null;
  readonly key: string;
  readonly config: ChannelConfig;
  readonly presenceKey: string;
  presenceEnabled: boolean;
  token: string;
  claims: JwtClaims;
  /** Bindings from the join; they only receive changes once the database accepted them. */
  readonly bindings: PostgresBinding[];
  bindingsActive = false;
  /** Changes with this id or lower were committed before the subscription went live (ready delay). */
  liveAfterChangeId = 0;
  closed = false;
  /** Ids of `realtime.messages` rows sent by replay; their live copies are not sent again. */
  replayedIds: Set<string> | undefined;
  /** Whether INSERT policies let this channel send (private channels; asked on the first send, then kept). */
  canWrite: Promise<boolean> | undefined;
  /** Client broadcasts wait here while `canWrite` is being answered, so they keep their order. */
  sendQueue: Promise<void> = Promise.resolve();
  #expiryTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(init: {
    socket: SocketPort;
    topic: string;
    joinRef: string | null;
    config: ChannelConfig;
    presenceKey: string;
    token: string;
    claims: JwtClaims;
    bindings: PostgresBinding[];
  }) {
    this.socket = init.socket;
    this.topic = init.topic;
    this.subTopic = init.topic.slice('realtime:'.length);
    this.joinRef = init.joinRef;
    this.config = init.config;
    this.key = channelKey(init.topic, init.config.isPrivate);
    this.presenceKey = init.presenceKey;
    this.presenceEnabled = init.config.presenceEnabled;
    this.token = init.token;
    this.claims = init.claims;
    this.bindings = init.bindings;
  }

  /**
   * Calls `onExpire` when the token's `exp` passes. The real server re-checks every
   * min(5 min, time left); one timer at `exp` gives the same outcome. Timers beyond
   * setTimeout's 24.8-day range are not armed.
   */
  armExpiry(onExpire: () => void): void {
    this.clearExpiry();
    const exp = typeof this.claims.exp === 'number' ? this.claims.exp * 1000 : undefined;
    if (exp === undefined) return;
    const wait = exp - Date.now() + 1;
    if (wait > 2_147_483_647) return;
    this.#expiryTimer = setTimeout(onExpire, Math.max(0, wait));
  }

  clearExpiry(): void {
    if (this.#expiryTimer) clearTimeout(this.#expiryTimer);
    this.#expiryTimer = undefined;
  }
}

export const channelKey = (topic: string, isPrivate: boolean) => (isPrivate ? `private:${topic}` : topic);
