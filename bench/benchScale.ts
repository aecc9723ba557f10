/**
 * `BENCH_SCALE` (default 1) multiplies every count in the benchmark, e.g. `BENCH_SCALE=0.1`
 * for a quick run. The table states the counts actually used.
 */
export function benchScale(): number {
  const raw = process.env.BENCH_SCALE;
  if (raw === undefined || raw === '') return 1;
  const scale = Number(raw);
  if (!Number.isFinite(scale) || scale <= 0) {
    throw new Error(`BENCH_SCALE must be a positive number such as 0.1 or 1 (got "${raw}").`);
  }
  return scale;
}

/** `n × scale`, rounded, at least `min`. */
export function scaled(n: number, min = 1): number {
  return Math.max(min, Math.round(n * benchScale()));
}

/** `BENCH_REPEAT` (default 5): timed runs per side where timing is compared. */
export function benchRepeat(): number {
  const raw = process.env.BENCH_REPEAT;
  if (raw === undefined || raw === '') return 5;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`BENCH_REPEAT must be a whole number >= 1 (got "${raw}").`);
  return n;
}
