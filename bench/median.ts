/** The middle value of the runs (the mean of the two middle ones for an even count), rounded to whole ms. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** The spread of the runs as `min–max`. */
export function spread(values: readonly number[]): string {
  return `${Math.min(...values)}–${Math.max(...values)}`;
}
