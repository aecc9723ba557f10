import type { BackoffOptions } from './types';

/** Defaults: 1 s base, ×2 per attempt, 30 s cap. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1000, factor: 2, maxMs: 30_000 };

/**
 * How a delay is drawn below the attempt's ceiling:
 * - `full` (default): uniform in `[0, ceiling)`. Spreads a crowd of clients that lost the same
 *   server over the whole window instead of having them return in synchronized waves.
 * - `equal`: `ceiling/2 + random × ceiling/2`. Successive attempts do not overlap, so delays
 *   keep growing while clients that failed together still spread out (the ErrorBoundary's
 *   timed recovery uses it).
 */
export type BackoffJitter = 'full' | 'equal';

/**
 * Delay before retry number `attempt` (0-based): the ceiling is
 * `min(maxMs, baseMs × factor^attempt)`, and the delay is drawn below it with full jitter
 * (a uniform random value in `[0, ceiling)`) unless `jitter` says otherwise. The one backoff
 * formula of the library: the connection machine, the channel failure policy, the mutation
 * and RPC retry policy and the ErrorBoundary's recovery all use it.
 * Throws a `RangeError` naming the bad value for options that cannot work.
 */
export function computeBackoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
  jitter: BackoffJitter = 'full',
): number {
  return backoffDelay(attempt, resolveBackoffOptions(options), random, jitter);
}

/**
 * `computeBackoffDelay` without validation, for callers that validated their options their
 * own way (and may allow a zero base: no delay at all).
 */
export function backoffDelay(attempt: number, options: Required<BackoffOptions>, random: () => number, jitter: BackoffJitter = 'full'): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * Math.pow(options.factor, Math.max(0, attempt)));
  if (jitter === 'full') return Math.floor(random() * ceiling);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(ceiling / 2 + (r * ceiling) / 2);
}

/** Fills in defaults and rejects values that cannot work. */
export function resolveBackoffOptions(options: BackoffOptions = {}): Required<BackoffOptions> {
  const resolved = { ...DEFAULT_BACKOFF, ...stripUndefined(options) };
  if (!(resolved.baseMs > 0) || !(resolved.factor >= 1) || !(resolved.maxMs >= resolved.baseMs)) {
    throw new RangeError(
      `Invalid backoff options: baseMs must be > 0, factor >= 1 and maxMs >= baseMs (got baseMs=${resolved.baseMs}, factor=${resolved.factor}, maxMs=${resolved.maxMs}).`,
    );
  }
  return resolved;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
