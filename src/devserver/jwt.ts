import { createHmac, timingSafeEqual } from 'node:crypto';
import type { JwtClaims } from './types';

/** Why a token was refused, with the real server's wording (docs/realtime-protocol.md, "Join refusals"). */
export type JwtFailure =
  | { ok: false; kind: 'malformed'; message: 'The token provided is not a valid JWT' }
  | { ok: false; kind: 'signature'; message: 'Failed to validate JWT signature' }
  | { ok: false; kind: 'claims'; message: 'Fields `role` and `exp` are required in JWT' }
  | { ok: false; kind: 'expired'; message: string; expiredSecondsAgo: number };

export type JwtVerification = { ok: true; claims: JwtClaims } | JwtFailure;

const base64url = (input: Buffer | string) => Buffer.from(input).toString('base64url');

/** HS256, like Supabase's legacy JWT secret. `expiresIn` in seconds (default one hour). */
export function signJwt(claims: JwtClaims, secret: string, options: { expiresIn?: number } = {}): string {
  const now = Math.floor(Date.now() / 1000);
  const body: JwtClaims = { iat: now, ...claims };
  if (claims.exp === undefined) body.exp = now + (options.expiresIn ?? 3600);
  const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));
  const payload = base64url(JSON.stringify(body));
  const signature = createHmac('sha256', secret).update(`${head}.${payload}`).digest('base64url');
  return `${head}.${payload}.${signature}`;
}

/** Reads claims without checking anything; undefined when the token is not a JWT. */
export function decodeJwt(token: string): JwtClaims | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8'));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as JwtClaims) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Verifies signature, shape and expiry. `now` is injectable so a token the fault
 * controls declared expired can be checked as if its time had come.
 */
export function verifyJwt(token: string, secret: string, now: number = Date.now()): JwtVerification {
  const parts = token.split('.');
  const claims = decodeJwt(token);
  if (parts.length !== 3 || !claims) return { ok: false, kind: 'malformed', message: 'The token provided is not a valid JWT' };
  const expected = createHmac('sha256', secret).update(`${parts[0]}.${parts[1]}`).digest();
  const given = Buffer.from(parts[2]!, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, kind: 'signature', message: 'Failed to validate JWT signature' };
  }
  if (typeof claims.role !== 'string' || typeof claims.exp !== 'number') {
    return { ok: false, kind: 'claims', message: 'Fields `role` and `exp` are required in JWT' };
  }
  const secondsLeft = claims.exp - Math.floor(now / 1000);
  if (secondsLeft <= 0) {
    const ago = -secondsLeft;
    return { ok: false, kind: 'expired', message: `Token has expired ${ago} seconds ago`, expiredSecondsAgo: ago };
  }
  return { ok: true, claims };
}
