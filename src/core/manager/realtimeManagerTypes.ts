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
  /** Network, visibility and timers; defaults to the browser's when present. */
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
  track(state: State): Promise<'ok' | 'error' | 'timed out'>;
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
  /** Subscribe to `postgres_changes`. Identical specs share one channel and one join. */
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
  /** Close every channel and the socket; the manager cannot be used afterwards. */
  destroy(): Promise<void>;
  readonly destroyed: boolean;
}

/**
 * @deprecated Use `RealtimeManager`: the one interface of the manager. Kept as an alias so
 * code written against the old name still compiles.
 */
export type RealtimeManagerContract = RealtimeManager;
