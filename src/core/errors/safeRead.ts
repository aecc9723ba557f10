/**
 * Defensive readers for values of unknown shape: getters that throw, Proxies, revoked
 * Proxies and objects whose `toString` throws must not make classification throw.
 */

/** `value[key]`, or undefined if reading it throws or `value` is not an object. */
export function safeGet(value: unknown, key: string): unknown {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return undefined;
  try {
    return (value as Record<string, unknown>)[key];
  } catch {
    return undefined;
  }
}

/** A string property, or undefined. Numbers are accepted and converted (codes are sometimes numeric). */
export function safeString(value: unknown, key: string): string | undefined {
  const v = safeGet(value, key);
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** A finite number property (numeric strings accepted), or undefined. */
export function safeNumber(value: unknown, key: string): number | undefined {
  const v = safeGet(value, key);
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d{1,4}$/.test(v.trim())) return Number(v.trim());
  return undefined;
}
