import { randomInt, randomUUID } from 'node:crypto';
import type { Database } from '../types';

type Query = Pick<Database, 'query'>;

/** One `auth.refresh_tokens` row. */
export interface RefreshTokenRow {
  token: string;
  user_id: string;
  session_id: string;
  parent: string | null;
  revoked: boolean;
  updated_at: Date;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** GoTrue's v1 refresh token: 12 random lowercase letters and digits. */
function newRefreshToken(): string {
  let token = '';
  for (let i = 0; i < 12; i++) token += ALPHABET[randomInt(ALPHABET.length)];
  return token;
}

/** `method` is the sign-in method the token's `amr` claim names: `password` or `anonymous`. */
export async function createSession(db: Query, userId: string, method: string): Promise<{ sessionId: string; refreshToken: string }> {
  const sessionId = randomUUID();
  await db.query('insert into auth.sessions (id, user_id) values ($1, $2)', [sessionId, userId]);
  await db.query('insert into auth.mfa_amr_claims (session_id, authentication_method) values ($1, $2)', [sessionId, method]);
  const refreshToken = await insertRefreshToken(db, userId, sessionId, null);
  return { sessionId, refreshToken };
}

async function insertRefreshToken(db: Query, userId: string, sessionId: string, parent: string | null): Promise<string> {
  const token = newRefreshToken();
  await db.query('insert into auth.refresh_tokens (token, user_id, session_id, parent, revoked) values ($1, $2, $3, $4, false)', [
    token,
    userId,
    sessionId,
    parent,
  ]);
  return token;
}

export async function findRefreshToken(db: Query, token: string): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    'select token, user_id, session_id, parent, revoked, updated_at from auth.refresh_tokens where token = $1',
    [token],
  );
  return rows[0];
}

/** The session's current (not revoked) refresh token. */
export async function activeRefreshToken(db: Query, sessionId: string): Promise<RefreshTokenRow | undefined> {
  const { rows } = await db.query<RefreshTokenRow>(
    `select token, user_id, session_id, parent, revoked, updated_at from auth.refresh_tokens
     where session_id = $1 and not revoked order by id desc limit 1`,
    [sessionId],
  );
  return rows[0];
}

/** Revokes `token` and returns its new child, as GoTrue's `GrantRefreshTokenSwap`. */
export async function swapRefreshToken(db: Query, token: RefreshTokenRow): Promise<string> {
  await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where token = $1', [token.token]);
  await db.query('update auth.sessions set updated_at = now() where id = $1', [token.session_id]);
  return insertRefreshToken(db, token.user_id, token.session_id, token.token);
}

/** Revokes every refresh token of a session (GoTrue's `RevokeTokenFamily`, on reuse detection). */
export async function revokeTokenFamily(db: Query, sessionId: string): Promise<void> {
  await db.query('update auth.refresh_tokens set revoked = true, updated_at = now() where session_id = $1 and not revoked', [sessionId]);
}

export async function sessionExists(db: Query, sessionId: string): Promise<boolean> {
  const { rows } = await db.query('select 1 from auth.sessions where id = $1', [sessionId]);
  return rows.length > 0;
}

/** The session's sign-in methods, newest first, as the `amr` claim. */
export async function amrOf(db: Query, sessionId: string): Promise<{ method: string; timestamp: number }[]> {
  const { rows } = await db.query<{ method: string; timestamp: number }>(
    `select authentication_method as method, floor(extract(epoch from created_at))::int as timestamp
     from auth.mfa_amr_claims where session_id = $1 order by created_at desc`,
    [sessionId],
  );
  return rows;
}

/** Deletes sessions; their refresh tokens and amr claims go with them (foreign-key cascade). */
export async function deleteSessions(db: Query, where: { userId: string; only?: string; except?: string } | 'all'): Promise<void> {
  if (where === 'all') {
    await db.query('delete from auth.sessions');
    return;
  }
  await db.query(
    'delete from auth.sessions where user_id = $1 and ($2::uuid is null or id = $2) and ($3::uuid is null or id <> $3)',
    [where.userId, where.only ?? null, where.except ?? null],
  );
}
