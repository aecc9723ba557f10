import { backoffDelay } from './backoff';
import type { ErrorCategory, ErrorClassification } from './types';

/** Options of the default mutation and RPC retry policy. */
export interface RetryPolicyOptions {
  /** Retries after the first attempt (default 3). */
  maxRetries?: number;
  /** Ceiling of the first delay, ms (default 500). */
  baseMs?: number;
  /** Growth per retry (default 2). */
  factor?: number;
  /** Largest delay, ms (default 15000). */
  maxMs?: number;
  /** Source of randomness for the jitter; injectable for tests. */
  random?: () => number;
}

/** Categories no retry can fix: the data, the permissions or the session must change first. */
export const NEVER_RETRIED: readonly ErrorCategory[] = ['constraint', 'permission', 'auth'];

/**
 * Whether to retry after `failures` failed attempts: only retryable classifications, never
 * constraint, permission or auth errors, and at most `maxRetries` times.
 */
export function shouldRetry(classification: ErrorClassification, failures: number, options: RetryPolicyOptions = {}): boolean {
  const maxRetries = options.maxRetries ?? 3;
  if (failures > maxRetries) return false;
  return classification.retryable && !NEVER_RETRIED.includes(classification.category);
}

/**
 * Delay before retry number `retry` (1-based): exponential backoff with full jitter
 * (uniform in `[0, min(maxMs, baseMs × factor^(retry-1)))`), so clients that failed together
 * do not retry together; never shorter than the server's `Retry-After` (`retryAfterMs`).
 */
export function retryDelayMs(retry: number, classification: ErrorClassification | undefined, options: RetryPolicyOptions = {}): number {
  const backoff = { baseMs: options.baseMs ?? 500, factor: options.factor ?? 2, maxMs: options.maxMs ?? 15_000 };
  const jittered = backoffDelay(retry - 1, backoff, options.random ?? Math.random);
  return Math.max(jittered, classification?.retryAfterMs ?? 0);
}
