import { signJwt } from '../jwt';
import type { Database } from '../types';
import { amrOf } from './sessionStore';
import { userJson } from './userJson';
import type { UserRow } from './userStore';

export interface TokenSettings {
  jwtSecret: string;
  /** Access token lifetime in seconds (GoTrue's `JWT_EXP`). */
  jwtExpiry: number;
  /** The `iss` claim: the server's `/auth/v1` URL, as the Supabase CLI sets it. */
  issuer(): string;
}

/**
 * GoTrue's token response (`access_token`, `token_type`, `expires_in`, `expires_at`,
 * `refresh_token`, `user`) with an access token carrying its claims, rebuilt from the current
 * user row (supabase/auth `internal/tokens/service.go`, `GenerateAccessToken`).
 */
export async function issueTokens(
  db: Pick<Database, 'query'>,
  settings: TokenSettings,
  user: UserRow,
  session: { sessionId: string; refreshToken: string },
  iat: number = Math.floor(Date.now() / 1000),
): Promise<Record<string, unknown>> {
  const exp = iat + settings.jwtExpiry;
  const claims = {
    aud: user.aud,
    exp,
    iat,
    iss: settings.issuer(),
    sub: user.id,
    email: user.email ?? '',
    phone: user.phone ?? '',
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    role: user.role,
    aal: 'aal1',
    amr: await amrOf(db, session.sessionId),
    session_id: session.sessionId,
    is_anonymous: user.is_anonymous,
  };
  return {
    access_token: signJwt(claims, settings.jwtSecret),
    token_type: 'bearer',
    expires_in: settings.jwtExpiry,
    expires_at: exp,
    refresh_token: session.refreshToken,
    user: userJson(user),
  };
}
