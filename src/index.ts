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

// --- core: connection manager (issue 3) --------------------------------------

// --- core: errors and writes (issue 4) ---------------------------------------

// --- react: provider and hooks (issue 3) -------------------------------------

// --- react: mutations (issue 4) ----------------------------------------------

// --- react: error boundary (issue 5) -----------------------------------------
