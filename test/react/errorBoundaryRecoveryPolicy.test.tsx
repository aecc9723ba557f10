// Pure, DOM-free unit: the policy that turns a classification into a recovery plan.
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';
import { planRecovery, recoveryDelay, resolveRecoveryOptions, RecoveryOptionsError } from '../../src/core/recoveryPolicy';

const options = resolveRecoveryOptions({ baseDelayMs: 100, maxDelayMs: 1000, random: () => 0.5 });
const connection = classifyError(new TypeError('Failed to fetch'));
const serialization = classifyError({ code: '40001', message: 'could not serialize access' });
const uniqueViolation = classifyError({ code: '23505', message: 'duplicate key value violates unique constraint "todos_pkey"' });
const unauthorized = classifyError({ status: 401 });

describe('planRecovery', () => {
  it('waits for the connection for connection, timeout and auth errors while disconnected', () => {
    expect(planRecovery({ classification: connection, attemptsMade: 0, connected: false, options })).toEqual({ kind: 'reconnect' });
    expect(planRecovery({ classification: unauthorized, attemptsMade: 0, connected: false, options })).toEqual({ kind: 'reconnect' });
  });

  it('falls back to a timed retry without a provider or while the connection looks healthy', () => {
    expect(planRecovery({ classification: connection, attemptsMade: 0, connected: null, options }).kind).toBe('retry');
    expect(planRecovery({ classification: connection, attemptsMade: 0, connected: true, options }).kind).toBe('retry');
  });

  it('retries other retryable errors with growing delays and stops at maxAttempts', () => {
    const delays = [0, 1, 2].map((attemptsMade) => planRecovery({ classification: serialization, attemptsMade, connected: true, options }));
    expect(delays).toEqual([
      { kind: 'retry', delayMs: 75 },
      { kind: 'retry', delayMs: 150 },
      { kind: 'retry', delayMs: 300 },
    ]);
    expect(planRecovery({ classification: serialization, attemptsMade: 3, connected: true, options })).toEqual({ kind: 'manual', why: 'exhausted' });
    expect(planRecovery({ classification: connection, attemptsMade: 3, connected: false, options })).toEqual({ kind: 'manual', why: 'exhausted' });
  });

  it('never resets a fatal error by itself', () => {
    expect(planRecovery({ classification: uniqueViolation, attemptsMade: 0, connected: true, options })).toEqual({ kind: 'manual', why: 'fatal' });
  });

  it('honours a server Retry-After longer than the backoff', () => {
    const limited = { ...serialization, category: 'rate-limit' as const, retryAfterMs: 5000 };
    expect(planRecovery({ classification: limited, attemptsMade: 0, connected: true, options })).toEqual({ kind: 'retry', delayMs: 5000 });
  });
});

describe('recoveryDelay', () => {
  it('keeps each attempt within [ceiling/2, ceiling] and caps at maxDelayMs', () => {
    for (const r of [0, 0.3, 0.999]) {
      const opts = { baseDelayMs: 100, maxDelayMs: 1000, random: () => r };
      for (let attempt = 1; attempt <= 8; attempt++) {
        const ceiling = Math.min(1000, 100 * 2 ** (attempt - 1));
        const delay = recoveryDelay(attempt, opts);
        expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
        expect(delay).toBeLessThanOrEqual(ceiling);
      }
    }
  });
});

describe('resolveRecoveryOptions', () => {
  it('fills in defaults', () => {
    expect(resolveRecoveryOptions()).toMatchObject({ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 30_000, stableAfterMs: 5000 });
  });

  it('rejects bad input with a message naming the option', () => {
    expect(() => resolveRecoveryOptions({ maxAttempts: -1 })).toThrow(RecoveryOptionsError);
    expect(() => resolveRecoveryOptions({ maxAttempts: 1.5 })).toThrow(/recovery\.maxAttempts/);
    expect(() => resolveRecoveryOptions({ baseDelayMs: Number.NaN })).toThrow(/recovery\.baseDelayMs/);
    expect(() => resolveRecoveryOptions({ baseDelayMs: 500, maxDelayMs: 100 })).toThrow(/maxDelayMs/);
  });
});
