import type { Session, SupabaseClient } from '@supabase/supabase-js';
import { computeBackoffDelay } from '../backoff';
import { classifyRealtimeError } from '../errors/classifyRealtimeError';
import { classifyRefreshFailure } from '../classifyRefreshFailure';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import { refreshRealtimeAuth } from '../refreshRealtimeAuth';
import { tokenExpiresWithin, tokenRefreshDelay } from '../tokenRefreshDelay';
import type { ErrorClassification } from '../types';

/** `ok`: refreshed (or nothing to refresh); `transient`: try again later; `refused`: sign in again. */
export type RefreshOutcome = 'ok' | 'transient' | 'refused';

export interface AuthBridgeDeps {
  client: SupabaseClient;
  env: RealtimeEnvironment;
  recordError(classification: ErrorClassification): void;
  /** A user signed in, the token was refreshed or the user signed out: retry what waited for it. */
  authChanged(): void;
  /** A different identity took over (sign-in after the session ended, user switch): rejoin every channel. */
  identityChanged(): void;
  /** `needsAuth` changed (health follows it). */
  changed(): void;
  /**
   * Resolves once the server has read every frame sent so far (false when the socket is not
   * open or no answer came in time); null while the manager has no socket attached.
   */
  roundTrip(timeoutMs: number): Promise<boolean> | null;
}

/** How long sign-out waits for the server to have read the anon token push. */
const SIGN_OUT_ROUND_TRIP_MS = 2000;
/** A 1011 refreshes the token only when it expires within this margin. */
const EXPIRING_MARGIN_MS = 10_000;

/**
 * Between supabase-js auth and realtime (docs/auth.md):
 * - follows `onAuthStateChange`: `INITIAL_SESSION` releases the first joins, sign-in and
 *   sign-out reach realtime before GoTrue's call resolves;
 * - refreshes the session ahead of `exp` through `supabase.auth`, then `realtime.setAuth()`;
 * - retries a refresh that failed for network or 5xx reasons (backoff, `online`, `visible`);
 * - on a refused refresh, reports `needsAuth` until a sign-in or `clearNeedsAuth()`.
 */
export class AuthBridge {
  readonly #deps: AuthBridgeDeps;
  #inFlight: Promise<RefreshOutcome> | null = null;
  #lastError: ErrorClassification | null = null;
  #needsAuth: ErrorClassification | null = null;
  #unsubscribe: (() => void) | null = null;
  #session: Session | null = null;
  #restored: Promise<void> | null = null;
  #markRestored: (() => void) | null = null;
  #timer: unknown = undefined;
  #retryAttempt = 0;
  #stopped = false;

  constructor(deps: AuthBridgeDeps) {
    this.#deps = deps;
  }

  /** Why the last refresh failed; null after a success or an auth change. */
  get lastError(): ErrorClassification | null {
    return this.#lastError;
  }

  /** The classified reason the session ended (a refused refresh); null while it is fine. */
  get needsAuth(): ErrorClassification | null {
    return this.#needsAuth;
  }

  /** Resolves at `INITIAL_SESSION`; null when restored already or the client has no auth. */
  sessionRestored(): Promise<void> | null {
    return this.#markRestored ? this.#restored : null;
  }

