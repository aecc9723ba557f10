import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * Refresh the token realtime uses, and push it with `setAuth`.
 *
 * - A client with a signed-in session: `auth.refreshSession()`; its error is thrown. Then
 *   `realtime.setAuth()` without an argument, so realtime-js keeps asking supabase-js for the
 *   token (its `accessToken` callback stays in charge; an explicit token would not follow the
 *   next refresh).
 * - A session that expired and whose refresh failed: `getSession()`'s error is thrown (not
 *   silently treated as "signed out").
 * - A client built with the `accessToken` option: that callback is called directly (realtime-js
 *   would swallow its error and keep the stale token); an error or an empty result is thrown.
 * - No session and no callback: the API key is the token, nothing to refresh.
 *
 * Never falls back to the anon key when a user token was in use: a failure throws instead.
 */
export async function refreshRealtimeAuth(client: SupabaseClient): Promise<void> {
  const realtime = client.realtime;
  const auth = readAuth(client);
  if (auth) {
    const { data, error: readError } = await auth.getSession();
    if (data.session) {
      const { data: refreshed, error } = await auth.refreshSession();
      if (error) throw error;
      if (!refreshed.session) throw new AuthRefreshError('The session could not be refreshed; sign in again.');
      await realtime.setAuth();
      return;
    }
    if (readError) throw readError;
    await realtime.setAuth();
    return;
  }
  if (realtime.accessToken) {
    const token = await realtime.accessToken();
    if (!token) throw new AuthRefreshError('The accessToken() callback returned no token; sign in again.');
    await realtime.setAuth(token);
  }
}

/** The token refresh failed; realtime stays on no token rather than silently becoming anon. */
export class AuthRefreshError extends Error {
  readonly category = 'auth' as const;
  readonly retryable = false;
  readonly action = 'reauthenticate' as const;
  constructor(message: string) {
    super(message);
    this.name = 'AuthRefreshError';
  }
}

function readAuth(client: SupabaseClient): SupabaseClient['auth'] | null {
  try {
    // With the `accessToken` option, `client.auth` is a Proxy that throws on every access.
    const auth = client.auth;
    return typeof auth?.getSession === 'function' ? auth : null;
  } catch {
    return null;
  }
}
