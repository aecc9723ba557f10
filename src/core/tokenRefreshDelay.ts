/** The most a token is refreshed ahead of its `exp`, ms. */
const MAX_LEAD_MS = 60_000;

/** The session fields the schedule needs (auth-js `Session`). */
export interface SessionExpiry {
  /** Epoch seconds. */
  expires_at?: number;
  /** Lifetime in seconds. */
  expires_in?: number;
}

/**
 * How long until the manager should refresh a session's token, ms; null when the session
 * has no expiry. The lead is half the token's lifetime, at most a minute: a 1-hour token is
 * refreshed a minute before `exp` (auth-js's own ticker usually refreshes it earlier, and its
 * `TOKEN_REFRESHED` moves the schedule), an 8-second token every 4 seconds. Realtime's
 * heartbeat (25 s) cannot be relied on for tokens that live shorter than that, and the server
 * closes a channel at `exp` if no new token was pushed (docs/auth.md).
 */
export function tokenRefreshDelay(session: SessionExpiry, nowMs: number): number | null {
  if (typeof session.expires_at !== 'number') return null;
  const expMs = session.expires_at * 1000;
  const lifetimeMs = typeof session.expires_in === 'number' && session.expires_in > 0 ? session.expires_in * 1000 : expMs - nowMs;
  const leadMs = Math.min(MAX_LEAD_MS, Math.max(0, lifetimeMs / 2));
  return Math.max(0, expMs - leadMs - nowMs);
}

/** Whether a token is expired or will be within `marginMs`. */
export function tokenExpiresWithin(session: SessionExpiry, nowMs: number, marginMs: number): boolean {
  if (typeof session.expires_at !== 'number') return false;
  return session.expires_at * 1000 - nowMs <= marginMs;
}