  /** Follow the client's auth events (a no-op for clients with the `accessToken` option). */
  start(): void {
    if (this.#unsubscribe || this.#stopped) return;
    const auth = readAuth(this.#deps.client);
    if (!auth) return;
    this.#restored = new Promise<void>((resolve) => {
      this.#markRestored = () => {
        this.#markRestored = null;
        resolve();
      };
    });
    // Returning the promise matters: GoTrue awaits its callbacks before `signOut()` (and
    // `setSession()`) resolve, so the new rights apply before the app's next statement.
    const stopPageEvents = this.#deps.env.subscribe((event) => {
      if (event === 'online' || event === 'visible') this.retryNow();
    });
    const { data } = auth.onAuthStateChange((event, session) => {
      if (event === 'INITIAL_SESSION') this.#markRestored?.();
      if (event === 'SIGNED_OUT') return this.#signedOut();
      if (event === 'INITIAL_SESSION' || event === 'SIGNED_IN' || event === 'TOKEN_REFRESHED') this.#sessionChanged(session, event);
      return undefined;
    });
    this.#unsubscribe = () => {
      stopPageEvents();
      data.subscription.unsubscribe();
    };
  }

  stop(): void {
    this.#stopped = true;
    this.#unsubscribe?.();
    this.#clearTimer();
    this.#markRestored?.();
  }

  /** `manager.reconnect()`: the app acknowledged the ended session. */
  clearNeedsAuth(): void {
    if (!this.#needsAuth) return;
    this.#needsAuth = null;
    this.#deps.changed();
  }

  /** A network or page event: a refresh waiting for its backoff is tried now. */
  retryNow(): void {
    if (this.#retryAttempt > 0 && !this.#inFlight) void this.refresh();
  }

  /**
   * Refresh the session token and push it to realtime (one refresh at a time). With
   * `onlyIfExpiring` (after a 1011), a token that is not about to expire is kept.
   */
  refresh(onlyIfExpiring = false): Promise<RefreshOutcome> {
    const session = this.#session;
    if (onlyIfExpiring && session && !tokenExpiresWithin(session, this.#deps.env.now(), EXPIRING_MARGIN_MS)) return Promise.resolve('ok');
    if (this.#inFlight) return this.#inFlight;
    this.#clearTimer();
    const run = refreshRealtimeAuth(this.#deps.client).then(
      () => this.#refreshed(),
      (error: unknown) => this.#refreshFailed(error),
    );
    this.#inFlight = run.finally(() => {
      this.#inFlight = null;
    });
    return this.#inFlight;
  }

  #refreshed(): RefreshOutcome {
    this.#lastError = null;
    this.#retryAttempt = 0;
    return 'ok';
  }

  #refreshFailed(error: unknown): RefreshOutcome {
    const kind = classifyRefreshFailure(error);
    const raw = classifyRealtimeError(error);
    if (kind === 'transient') {
      // The session is intact (auth-js keeps it): back off and try again; never parked. A failure
      // nothing more specific explains (a token callback that threw) is reported as the auth
      // problem it is, retryable.
      const classification: ErrorClassification = raw.category === 'unknown' ? { ...raw, category: 'auth', action: 'retry', retryable: true } : raw;
      this.#lastError = classification;
      this.#deps.recordError(classification);
      this.#schedule(computeBackoffDelay(this.#retryAttempt++, { baseMs: 1000, maxMs: 30_000 }, () => this.#deps.env.random()));
      return 'transient';
    }
    const auth: ErrorClassification = raw.category === 'auth' ? raw : { ...raw, category: 'auth', action: 'reauthenticate', retryable: false };
    this.#lastError = auth;
    this.#retryAttempt = 0;
    this.#clearTimer();
    this.#deps.recordError(auth);
    if (!this.#needsAuth) {
      this.#needsAuth = auth;
      this.#deps.changed();
    }
    return 'refused';
  }

  #sessionChanged(session: Session | null, event: 'INITIAL_SESSION' | 'SIGNED_IN' | 'TOKEN_REFRESHED'): void {
    const previousUser = this.#session?.user?.id ?? null;
    this.#session = session;
    this.#lastError = null;
    this.#retryAttempt = 0;
    this.#scheduleAhead();
    if (!session) return;
    const sessionHadEnded = this.#needsAuth !== null;
    if (sessionHadEnded) {
      this.#needsAuth = null;
      this.#deps.changed();
    }
    if (event === 'INITIAL_SESSION') return;
    // supabase-js pushes the new token to realtime itself, synchronously (its own auth listener).
    // A new identity rejoins every channel at once with fresh instances (and gap recovery):
    // what the old identity's joins were allowed to see no longer applies. That includes a
    // sign-in after anon (never signed in, or signed out): the pushed token gets no reply, so
    // rows committed before the server reads it, and rows of this user written while the
    // channels were anon, would otherwise never arrive.
    if (sessionHadEnded || (event === 'SIGNED_IN' && previousUser !== (session.user?.id ?? null))) {
      this.#deps.identityChanged();
    }
    this.#deps.authChanged();
  }

  #signedOut(): Promise<void> {
    this.#session = null;
    this.#clearTimer();
    this.#retryAttempt = 0;
    const realtime = this.#deps.client.realtime;
    // Sign-out must drop to anon rights before `signOut()` resolves: `setAuth()` first asks
    // supabase-js for a token (an await on the session), so a row of the previous user inserted
    // right after `signOut()` would still be delivered. Given a token, realtime-js pushes
    // `access_token` to every joined channel synchronously, so the API key (what the callback
    // would answer now) is passed directly; with an `accessToken` callback configured,
    // realtime-js stays in callback mode. GoTrue awaits this callback; it also waits (briefly)
    // for the server to have read the push, which gets no reply of its own.
    const pushed = realtime.setAuth(realtime.apiKey ?? null).catch(() => {});
    // Every channel rejoins as anon at once, with fresh instances: the server ignores an
    // `sb_…` key pushed as a token, so only a new join drops the old user's rights for sure.
    // Channels the server closed while the session was ending rejoin once, as anon, too.
    this.#deps.identityChanged();
    this.#deps.authChanged();
    return pushed.then(async () => {
      if (realtime.channels.length > 0) await this.#deps.roundTrip(SIGN_OUT_ROUND_TRIP_MS);
    });
  }

  /** Refresh ahead of `exp`, so no channel is closed for an expired token (docs/auth.md). */
  #scheduleAhead(): void {
    this.#clearTimer();
    if (!this.#session || this.#stopped) return;
    const delay = tokenRefreshDelay(this.#session, this.#deps.env.now());
    if (delay !== null) this.#schedule(delay);
  }

  #schedule(delayMs: number): void {
    this.#clearTimer();
    if (this.#stopped) return;
    this.#timer = this.#deps.env.setTimeout(() => {
      this.#timer = undefined;
      if (!this.#stopped && !this.#needsAuth) void this.refresh();
    }, delayMs);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#deps.env.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}

function readAuth(client: SupabaseClient): SupabaseClient['auth'] | null {
  try {
    // With the `accessToken` option, `client.auth` is a Proxy that throws on any access.
    const auth = client.auth;
    return typeof auth?.onAuthStateChange === 'function' ? auth : null;
  } catch {
    return null;
  }
}
