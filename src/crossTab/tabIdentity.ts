import type { SupabaseClient } from '@supabase/supabase-js';

/**
 * The identity whose socket a tab may share: the signed-in user's id, or `anon`. Tabs group by
 * it, so a tab of another user (or a signed-out one) never uses this user's socket. Only the
 * id is compared; no token ever leaves the tab. `null`: the identity cannot be known (a client
 * built with the `accessToken` option has no `auth`), and the tab keeps its own socket.
 */
export async function currentIdentity(client: SupabaseClient): Promise<string | null> {
  try {
    const { data } = await client.auth.getSession();
    return data.session?.user?.id ?? 'anon';
  } catch {
    return null;
  }
}

/** Calls `changed` on every auth event (sign-in, sign-out, user switch); returns the unsubscribe. */
export function watchIdentity(client: SupabaseClient, changed: () => void): () => void {
  try {
    const { data } = client.auth.onAuthStateChange(() => changed());
    return () => data.subscription.unsubscribe();
  } catch {
    return () => {};
  }
}
