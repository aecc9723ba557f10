import type { RealtimeClient } from '@supabase/supabase-js';
import { awaitRealtimeToken } from '../awaitRealtimeToken';
import type { RealtimeEnvironment } from '../realtimeEnvironment';

/** The longest a socket open waits for realtime's token before joining anyway. */
const TOKEN_WAIT_MS = 3000;

/**
 * What the joins of a socket open wait for: auth-js restoring a persisted session first (a
 * signed-in reload must not join as anon; `restored` is null when there is nothing to
 * restore), then realtime's token. Both time-boxed; null when nothing needs waiting for.
 */
export function waitForJoinToken(realtime: RealtimeClient, env: RealtimeEnvironment, restored: Promise<void> | null): Promise<void> | null {
  if (!restored) return awaitRealtimeToken(realtime, TOKEN_WAIT_MS, env);
  const restoredOrTimeout = new Promise<void>((resolve) => {
    const timer = env.setTimeout(resolve, TOKEN_WAIT_MS);
    void restored.then(() => {
      env.clearTimeout(timer);
      resolve();
    });
  });
  return restoredOrTimeout.then(() => awaitRealtimeToken(realtime, TOKEN_WAIT_MS, env) ?? undefined);
}
