import type { SupabaseClient } from '@supabase/supabase-js';
import { classifyError } from '../classifyError';
import { refreshRealtimeAuth } from '../refreshRealtimeAuth';
import type { ErrorClassification } from '../types';

export interface AuthBridgeDeps {
  client: SupabaseClient;
  recordError(classification: ErrorClassification): void;
  /** A user signed in or the token was refreshed: retry what waited for it. */
  authChanged(): void;
  /**
   * Resolves once the server has read every frame sent so far (false when the socket is not
   * open or no answer came in time); null while the manager has no socket attached.
   */
  roundTrip(timeoutMs: number): Promise<boolean> | null;
}

/** How long sign-out waits for the server to have read the anon token push. */
const SIGN_OUT_ROUND_TRIP_MS = 2000;

/**
 * Between supabase-js auth and realtime: follows `onAuthStateChange`, pushes a new token (or,
 * on sign-out, the API key) to realtime before GoTrue's call resolves, and refreshes the
 * session on demand (one refresh at a time). See docs/realtime-protocol.md, "Tokens".
 */
export class AuthBridge {
  readonly #deps: AuthBridgeDeps;
  #inFlight: Promise<boolean> | null = null;
  #lastError: ErrorClassification | null = null;
  #unsubscribe: (() => void) | null = null;

  constructor(deps: AuthBridgeDeps) {
    this.#deps = deps;
  }

  /** Why the last refresh failed; null after a success or an auth change. */
  get lastError(): ErrorClassification | null {
    return this.#lastError;
  }

  /** Follow the client's auth events (a no-op for clients with the `accessToken` option). */
  start(): void {
    if (this.#unsubscribe) return;
    let auth: SupabaseClient['auth'] | null = null;
    try {
      // With the `accessToken` option, `client.auth` is a Proxy that throws on any access.
      auth = this.#deps.client.auth;
      if (typeof auth?.onAuthStateChange !== 'function') auth = null;
    } catch {
      auth = null;
    }
    if (!auth) return;
    // Returning the promise matters: GoTrue awaits its callbacks before `signOut()` (and
    // `setSession()`) resolve, so the new rights apply before the app's next statement.
    const { data } = auth.onAuthStateChange((event, session) => {
      if (event === 'SIGNED_OUT') return this.#onAuthChange(null, true);
      if (event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN') return this.#onAuthChange(session?.access_token, false);
      return undefined;
    });
    this.#unsubscribe = () => data.subscription.unsubscribe();
  }

  stop(): void {
    this.#unsubscribe?.();
  }

  /** Refresh the session token and push it to realtime; false when the refresh failed. */
  refresh(): Promise<boolean> {
    if (this.#inFlight) return this.#inFlight;
    const run = refreshRealtimeAuth(this.#deps.client).then(
      () => {
        this.#lastError = null;
        return true;
      },
      (error: unknown) => {
        const classification = classifyError(error);
        const auth: ErrorClassification = classification.category === 'auth' ? classification : { ...classification, category: 'auth', action: 'reauthenticate', retryable: false };
        this.#lastError = auth;
        this.#deps.recordError(auth);
        return false;
      },
    );
    this.#inFlight = run.finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  #onAuthChange(token: string | null | undefined, signedOut: boolean): Promise<void> {
    const realtime = this.#deps.client.realtime;
    // Reach realtime at once (supabase-js does this too, but only for clients without the
    // `accessToken` option; setting the same token twice is a no-op in realtime-js).
    // Sign-out must drop to anon rights before `signOut()` resolves: `setAuth(null)` first asks
    // supabase-js for a token (an await on the session), so a row of the previous user inserted
    // right after `signOut()` would still be delivered. Given a token, realtime-js pushes
    // `access_token` to every joined channel synchronously, so the API key is passed directly.
    // The returned promise is awaited by GoTrue, which awaits its auth callbacks; on sign-out it
    // also waits (briefly) for the server to have read the push, which gets no reply of its own.
    const next = signedOut ? (realtime.apiKey ?? null) : (token ?? null);
    const pushed = realtime.setAuth(next).catch(() => {});
    // Without a token, realtime-js asks supabase-js, which reads the session under GoTrue's
    // lock, held while GoTrue awaits this callback: never await that (it would deadlock).
    if (next === null) return Promise.resolve();
    if (signedOut) {
      return pushed.then(async () => {
        if (realtime.channels.length > 0) await this.#deps.roundTrip(SIGN_OUT_ROUND_TRIP_MS);
      });
    }
    this.#lastError = null;
    this.#deps.authChanged();
    return pushed;
  }
}
