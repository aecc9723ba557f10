import type { SubscriptionHandle } from '../subscriptionHandle';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import type {
  BackoffOptions,
  CircuitBreakerOptions,
  ConnectionHealth,
  ExternalStore,
  ManagerStats,
  PostgresSubscriptionSpec,
  SubscriptionState,
} from '../types';

export interface RealtimeManagerOptions {
  /** How long a channel without subscribers is kept before it is left, ms (default 1500). */
  gracePeriodMs?: number;
  /** Most channels at once; Supabase's default per-connection limit is 100 (default 100). */
  maxChannels?: number;
  /** Socket reconnect backoff with full jitter (defaults 1 s, ×2, 30 s cap). */
  backoff?: BackoffOptions;
  /** Consecutive failed connects before pausing (defaults 5 failures, 30 s cooldown). */
  circuitBreaker?: CircuitBreakerOptions;
  /** A connect attempt that neither opens nor fails in this time counts as failed (default 10000). */
  connectTimeoutMs?: number;
  /** Window over which channels waiting for the socket are joined after it opens, ms (default 500). */
  rejoinSpreadMs?: number;
  /**
   * How long a check waits for its heartbeat's answer, ms (default 2000). The manager checks the
   * socket when the page becomes visible, comes online, is restored from the back/forward cache
   * or wakes from sleep; unanswered, the socket is dropped and reconnected (docs/core.md).
   */
  probeTimeoutMs?: number;
  /**
   * Leave the socket once the page has been hidden this long, ms (default: never). It comes
   * back when the page is visible again, and every channel runs gap recovery.
   */
  hiddenDisconnectAfterMs?: number;
  /**
   * A postgres_changes subscription is `joined` once the server says "Subscribed to
   * PostgreSQL", not at the join reply. A server that never says it (older self-hosted
   * Realtime) is treated as live after this many ms, with gap recovery (default 10000).
   */
  postgresReadyTimeoutMs?: number;
  /** Network, visibility, page restores, sleep detection and timers; defaults to the browser's when present. */
  environment?: Partial<RealtimeEnvironment>;
  /** Invalidates TanStack Query keys after a gap (the provider wires its QueryClient here). */
  invalidateQueries?: (queryKey: readonly unknown[]) => unknown;
  /**
   * Share one socket among the tabs of this origin (docs/cross-tab.md): one tab leads and
   * holds the socket, the others forward over BroadcastChannel. Read by `<RealtimeProvider>`,
   * which loads the cross-tab code only when this is set; without Web Locks or
   * BroadcastChannel (SSR, old browsers, Node) each tab keeps its own socket.
   */
  crossTab?: boolean | CrossTabOptions;
}

/** Options of `crossTab` (docs/cross-tab.md). */
export interface CrossTabOptions {
  /** Keeps apps on one origin apart; default derived from the Supabase URL. */
  key?: string;
  /** A leader hidden this long yields to a visible tab, ms (default 10000). */
  hiddenHandoverMs?: number;
  /** Presence members: one per tab (default) or one per user. */
  presence?: 'tab' | 'user';
}

/** Options of a broadcast or presence channel. */
export interface RoomOptions {
  /**
   * Join as a private channel (`config.private`): the server lets only users whose RLS
   * policies on `realtime.messages` allow the topic in; a refusal is a `permission` error.
   * Part of the channel's identity: the same name cannot be used public and private at once.
   */
  private?: boolean;
}

/** Options of `retain()`. */
export interface RetainOptions {
  /**
   * Keep the socket connecting (backoff and circuit breaker as usual) while retained, even
   * with nothing subscribed: a close is then retried instead of leaving the manager dormant.
   * The ErrorBoundary retains this way while it waits for a reconnect.
   */
  keepConnected?: boolean;
}

/** A broadcast binding: its status store, `send` and its own release. */
export interface BroadcastHandle extends ExternalStore<SubscriptionState> {
  readonly topic: string;
  send(payload: unknown): Promise<'ok' | 'error' | 'timed out'>;
  unsubscribe(): void;
}

export interface PresenceSnapshot<State = Record<string, unknown>> {
  status: SubscriptionState['status'];
  /** Presence key → the states tracked under it. */
  members: Readonly<Record<string, readonly State[]>>;
}

/** A presence binding: a store of members, `track` and its own release. */
export interface PresenceHandle<State = Record<string, unknown>> extends ExternalStore<PresenceSnapshot<State>> {
  readonly topic: string;
  /** Track this client's state; the same state again on the same join sends nothing. */
  track(state: State): Promise<'ok' | 'error' | 'timed out'>;
  /** Stop tracking this handle's state (others see this client leave); `'ok'` when nothing was tracked. */
  untrack(): Promise<'ok' | 'error' | 'timed out'>;
  /** Release this handle; the last presence handle of a channel untracks this client's state. */
  unsubscribe(): void;
}

/** Counters beyond `ManagerStats`, for the benchmark and leak checks. */
export interface RealtimeManagerStats extends ManagerStats {
  /** Subscribers across all channels. */
  subscribers: number;
  /** Listeners on the manager's stores plus realtime-js channels still registered. */
  listeners: number;
  /** Channels realtime-js still holds (ours and anybody else's). */
  clientChannels: number;
  /** Socket reconnects after a drop, since creation. */
  reconnects: number;
  /** `subscribe()` calls on fresh channel instances, since creation (one per join we started). */
  channelJoins: number;
  /** Batched health notifications sent. */
  healthNotifications: number;
}

