import { backoffDelay } from './backoff';
import type { ErrorCategory, ErrorClassification } from './types';

/**
 * How the ErrorBoundary recovers from a caught error, decided from its classification.
 * Pure: no React, no timers. The boundary turns a plan into a timer or a health subscription.
 */

/** Options of automatic recovery (`<ErrorBoundary recovery={…}>`). */
export interface RecoveryOptions {
  /** Automatic resets per run of failures before the fallback stays (default 3; 0 disables). */
  maxAttempts?: number;
  /** Delay ceiling of the first timed retry, ms (default 1000). */
  baseDelayMs?: number;
  /** Largest timed-retry delay, ms (default 30000). */
  maxDelayMs?: number;
  /**
   * How long the children must render without an error before the attempt counter
   * goes back to zero, ms (default 5000).
   */
  stableAfterMs?: number;
  /** Source of jitter in [0, 1); `Math.random` by default. Inject a constant in tests. */
  random?: () => number;
}

export type ResolvedRecoveryOptions = Required<RecoveryOptions>;

/**
 * What to do with a caught error:
 * - `reconnect`: wait until the realtime connection is healthy again, then reset;
 * - `retry`: reset after `delayMs`;
 * - `manual`: wait for `resetBoundary()` or a `resetKeys` change (`fatal` error, attempts
 *   `exhausted`, or `needs-auth`: the session ended, and no reconnect fixes that — only a sign-in).
 */
export type RecoveryPlan =
  | { kind: 'reconnect' }
  | { kind: 'retry'; delayMs: number }
  | { kind: 'manual'; why: 'fatal' | 'exhausted' | 'needs-auth' };

/** Thrown for invalid `recovery` options; says which option and what is accepted. */
export class RecoveryOptionsError extends TypeError {
  override name = 'RecoveryOptionsError';
}

/** Categories that usually clear up once the realtime connection is back. */
const reconnectCategories: ReadonlySet<ErrorCategory> = new Set(['connection', 'timeout', 'auth']);

const defaults: ResolvedRecoveryOptions = {
  maxAttempts: 3,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  stableAfterMs: 5000,
  random: Math.random,
};

function checkCount(name: string, value: number, integer: boolean): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new RecoveryOptionsError(
      `ErrorBoundary recovery.${name} must be a finite ${integer ? 'integer' : 'number'} >= 0 (got ${String(value)}).`,
    );
  }
}

/** Fills in defaults and validates; throws `RecoveryOptionsError` on bad input. */
export function resolveRecoveryOptions(options: RecoveryOptions = {}): ResolvedRecoveryOptions {
  const resolved: ResolvedRecoveryOptions = {
    maxAttempts: options.maxAttempts ?? defaults.maxAttempts,
    baseDelayMs: options.baseDelayMs ?? defaults.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? Math.max(defaults.maxDelayMs, options.baseDelayMs ?? 0),
    stableAfterMs: options.stableAfterMs ?? defaults.stableAfterMs,
    random: options.random ?? defaults.random,
  };
  checkCount('maxAttempts', resolved.maxAttempts, true);
  checkCount('baseDelayMs', resolved.baseDelayMs, false);
  checkCount('maxDelayMs', resolved.maxDelayMs, false);
  checkCount('stableAfterMs', resolved.stableAfterMs, false);
  if (resolved.maxDelayMs < resolved.baseDelayMs) {
    throw new RecoveryOptionsError(
      `ErrorBoundary recovery.maxDelayMs (${resolved.maxDelayMs}) must be >= recovery.baseDelayMs (${resolved.baseDelayMs}).`,
    );
  }
  if (typeof resolved.random !== 'function') {
    throw new RecoveryOptionsError('ErrorBoundary recovery.random must be a function returning a number in [0, 1).');
  }
  return resolved;
}

/**
 * Delay before timed retry number `attempt` (1-based): `computeBackoffDelay`'s formula with "equal jitter":
 * `ceiling = min(maxDelayMs, baseDelayMs * 2^(attempt-1))`, `delay = ceiling/2 + random() * ceiling/2`.
 * Unlike full jitter, the ranges of successive attempts do not overlap ([c/2, c] then [c, 2c]),
 * so delays grow until the cap while boundaries that failed together still spread out.
 */
export function recoveryDelay(attempt: number, options: Pick<ResolvedRecoveryOptions, 'baseDelayMs' | 'maxDelayMs' | 'random'>): number {
  const backoff = { baseMs: options.baseDelayMs, factor: 2, maxMs: options.maxDelayMs };
  return backoffDelay(attempt - 1, backoff, options.random, 'equal');
}

export interface RecoveryInput {
  classification: ErrorClassification;
  /** Automatic resets already made in this run of failures. */
  attemptsMade: number;
  /**
   * Whether the realtime connection is healthy right now; `null` outside a `RealtimeProvider`.
   * A connection error seen while the connection is healthy cannot wait for a reconnect,
   * so it falls back to a timed retry.
   */
  connected: boolean | null;
  /** The connection's health is `needs-auth` (the session ended). */
  needsAuth?: boolean;
  options: ResolvedRecoveryOptions;
}

/** Decides how a caught error is recovered. */
export function planRecovery({ classification, attemptsMade, connected, needsAuth, options }: RecoveryInput): RecoveryPlan {
  const waitsForReconnect = reconnectCategories.has(classification.category);
  // Waiting for 'connected' would wait forever: the user has to sign in again.
  if (waitsForReconnect && needsAuth) return { kind: 'manual', why: 'needs-auth' };
  if (!waitsForReconnect && !classification.retryable) return { kind: 'manual', why: 'fatal' };
  if (attemptsMade >= options.maxAttempts) return { kind: 'manual', why: 'exhausted' };
  if (waitsForReconnect && connected === false) return { kind: 'reconnect' };
  const delayMs = Math.max(recoveryDelay(attemptsMade + 1, options), classification.retryAfterMs ?? 0);
  return { kind: 'retry', delayMs };
}
