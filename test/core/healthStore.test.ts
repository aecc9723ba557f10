import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { computeBackoffDelay } from '../../src/core/backoff';
import { bindingKey, deriveChannelName, normalisePostgresBinding } from '../../src/core/channelTopic';
import { computeHealthScore } from '../../src/core/healthScore';
import { HealthStore, INITIAL_HEALTH } from '../../src/core/healthStore';
import { RealtimeConfigError } from '../../src/core/realtimeConfigError';

describe('HealthStore', () => {
  test('returns the same snapshot until a field changes, and batches notifications', async () => {
    const store = new HealthStore();
    let calls = 0;
    const unsubscribe = store.subscribe(() => calls++);
    expect(store.getSnapshot()).toBe(INITIAL_HEALTH);
    store.update({ status: 'initial', channels: { total: 0, joined: 0, joining: 0, errored: 0 } });
    expect(store.getSnapshot()).toBe(INITIAL_HEALTH);
    for (let i = 0; i < 100; i++) store.update({ lastMessageAt: i });
    const snapshot = store.getSnapshot();
    expect(snapshot.lastMessageAt).toBe(99);
    expect(Object.isFrozen(snapshot)).toBe(true);
    expect(calls).toBe(0);
    await Promise.resolve();
    expect(calls).toBe(1);
    unsubscribe();
    expect(store.listenerCount).toBe(0);
  });

  test('the score follows its documented formula', () => {
    const base = { ...INITIAL_HEALTH, status: 'connected' as const };
    expect(computeHealthScore(base)).toBe(100);
    expect(computeHealthScore({ ...base, latencyMs: 400 })).toBe(90);
    expect(computeHealthScore({ ...base, latencyMs: 5000 })).toBe(70);
    expect(computeHealthScore({ ...base, channels: { total: 4, joined: 2, joining: 0, errored: 2 } })).toBe(80);
    expect(computeHealthScore({ ...base, status: 'reconnecting', reconnectAttempts: 2 })).toBe(20);
    expect(computeHealthScore({ ...base, circuit: 'open' })).toBe(0);
    expect(computeHealthScore({ ...base, status: 'offline' })).toBe(0);
  });
});

describe('computeBackoffDelay', () => {
  test('full jitter stays within [0, min(cap, base × factor^attempt))', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, r) => {
        const delay = computeBackoffDelay(attempt, {}, () => r);
        const ceiling = Math.min(30_000, 1000 * 2 ** attempt);
        return delay >= 0 && delay < ceiling;
      }),
    );
    expect(computeBackoffDelay(3, { baseMs: 50 }, () => 0.5)).toBe(200);
  });
});

describe('normalisePostgresBinding / deriveChannelName', () => {
  test('fills defaults and derives one stable name per normalised config', () => {
    const a = normalisePostgresBinding({ table: 'todos' });
    const b = normalisePostgresBinding({ table: ' todos ', schema: 'public', event: '*', filter: '' });
    expect(a).toEqual({ schema: 'public', table: 'todos', event: '*' });
    expect(bindingKey(a)).toBe(bindingKey(b));
    expect(deriveChannelName(a)).toBe(deriveChannelName(b));
    expect(deriveChannelName(a)).toMatch(/^srr-todos-[0-9a-z]+$/);
    const c = normalisePostgresBinding({ table: 'todos', filter: 'id=eq.1' });
    expect(deriveChannelName(c)).not.toBe(deriveChannelName(a));
    expect(normalisePostgresBinding({ table: 'todos', event: 'insert' as never }).event).toBe('INSERT');
  });

  test('bad input gets a typed error that says what is wrong', () => {
    const err = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return e as RealtimeConfigError;
      }
      throw new Error('did not throw');
    };
    const bad = err(() => normalisePostgresBinding({ table: 'todos', filter: 'id=eq' }));
    expect(bad).toBeInstanceOf(RealtimeConfigError);
    expect(bad.code).toBe('invalid-filter');
    expect(bad.message).toMatch(/Invalid filter "id=eq" on public.todos/);
    expect(err(() => normalisePostgresBinding({ table: '' })).code).toBe('invalid-option');
    expect(err(() => normalisePostgresBinding({ table: 't', event: 'UPSERT' })).message).toMatch(/UPSERT/);
  });
});
