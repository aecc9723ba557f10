import type { Database } from '../types';

type Query = Pick<Database, 'query'>;

/** One `auth.users` row, as the auth routes read it. */
export interface UserRow {
  id: string;
  aud: string;
  role: string;
  email: string | null;
  phone: string | null;
  encrypted_password: string | null;
  email_confirmed_at: Date | null;
  last_sign_in_at: Date | null;
  raw_app_meta_data: Record<string, unknown> | null;
  raw_user_meta_data: Record<string, unknown> | null;
  created_at: Date;
  updated_at: Date;
  is_anonymous: boolean;
}

const COLUMNS = `id, aud, role, email, phone, encrypted_password, email_confirmed_at, last_sign_in_at,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at, is_anonymous`;

export interface NewUser {
  email: string | null;
  passwordHash: string | null;
  appMetadata: Record<string, unknown>;
  userMetadata: Record<string, unknown>;
  isAnonymous: boolean;
}

/** Users are confirmed on creation, as with the Supabase CLI's `enable_confirmations = false`. */
export async function insertUser(db: Query, user: NewUser): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `insert into auth.users (aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, is_anonymous)
     values ('authenticated', 'authenticated', $1::text, $2::text, case when $1::text is null then null else now() end, $3::jsonb, $4::jsonb, $5::boolean)
     returning ${COLUMNS}`,
    [user.email, user.passwordHash, JSON.stringify(user.appMetadata), JSON.stringify(user.userMetadata), user.isAnonymous],
  );
  return rows[0]!;
}

export async function findUserByEmail(db: Query, email: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where email = $1 and not is_sso_user`, [email]);
  return rows[0];
}

export async function findUserById(db: Query, id: string): Promise<UserRow | undefined> {
  const { rows } = await db.query<UserRow>(`select ${COLUMNS} from auth.users where id = $1`, [id]);
  return rows[0];
}

export interface UserChanges {
  email?: string;
  passwordHash?: string;
  userMetadata?: Record<string, unknown>;
  appMetadata?: Record<string, unknown>;
  isAnonymous?: boolean;
  signedIn?: boolean;
}

export async function updateUser(db: Query, id: string, changes: UserChanges): Promise<UserRow> {
  const { rows } = await db.query<UserRow>(
    `update auth.users set
       email = coalesce($2::text, email),
       email_confirmed_at = case when $2::text is null then email_confirmed_at else now() end,
       encrypted_password = coalesce($3::text, encrypted_password),
       raw_user_meta_data = coalesce($4::jsonb, raw_user_meta_data),
       raw_app_meta_data = coalesce($5::jsonb, raw_app_meta_data),
       is_anonymous = coalesce($6::boolean, is_anonymous),
       last_sign_in_at = case when $7::boolean then now() else last_sign_in_at end,
       updated_at = now()
     where id = $1 returning ${COLUMNS}`,
    [
      id,
      changes.email ?? null,
      changes.passwordHash ?? null,
      changes.userMetadata ? JSON.stringify(changes.userMetadata) : null,
      changes.appMetadata ? JSON.stringify(changes.appMetadata) : null,
      changes.isAnonymous ?? null,
      changes.signedIn ?? false,
    ],
  );
  return rows[0]!;
}
