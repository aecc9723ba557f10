import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { classifyError } from '../../src/core/classifyError';

const b64url = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 8, maxLength: 60 });
const jwt = fc.tuple(b64url, b64url, b64url).map(([h, p, s]) => `eyJ${h}.eyJ${p}.${s}`);
const sbKey = fc.tuple(fc.constantFrom('sb_publishable_', 'sb_secret_'), b64url).map(([p, s]) => p + s);
const secret = fc.oneof(jwt, sbKey);

/** Places the secret somewhere in a string: bare, quoted, as a header, as a query parameter. */
const withSecret = (s: string) =>
  fc.tuple(fc.string(), fc.string(), fc.constantFrom('', 'Bearer ', 'apikey=', '"', "'", 'token: ', '(', 'Key (k)=(')).map(
    ([before, after, glue]) => `${before}${glue}${s}${after}`,
  );

const errorShape = (s: string) =>
  fc.oneof(
    withSecret(s),
    withSecret(s).map((m) => new Error(m)),
    fc.record({ message: withSecret(s), details: withSecret(s), hint: withSecret(s), code: fc.oneof(fc.constant(s), fc.constantFrom('23505', '42501', 'PGRST301', '')) }),
    fc.record({ status: fc.integer({ min: 0, max: 600 }), message: withSecret(s), headers: fc.record({ 'Retry-After': withSecret(s) }) }),
    withSecret(s).map((m) => new Error('outer', { cause: new Error(m) })),
    withSecret(s).map((m) => ({ data: null, error: { message: m, code: s }, status: 401 })),
    withSecret(s).map((m) => new Error(`InvalidJWTToken: ${m}`)),
    withSecret(s).map((m) => ({ category: 'auth', userMessage: m, message: m })),
  );

describe('classifyError properties', () => {
  it('never throws, whatever it is given', () => {
    fc.assert(
      fc.property(fc.anything({ withBigInt: true, withNullPrototype: true, withObjectString: true, withSparseArray: true }), (value) => {
        const c = classifyError(value);
        expect(typeof c.userMessage).toBe('string');
        expect(typeof c.technicalMessage).toBe('string');
      }),
      { numRuns: 500 },
    );
  });

  it('never returns the token or key it was given, in any field', () => {
    fc.assert(
      fc.property(secret.chain((s) => fc.tuple(fc.constant(s), errorShape(s))), ([s, value]) => {
        const c = classifyError(value);
        const out = JSON.stringify(c);
        expect(out).not.toContain(s);
      }),
      { numRuns: 1000 },
    );
  });
});