/**
 * What an event-log entry records: `status` (public status changed: `{ from, to, state }`),
 * `reconnect` (`{ total }`), `fault` (a socket close code, heartbeat timeout or connect failure:
 * `{ code, category, message }`), `heartbeat` (`{ latencyMs }`), `channel-join`,
 * `channel-state` (`{ status }`), `channel-error` (`{ category, action, code, message }`),
 * `channel-leave`, `subscribers` (`{ from, to }`) and `payload` (`{ payload }`, redacted).
 */
export type ManagerEventType =
  | 'status'
  | 'reconnect'
  | 'fault'
  | 'heartbeat'
  | 'channel-join'
  | 'channel-state'
  | 'channel-error'
  | 'channel-leave'
  | 'subscribers'
  | 'payload';

/** One entry of `manager.events`, shared by its listeners (do not mutate it). Never holds a token, key or password. */
export interface ManagerEvent {
  /** `environment.now()` when it was recorded (epoch ms by default). */
  readonly at: number;
  readonly type: ManagerEventType;
  /** The channel's topic, for channel events. */
  readonly topic: string | undefined;
  readonly detail: Readonly<Record<string, unknown>>;
}

/**
 * `manager.events`: the last `capacity` (500) events, oldest first, for devtools or your own
 * diagnostics. Payload samples (`type: 'payload'`) are recorded only while someone is
 * subscribed, with `access_token`, `apikey`, passwords and JWT-looking strings removed.
 */
export interface ManagerEventLog {
  readonly capacity: number;
  /** Whether a listener is subscribed (payloads are sampled only then). */
  readonly listening: boolean;
  /** A copy of the buffer, oldest first. */
  entries(): ManagerEvent[];
  /** Called synchronously with each new entry; returns the unsubscribe. */
  subscribe(listener: (event: ManagerEvent) => void): () => void;
}

/** The connection manager of one supabase-js client (see `createRealtimeManager`). */
export interface RealtimeManager {
  /** Connection health; `useConnectionHealth` and the ErrorBoundary read it. */
  readonly health: ExternalStore<ConnectionHealth>;
  /** Open the socket (idempotent). A subscription does this by itself. */
  connect(): void;
  /**
   * Try to connect now (skips a pending backoff, an open circuit or an auth failure), and
   * rejoin channels the server closed or refused (e.g. a permission refusal after the app
   * changed the policies); a refused join is otherwise retried only after an auth change.
   * A socket that looks connected is checked with one heartbeat (as when the page becomes
   * visible) and replaced if no answer comes within `probeTimeoutMs`: a half-open socket.
   */
  reconnect(): void;
  /**
   * Keep the manager in use (and connect) until the returned release is called; releasing
   * twice is harmless. A manager created by `<RealtimeProvider client>` is destroyed a grace
   * period after its last release (so StrictMode's unmount/remount keeps everything); a manager
   * you created is only ever destroyed by your `destroy()`. Without `keepConnected`, a close
   * while nothing is subscribed leaves the manager dormant until the next subscription.
   */
  retain(options?: RetainOptions): () => void;
  /**
   * Subscribe to `postgres_changes`, or with `topic` to Broadcast from Database on that private
   * topic (same payload shape). Identical specs share one channel and one join; with `topic`,
   * every subscriber of the topic shares it.
   */
  subscribe<Row = Record<string, unknown>>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' }): SubscriptionHandle;
  /** Listen to one broadcast event on a named channel; `send` broadcasts it. */
  broadcast(channel: string, event: string, onMessage?: (payload: unknown) => void, options?: RoomOptions): BroadcastHandle;
  /** Join a named channel's presence, optionally tracking `myState`. */
  presence<State extends Record<string, unknown> = Record<string, unknown>>(channel: string, myState?: State, options?: RoomOptions): PresenceHandle<State>;
  /** Wire (or unwire) TanStack Query invalidation for gap recovery. */
  setQueryInvalidator(invalidate: ((queryKey: readonly unknown[]) => unknown) | null): void;
  /**
   * Add an invalidator that takes precedence until its release is called (the most recent one
   * still added wins). For several providers sharing one manager: one unmounting does not
   * unwire the others.
   */
  addQueryInvalidator(invalidate: (queryKey: readonly unknown[]) => unknown): () => void;
  /** Refresh the session token and push it to realtime; false when the refresh failed. */
  refreshAuth(): Promise<boolean>;
  getStats(): RealtimeManagerStats;
  /** The event log: status changes, reconnects, faults, channel joins/leaves/errors, payload samples. */
  readonly events: ManagerEventLog;
  /**
   * A development aid: act as if this tab went offline (`true`) or came back (`false`), without
   * touching the real network or other clients. Offline, the socket closes and nothing retries;
   * back online, it reconnects at once. (A real `online` event from the browser meanwhile is
   * still obeyed.)
   */
  simulateOffline(offline: boolean): void;
  /** Whether `simulateOffline(true)` is in effect. */
  readonly simulatedOffline: boolean;
  /**
   * A development aid: leave the channel `topic` as if the server had closed it. Its subscribers
   * see it closed, and the manager treats it as any server close: it rejoins after a backoff
   * delay, and parks the channel after repeated closes in a row (`reconnect()` then rejoins it).
   * Unknown topics throw `RealtimeConfigError`.
   */
  leaveChannel(topic: string): void;
  /**
   * Close every channel and the socket; the manager cannot be used afterwards. A manager created
   * on the client before this resolves keeps the socket (docs/core.md, "React").
   */
  destroy(): Promise<void>;
  readonly destroyed: boolean;
}

/**
 * @deprecated Use `RealtimeManager`: the one interface of the manager. Kept as an alias so
 * code written against the old name still compiles.
 */
export type RealtimeManagerContract = RealtimeManager;
