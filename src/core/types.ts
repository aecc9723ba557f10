/**
 * Public contracts of the framework-agnostic core. No React here.
 * Implementations live in files named after what they export.
 */

// ---------------------------------------------------------------------------
// Error classification (classifyError.ts)
// ---------------------------------------------------------------------------

export type ErrorCategory =
  | 'connection'
  | 'timeout'
  | 'constraint'
  | 'transaction'
  | 'permission'
  | 'auth'
  | 'rate-limit'
  | 'not-found'
  | 'query'
  | 'unknown';

export type ErrorAction =
  | 'retry'
  | 'fix-data'
  | 'check-network'
  | 'reauthenticate'
  | 'none'
  | 'contact-admin';

export interface ErrorClassification {
  category: ErrorCategory;
  retryable: boolean;
  action: ErrorAction;
  /** Safe to show to a person. */
  userMessage: string;
  /** For logs: never contains a token, an API key or row values. */
  technicalMessage: string;
  /** SQLSTATE, PostgREST code, HTTP status, close code or realtime reason code. */
  code?: string;
  constraint?: string;
  field?: string;
  retryAfterMs?: number;
}

// ---------------------------------------------------------------------------
// Backoff and circuit breaker
// ---------------------------------------------------------------------------

export interface BackoffOptions {
  /** First delay ceiling in ms (default 1000). */
  baseMs?: number;
  /** Growth per attempt (default 2). */
  factor?: number;
  /** Largest delay in ms (default 30000). */
  maxMs?: number;
}

export interface CircuitBreakerOptions {
  /** Consecutive failed connects before the circuit opens (default 5). */
  failureThreshold?: number;
  /** How long the circuit stays open before one half-open probe, ms (default 30000). */
  cooldownMs?: number;
}

export type CircuitState = 'closed' | 'open' | 'half-open';

// ---------------------------------------------------------------------------
// Health (healthStore.ts)
// ---------------------------------------------------------------------------

export type ConnectionStatus =
  | 'initial'
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'disconnected'
  | 'offline'
  /** The session ended (refresh token refused or revoked): the user must sign in again. */
  | 'needs-auth';

export interface HealthError {
  code: string;
  reason: string;
  category: ErrorCategory;
  at: number;
}

/** Immutable; the same object is returned until something changes. */
export interface ConnectionHealth {
  status: ConnectionStatus;
  /** Last heartbeat round trip, ms. */
  latencyMs: number | null;
  lastHeartbeatAt: number | null;
  lastMessageAt: number | null;
  reconnectAttempts: number;
  /** Epoch ms of the next scheduled connect attempt, when one is scheduled. */
  nextRetryAt: number | null;
  lastError: HealthError | null;
  circuit: CircuitState;
  /**
   * Why the session ended, classified (category `auth`, action `reauthenticate`), while
   * `status` is `needs-auth`; null otherwise.
   */
  authError: ErrorClassification | null;
  channels: { total: number; joined: number; joining: number; errored: number };
  subscribers: number;
  /** 0–100; formula documented in healthScore.ts and the README. */
  score: number;
  /** With the `crossTab` option: this tab's role and the tabs sharing the socket (docs/cross-tab.md). */
  crossTab?: { role: 'leader' | 'follower'; tabs: number };
}

export interface ExternalStore<T> {
  getSnapshot(): T;
  subscribe(listener: () => void): () => void;
}

// ---------------------------------------------------------------------------
// Subscriptions
// ---------------------------------------------------------------------------

export type PostgresChangeEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE';

export type SubscriptionStatus = 'idle' | 'joining' | 'joined' | 'rejoining' | 'errored' | 'closed';

export interface PostgresChangesPayload<Row = Record<string, unknown>> {
  schema: string;
  table: string;
  /**
   * When the change was committed (ISO 8601). Always present on `postgres_changes`; absent on
   * Broadcast from Database (`topic`) unless the trigger puts one in the message.
   */
  commit_timestamp?: string;
  eventType: 'INSERT' | 'UPDATE' | 'DELETE';
  new: Partial<Row>;
  old: Partial<Row>;
  errors: string[] | null;
}

export interface PostgresSubscriptionSpec<Row = Record<string, unknown>> {
  kind: 'postgres_changes';
  schema?: string;
  table: string;
  event?: PostgresChangeEvent;
  filter?: string;
  /** Explicit channel name; derived deterministically from the config when omitted. */
  channel?: string;
  /**
   * Listen to Broadcast from Database on this private topic (the one your trigger sends to,
   * e.g. `todos:${listId}`) instead of `postgres_changes`. Implies `private: true`; excludes
   * `channel` and `filter`. `event` is matched against the message's operation.
   */
  topic?: string;
  /**
   * Join as a private channel (`config.private`): the server checks the user's RLS policies on
   * `realtime.messages` for the topic. Part of the channel's identity.
   */
  private?: boolean;
  /** Name shown in stats and devtools. */
  label?: string;
  onChange?: (payload: PostgresChangesPayload<Row>) => void;
  /**
   * Gap recovery: called when events may have been missed — each time the subscription goes
   * live (the server's "Subscribed to PostgreSQL", including the first join), so after a reconnect too.
   */
  onResubscribe?: () => void;
  /** TanStack Query key(s) invalidated with `onResubscribe` (once per key per channel). */
  queryKey?: readonly unknown[];
  onStatus?: (status: SubscriptionStatus, error: ErrorClassification | null) => void;
}

export interface SubscriptionState {
  status: SubscriptionStatus;
  error: ErrorClassification | null;
  lastEventAt: number | null;
}

export interface ChannelStats {
  topic: string;
  /** `postgres_changes`, or `room` for broadcast and presence. */
  kind: 'postgres_changes' | 'room';
  state: 'closed' | 'errored' | 'joined' | 'joining' | 'leaving';
  subscribers: number;
  labels: string[];
  joinedAt: number | null;
  events: number;
  /** The channel's classified error while it is errored or closed with a reason. */
  error: ErrorClassification | null;
}

export interface ManagerProblem {
  kind: 'orphaned-channel' | 'errored-channel' | 'repeated-reconnects' | 'near-channel-limit';
  message: string;
  topic?: string;
}

export interface ManagerStats {
  sockets: number;
  channels: ChannelStats[];
  problems: ManagerProblem[];
}
