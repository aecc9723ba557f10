import type { Database } from '../types';
import { refreshTokenAlreadyUsed, refreshTokenNotFound, validationFailed } from './authError';
import { activeRefreshToken, findRefreshToken, revokeTokenFamily, swapRefreshToken } from './sessionStore';

type Query = Pick<Database, 'query'>;

/**
 * The refresh token a `grant_type=refresh_token` request ends with, following GoTrue's v1
 * rotation (supabase/auth `internal/tokens/service.go`, rotation on, as the Supabase CLI
 * configures it):
 * - the active token is revoked and replaced by a new child in the same session;
 * - the parent of the active token (a client that lost the response) gets the active token back;
 * - another revoked token within `reuseIntervalSeconds` of its revocation gets a new child;
 * - later, the whole session's tokens are revoked and the answer is `refresh_token_already_used`.
 * Callers run this one request at a time.
 */
export async function refreshGrant(
  db: Query,
  presented: unknown,
  reuseIntervalSeconds: number,
): Promise<{ sessionId: string; userId: string; refreshToken: string }> {
  if (typeof presented !== 'string' || presented.length < 12) throw validationFailed('Refresh token is not valid');
  const token = await findRefreshToken(db, presented);
  if (!token) throw refreshTokenNotFound();
  const session = { sessionId: token.session_id, userId: token.user_id };
  if (!token.revoked) return { ...session, refreshToken: await swapRefreshToken(db, token) };

  const active = await activeRefreshToken(db, token.session_id);
  if (active && active.parent === token.token) return { ...session, refreshToken: active.token };
  const revokedForMs = Date.now() - new Date(token.updated_at).getTime();
  if (revokedForMs > reuseIntervalSeconds * 1000) {
    await revokeTokenFamily(db, token.session_id);
    throw refreshTokenAlreadyUsed();
  }
  return { ...session, refreshToken: await swapRefreshToken(db, token) };
}
