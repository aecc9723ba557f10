"use client";
/**
 * supabase-realtime-react: the browser entry. Server-only code (the dev server,
 * PGlite, ws) lives in `supabase-realtime-react/devserver` and never here.
 * Every export is listed by name: nothing internal leaks through `export *`.
 */

// --- core: types -----------------------------------------------------------
export type {
  ErrorCategory,
  ErrorAction,
  ErrorClassification,
  BackoffOptions,
  CircuitBreakerOptions,
  CircuitState,
  ConnectionStatus,
  ConnectionHealth,
  HealthError,
  ExternalStore,
  PostgresChangeEvent,
  PostgresChangesPayload,
  SubscriptionStatus,
  SubscriptionState,
  ChannelStats,
  ManagerProblem,
  ManagerStats,
} from './core/types';

// --- core: connection manager ----------------------------------------------
export { createRealtimeManager } from './core/manager/createRealtimeManager';
export type {
  RealtimeManager,
  RealtimeManagerContract,
  RealtimeManagerOptions,
  RealtimeManagerStats,
  RetainOptions,
  BroadcastHandle,
  PresenceHandle,
  PresenceSnapshot,
  RoomOptions,
  CrossTabOptions,
  ManagerEvent,
  ManagerEventLog,
  ManagerEventType,
} from './core/manager/realtimeManagerTypes';
export type { SubscriptionHandle } from './core/subscriptionHandle';
export type { PageEvent, RealtimeEnvironment } from './core/realtimeEnvironment';
export { RealtimeConfigError } from './core/realtimeConfigError';
export type { RealtimeConfigErrorCode } from './core/realtimeConfigError';
export { computeBackoffDelay } from './core/backoff';
export { computeHealthScore } from './core/healthScore';
export { parsePostgresFilter, SUPPORTED_FILTER_OPERATORS } from './core/postgresFilter';
export { matchesFilter } from './core/matchPostgresFilter';
export type { FilterCondition, FilterOperator, FilterColumn, ParsedPostgresFilter } from './core/postgresFilter';

// --- core: errors and writes -----------------------------------------------
export { classifyError } from './core/classifyError';
export { callRpc, TRANSIENT_TRANSACTION_CODES } from './core/callRpc';
export type { CallRpcOptions, RpcClient } from './core/callRpc';
export { RpcError, RpcOptionsError } from './core/rpc/rpcError';
export { shouldRetry, retryDelayMs, NEVER_RETRIED } from './core/retryPolicy';
export type { RetryPolicyOptions } from './core/retryPolicy';

// --- react: provider and hooks ---------------------------------------------
export { RealtimeProvider } from './react/RealtimeProvider';
export type { RealtimeProviderProps } from './react/RealtimeProvider';
export { useRealtimeManager } from './react/useRealtimeManager';
export { useRealtimeSubscription } from './react/useRealtimeSubscription';
export type {
  UseRealtimeSubscriptionOptions,
  UseRealtimeSubscriptionResult,
  TableName,
  TableRow,
  SchemaName,
} from './react/useRealtimeSubscription';
export { useBroadcast } from './react/useBroadcast';
export type { UseBroadcastResult } from './react/useBroadcast';
export { usePresence } from './react/usePresence';
export type { UsePresenceResult } from './react/usePresence';
export { useConnectionHealth } from './react/useConnectionHealth';

// --- react: mutations ------------------------------------------------------
export { useOptimisticMutation } from './react/useOptimisticMutation';
export type { UseOptimisticMutationOptions, UseOptimisticMutationResult } from './react/useOptimisticMutation';
export type { ConflictStrategy } from './core/optimistic/resolveConflict';
export { OptimisticOptionsError } from './core/optimistic/optimisticOptionsError';
export { useRpcMutation } from './react/useRpcMutation';
export type { UseRpcMutationOptions, UseRpcMutationResult } from './react/useRpcMutation';

// --- react: error boundary -------------------------------------------------
export { ErrorBoundary } from './react/ErrorBoundary';
export { useErrorBoundary, type UseErrorBoundaryResult } from './react/useErrorBoundary';
export { withErrorBoundary, type WithErrorBoundaryProps } from './react/withErrorBoundary';
export { ErrorBoundaryUsageError } from './react/errorBoundary/errorBoundaryUsageError';
export type {
  ErrorBoundaryProps,
  ErrorBoundaryFallbackProps,
  ErrorBoundarySharedProps,
  FallbackProps,
  ResetDetails,
  ResetReason,
} from './react/errorBoundary/types';
export { RecoveryOptionsError, type RecoveryOptions } from './core/recoveryPolicy';
