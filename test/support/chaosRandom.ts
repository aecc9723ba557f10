import { randomInt } from 'node:crypto';

/**
 * The chaos soak's one source of randomness, seeded so a failing run can be replayed with
 * `CHAOS_SEED=<seed> npm run chaos`. Replaying repeats every random choice (faults, their
 * timing, writes, churn, the managers' jitter); the machine's scheduling still varies.
 */
export interface SeededRandom {
  readonly seed: number;
  /** A float in [0, 1), like Math.random. */
  next(): number;
  /** An integer in [lo, hi). */
  between(lo: number, hi: number): number;
  pick<T>(items: readonly T[]): T;
  /**
   * An independent stream derived from this one, e.g. for a manager's `environment.random`:
   * how many numbers a manager draws depends on timing, so it must not shift the soak's stream.
   */
  fork(): () => number;
}

/** mulberry32: a tiny, well-mixed 32-bit PRNG (public domain, Tommy Ettinger). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function createSeededRandom(seed: number): SeededRandom {
  const next = mulberry32(seed);
  return {
    seed,
    next,
    between: (lo, hi) => lo + Math.floor(next() * (hi - lo)),
    pick: (items) => items[Math.floor(next() * items.length)]!,
    fork: () => mulberry32(Math.floor(next() * 4294967296)),
  };
}

/** `CHAOS_SEED` (an integer 0–4294967295), or a fresh random seed when it is unset. */
export function chaosSeed(value = process.env.CHAOS_SEED): number {
  if (value === undefined || value === '') return randomInt(0, 2 ** 32 - 1);
  const seed = Number(value);
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) {
    throw new TypeError(`CHAOS_SEED must be an integer 0–4294967295 (as printed by a previous run), got ${JSON.stringify(value)}.`);
  }
  return seed;
}
