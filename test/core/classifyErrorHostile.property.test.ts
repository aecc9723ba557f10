import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';

/** Things thrown in the wild that break naive code: cycles, throwing getters, revoked proxies, hostile toString. */
const b64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 10, maxLength: 40 });
const token = fc.tuple(b64url, b64url, b64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);

function hostile(kind: number, secret: string): unknown {
  const message = `failed with Bearer ${secret}`;
  switch (kind) {
    case 0: {
      const e = new Error(message) as Error & { self?: unknown; cause?: unknown };
      e.self = e;
      e.cause = e;
      return e;
    }
    case 1: {
      const o: Record<string, unknown> = { message, code: '42501' };
      o.details = o;
      o.error = o;
      return o;
    }
    case 2:
      return Object.defineProperty({}, 'message', {
        enumerable: true,
        get() {
          throw new Error(`getter exploded: ${secret}`);
        },
      });
    case 3: {
      const { proxy, revoke } = Proxy.revocable({ message }, {});
      revoke();
      return proxy;
    }
    case 4:
      return new Proxy(
        {},
        {
          get() {
            throw new Error(secret);
          },
          has() {
            throw new Error(secret);
          },
          ownKeys() {
            throw new Error(secret);
          },
          getPrototypeOf() {
            throw new Error(secret);
          },
        },
      );
    case 5:
      return {
        toString() {
          throw new Error(secret);
        },
        [Symbol.toPrimitive]() {
          throw new Error(secret);
        },
        message: { toString: () => message },
      };
    case 6: {
      let e: unknown = new Error(message);
      for (let i = 0; i < 5000; i++) e = new Error(`level ${i}`, { cause: e });
      return e;
    }
    case 7:
      return Object.assign(Object.create(null) as object, { message, status: 401, headers: { authorization: `Bearer ${secret}` } });
    case 8:
      return { error: { message: `InvalidJWTToken: ${secret}` }, status: 'not-a-number', code: Symbol('x') };
    case 9:
      return new AggregateError([new Error(message), { message: secret }], `several: ${secret}`);
    default:
      return { message: 'x'.repeat(200_000) + secret };
  }
}

describe('classifyError on hostile input', () => {
  it('never throws, always returns a complete classification, and never repeats the token', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10 }), token, (kind, secret) => {
        const c = classifyError(hostile(kind, secret));
        expect(typeof c.category).toBe('string');
        expect(typeof c.retryable).toBe('boolean');
        expect(typeof c.action).toBe('string');
        expect(typeof c.userMessage).toBe('string');
        expect(typeof c.technicalMessage).toBe('string');
        expect(JSON.stringify(c)).not.toContain(secret);
        expect(JSON.stringify(c)).not.toContain(secret.split('.')[2]);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps messages bounded whatever the input size', () => {
    const c = classifyError(hostile(10, 'eyJa.eyJb.c'));
    expect(c.technicalMessage.length).toBeLessThan(10_000);
    expect(c.userMessage.length).toBeLessThan(1_000);
  });
});
