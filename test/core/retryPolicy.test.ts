import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';
import { retryDelayMs, shouldRetry } from '../../src/core/retryPolicy';

describe('retry policy', () => {
  it('retries retryable categories up to the limit', () => {
    const network = classifyError(new TypeError('fetch failed'));
    expect([1, 2, 3].map((n) => shouldRetry(network, n))).toEqual([true, true, true]);
    expect(shouldRetry(network, 4)).toBe(false);
    expect(shouldRetry(network, 5, { maxRetries: 5 })).toBe(true);
    expect(shouldRetry(classifyError({ code: '40001' }), 1)).toBe(true);
    expect(shouldRetry(classifyError({ status: 429 }), 1)).toBe(true);
  });

  it('never retries constraint, permission or auth errors, even if marked retryable', () => {
    for (const e of [{ code: '23505' }, { code: '42501' }, { code: 'PGRST301' }, { status: 401 }, { category: 'auth', retryable: true }, { category: 'constraint', retryable: true }]) {
      expect(shouldRetry(classifyError(e), 1)).toBe(false);
    }
  });

  it('backs off exponentially with full jitter, capped', () => {
    const top = () => 0.999999;
    expect([1, 2, 3, 4, 10].map((n) => retryDelayMs(n, undefined, { baseMs: 100, maxMs: 1000, random: top }))).toEqual([99, 199, 399, 799, 999]);
    expect(retryDelayMs(3, undefined, { baseMs: 100, random: () => 0 })).toBe(0);
    const spread = new Set(Array.from({ length: 50 }, () => retryDelayMs(5, undefined)));
    expect(spread.size).toBeGreaterThan(10);
  });

  it('never waits less than Retry-After', () => {
    const limited = classifyError({ status: 429, headers: { 'Retry-After': '3' } });
    expect(retryDelayMs(1, limited, { random: () => 0 })).toBe(3000);
    expect(retryDelayMs(1, limited, { baseMs: 10_000, maxMs: 10_000, random: () => 0.9 })).toBe(9000);
  });
});
