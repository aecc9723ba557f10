import type { IncomingMessage } from 'node:http';
import { verifyJwt } from '../jwt';
import type { Database, JwtClaims } from '../types';
import { AuthError, sessionNotFound } from './authError';
import { sessionExists } from './sessionStore';
import { findUserById, type UserRow } from './userStore';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The user and session of the request's `Authorization: Bearer` JWT, checked as GoTrue's
 * `requireAuthentication` does (supabase/auth `internal/api/auth.go`). A token whose session
 * was deleted (sign-out, revoke) is refused here with 403 `session_not_found`, although its
 * signature stays valid until `exp` for REST and Realtime.
 */
export async function requireUser(
  req: IncomingMessage,
  db: Pick<Database, 'query'>,
  jwtSecret: string,
): Promise<{ user: UserRow; claims: JwtClaims; sessionId: string | undefined }> {
  const header = req.headers.authorization;
  const match = typeof header === 'string' ? /^bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) throw new AuthError(401, 'no_authorization', 'This endpoint requires a valid Bearer token');
  const result = verifyJwt(match[1]!, jwtSecret);
  if (!result.ok) {
    const reason = result.kind === 'expired' ? 'token has invalid claims: token is expired' : result.message;
    throw new AuthError(403, 'bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);
  }
  const { claims } = result;
  if (typeof claims.sub !== 'string' || claims.sub === '') throw new AuthError(403, 'bad_jwt', 'invalid claim: missing sub claim');
  if (!UUID.test(claims.sub)) throw new AuthError(400, 'bad_jwt', 'invalid claim: sub claim must be a UUID');
  const user = await findUserById(db, claims.sub);
  if (!user) throw new AuthError(403, 'user_not_found', 'User from sub claim in JWT does not exist');
  const sessionId = typeof claims.session_id === 'string' && claims.session_id !== '' ? claims.session_id : undefined;
  if (sessionId !== undefined && (!UUID.test(sessionId) || !(await sessionExists(db, sessionId)))) throw sessionNotFound();
  return { user, claims, sessionId };
}
