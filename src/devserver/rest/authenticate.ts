import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt, verifyJwt } from '../jwt';
import type { JwtClaims } from '../types';
import { RestError } from './restError';

export interface RestKeys {
  jwtSecret: string;
  anonKey: string;
  serviceRoleKey: string;
}

function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function invalidToken(code: 'PGRST301' | 'PGRST303', message: string): RestError {
  return new RestError(401, { code, message }, { 'WWW-Authenticate': `Bearer error="invalid_token", error_description="${message}"` });
}

/**
 * The claims a request runs with, as Supabase's gateway plus PostgREST 12 decide:
 * an `apikey` must be present and be a project key or a JWT signed with the secret;
 * the `Authorization: Bearer` JWT (else the apikey's) gives the role. A token
 * without `role` runs as `anon`, as PostgREST's anonymous role. Errors never
 * repeat the token.
 */
export function authenticate(headers: IncomingHttpHeaders, keys: RestKeys, now: number = Date.now()): JwtClaims {
  const apikey = header(headers, 'apikey');
  const authorization = header(headers, 'authorization');
  const bearer = authorization && /^bearer\s+/i.test(authorization) ? authorization.replace(/^bearer\s+/i, '').trim() : undefined;
  if (!apikey && !bearer) {
    throw new RestError(401, { code: 'PGRST301', message: 'No API key found in request', hint: 'No `apikey` request header or url param was found.' });
  }
  if (apikey && apikey !== keys.anonKey && apikey !== keys.serviceRoleKey && !verifyJwt(apikey, keys.jwtSecret, now).ok) {
    throw new RestError(401, { code: 'PGRST301', message: 'Invalid API key', hint: 'Double check your Supabase `anon` or `service_role` API key.' });
  }
  const token = bearer ?? apikey!;
  const result = verifyJwt(token, keys.jwtSecret, now);
  if (result.ok) return result.claims;
  switch (result.kind) {
    case 'malformed':
      throw invalidToken('PGRST301', `JWSError (CompactDecodeError Invalid number of parts: Expected 3 parts; got ${token.split('.').length})`);
    case 'signature':
      throw invalidToken('PGRST301', 'JWSError JWSInvalidSignature');
    case 'expired':
      throw invalidToken('PGRST303', 'JWT expired');
    case 'claims': {
      // Signature is valid; PostgREST needs neither `role` (anon) nor `exp`.
      const claims = decodeJwt(token)!;
      if (typeof claims.exp === 'number' && claims.exp <= Math.floor(now / 1000)) throw invalidToken('PGRST303', 'JWT expired');
      return claims;
    }
  }
}
