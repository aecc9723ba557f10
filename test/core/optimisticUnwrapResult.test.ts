import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';
import { unwrapResult } from '../../src/core/optimistic/unwrapResult';

describe('unwrapResult (supabase-js responses returned from a mutationFn)', () => {
  it('returns data, passes other values through', () => {
    expect(unwrapResult({ data: { id: 1 }, error: null, status: 201 })).toEqual({ id: 1 });
    expect(unwrapResult({ id: 1 })).toEqual({ id: 1 });
    expect(unwrapResult(undefined)).toBeUndefined();
  });

  it('throws the error with the response status so it classifies', () => {
    const plain = { message: 'permission denied for table todos', code: '42501', details: null, hint: null };
    let thrown: unknown;
    try {
      unwrapResult({ data: null, error: plain, status: 403 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toMatchObject({ code: '42501', status: 403 });
    expect(classifyError(thrown)).toMatchObject({ category: 'permission' });

    const asError = Object.assign(new Error('JWT expired'), { code: 'PGRST303' });
    expect(() => unwrapResult({ data: null, error: asError, status: 401 })).toThrow(asError);
    expect((asError as Error & { status?: number }).status).toBe(401);

    const frozen = Object.freeze(new Error('x'));
    expect(() => unwrapResult({ data: null, error: frozen, status: 500 })).toThrow(frozen);
  });
});
