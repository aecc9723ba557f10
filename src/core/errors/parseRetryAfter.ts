import { safeGet } from './safeRead';

/**
 * Milliseconds to wait from a `Retry-After` value: delta seconds (`"120"`) or an HTTP
 * date (`"Wed, 21 Oct 2026 07:28:00 GMT"`). Undefined when absent or unparseable.
 */
export function parseRetryAfter(value: unknown, now: number = Date.now()): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/** Reads `Retry-After` from a Headers instance or a plain header record. */
export function readRetryAfterHeader(headers: unknown): unknown {
  if (headers === null || typeof headers !== 'object') return undefined;
  try {
    const get = safeGet(headers, 'get');
    if (typeof get === 'function') {
      const v: unknown = get.call(headers, 'retry-after');
      return v ?? undefined;
    }
  } catch {
    return undefined;
  }
  return safeGet(headers, 'Retry-After') ?? safeGet(headers, 'retry-after');
}
