import type { BackoffOptions } from './types';

/** Defaults: 1 s base, ×2 per attempt, 30 s cap. */
export const DEFAULT_BACKOFF: Required<BackoffOptions> = { baseMs: 1000, factor: 2, maxMs: 30_000 };

/**
 * Delay before retry number `attempt` (0-based) with "full jitter":
 * a uniform random value in `[0, min(maxMs, baseMs × factor^attempt))`.
 * Full jitter spreads a crowd of clients that lost the same server over the whole window
 * instead of having them return in synchronized waves.
 */
export function computeBackoffDelay(
  attempt: number,
  options: BackoffOptions = {},
  random: () => number = Math.random,
): number {
  const { baseMs, factor, maxMs } = resolveBackoffOptions(options);
  const ceiling = Math.min(maxMs, baseMs * Math.pow(factor, Math.max(0, attempt)));
  return Math.floor(random() * ceiling);
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
