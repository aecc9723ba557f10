import type { UserRow } from './userStore';

const iso = (value: Date | string | null) => (value === null ? undefined : new Date(value).toISOString());

/**
 * GoTrue's user object (supabase/auth `internal/models/user.go`): empty strings for a
 * missing email or phone, timestamps only when set, and the `email` identity an email user
 * has. The identity is derived from the user row rather than stored in `auth.identities`.
 */
export function userJson(user: UserRow): Record<string, unknown> {
  const confirmedAt = iso(user.email_confirmed_at);
  const identities = user.email
    ? [
        {
          identity_id: user.id,
          id: user.id,
          user_id: user.id,
          identity_data: { sub: user.id, email: user.email, email_verified: confirmedAt !== undefined, phone_verified: false },
          provider: 'email',
          last_sign_in_at: iso(user.last_sign_in_at) ?? iso(user.created_at),
          created_at: iso(user.created_at),
          updated_at: iso(user.updated_at),
          email: user.email,
        },
      ]
    : [];
  return {
    id: user.id,
    aud: user.aud,
    role: user.role,
    email: user.email ?? '',
    ...(confirmedAt ? { email_confirmed_at: confirmedAt, confirmed_at: confirmedAt } : {}),
    phone: user.phone ?? '',
    ...(user.last_sign_in_at ? { last_sign_in_at: iso(user.last_sign_in_at) } : {}),
    app_metadata: user.raw_app_meta_data ?? {},
    user_metadata: user.raw_user_meta_data ?? {},
    identities,
    created_at: iso(user.created_at),
    updated_at: iso(user.updated_at),
    is_anonymous: user.is_anonymous,
  };
}
