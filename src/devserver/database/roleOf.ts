import type { JwtClaims } from '../types';

/** The database role PostgREST and Realtime use for `claims`: `anon` when the JWT names none. */
export function roleOf(claims: JwtClaims): string {
  return typeof claims.role === 'string' && claims.role !== '' ? claims.role : 'anon';
}
