import type { SupabaseClient, User } from '@supabase/supabase-js';

/**
 * Who a demo client signs in as: anonymously (the default), or an email user. With
 * `signUp`, the user is created first (the dev server confirms email users at once; a real
 * project must have "Confirm email" off for the demo to get a session straight away).
 */
export type DemoUser = { kind: 'anonymous' } | { kind: 'email'; email: string; password: string; signUp?: boolean };

export const ANONYMOUS: DemoUser = { kind: 'anonymous' };

/** A sign-in that failed, with what to do about it. Never carries a token or password. */
export class DemoSignInError extends Error {
  override name = 'DemoSignInError';
}

function hint(user: DemoUser, code: string | undefined): string {
  if (user.kind === 'anonymous' || code === 'anonymous_provider_disabled') {
    return ' The demos sign in anonymously: enable "Allow anonymous sign-ins" in the project (Authentication → Sign In / Providers).';
  }
  if (code === 'email_not_confirmed' || code === 'email_address_not_authorized') {
    return ' Turn off "Confirm email" in the project (Authentication → Sign In / Providers → Email) so new demo users get a session at once.';
  }
  return '';
}

/**
 * Signs `client` in through `supabase.auth`, as an app would, and returns the user. An
 * anonymous session restored from storage is reused when the server still accepts it, so a
 * reload keeps the same anonymous user; an email user always signs in afresh.
 */
export async function signInDemoUser(client: SupabaseClient, user: DemoUser): Promise<User> {
  if (user.kind === 'anonymous') {
    // getUser() asks the server: a session persisted by an earlier dev server run is refused here.
    const restored = await client.auth.getUser();
    if (restored.data.user?.is_anonymous) return restored.data.user;
  }
  const result =
    user.kind === 'anonymous'
      ? await client.auth.signInAnonymously()
      : user.signUp
        ? await client.auth.signUp({ email: user.email, password: user.password })
        : await client.auth.signInWithPassword({ email: user.email, password: user.password });
  const { data, error } = result;
  if (error) {
    const who = user.kind === 'anonymous' ? 'anonymously' : `as ${user.email}`;
    throw new DemoSignInError(`Signing in ${who} failed: ${error.message}.${hint(user, error.code)}`);
  }
  if (!data.session || !data.user) {
    throw new DemoSignInError(`Signing up ${user.kind === 'email' ? user.email : ''} gave no session.${hint(user, 'email_not_confirmed')}`);
  }
  return data.user;
}
