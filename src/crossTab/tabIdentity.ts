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

/** Group names are visible to every script of the origin: a hash, not the user id itself. */
export function hashIdentity(identity: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < identity.length; i += 1) hash = Math.imul(hash ^ identity.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}
