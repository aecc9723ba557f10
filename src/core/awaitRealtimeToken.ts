import type { SupabaseClient } from '@supabase/supabase-js';

type Realtime = SupabaseClient['realtime'];

/** What realtime-js keeps privately: the `setAuth` in flight, if any. */
interface RealtimeAuthState {
  _authPromise?: Promise<void> | null;
}

/** The timers to time-box with (the manager's environment, so tests may drive them). */
export interface TokenTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Wait until realtime has the token a join should carry, or `null` when it already has it.
 *
 * Why: supabase-js sets realtime's token asynchronously (docs/realtime-protocol.md, "Token
 * race"). realtime-js writes `access_token` into a join when the channel subscribes,
 * so a channel joined before the token arrived joins with the apikey's (anon) rights, and the
 * token is only pushed later if it changes. The first join of a connect must wait for it.
 *
 * - A `setAuth` already in flight (realtime-js starts one on `connect()`) is awaited, not
 *   restarted: a second `setAuth()` would supersede an explicit `setAuth(token)` in flight.
 * - No token yet and none in flight: `setAuth()` asks the client's `accessToken` callback.
 *   For a client without the `accessToken` option that reads the session under GoTrue's lock;
 *   nothing here runs inside an auth callback, and the wait is time-boxed anyway.
 * - Never rejects, and resolves after `timeoutMs` at the latest: a slow or hung token callback
 *   delays the joins, it does not block them forever.
 */
export function awaitRealtimeToken(realtime: Realtime, timeoutMs: number, timers: TokenTimers): Promise<void> | null {
  const inFlight = (realtime as unknown as RealtimeAuthState)._authPromise;
  let pending: Promise<unknown> | null = null;
  if (inFlight) pending = inFlight;
  else if (realtime.accessToken && !realtime.accessTokenValue && typeof realtime.setAuth === 'function') pending = realtime.setAuth();
  if (!pending) return null;
  return new Promise<void>((resolve) => {
    const timer = timers.setTimeout(resolve, timeoutMs);
    const done = () => {
      timers.clearTimeout(timer);
      resolve();
    };
    pending.then(done, done);
  });
}
