/**
 * Why a session refresh failed, as far as what to do next is concerned:
 *
 * - `transient`: the network, a 5xx, a rate limit, or a refresh discarded because another one
 *   won the race. The session is intact: try again later (auth-js keeps it too).
 * - `refused`: GoTrue refused the refresh token (revoked, already used, not found) or the
 *   session is gone. Trying again cannot help; the user must sign in again.
 *
 * auth-js turns every network failure and 5xx into `AuthRetryableFetchError`, 409 is its
 * `AuthRefreshDiscardedError`, and `session_not_found` becomes `AuthSessionMissingError`
 * (auth-js `src/lib/fetch.ts` and `src/lib/errors.ts`). Matched by name and status, so the
 * core needs no import of auth-js.
 */
export type RefreshFailureKind = 'transient' | 'refused';

const TRANSIENT_NAMES = new Set(['AuthRetryableFetchError', 'AuthRefreshDiscardedError', 'TypeError', 'AbortError']);

export function classifyRefreshFailure(error: unknown): RefreshFailureKind {
  if (!error || typeof error !== 'object') return 'transient';
  const { name, status } = error as { name?: unknown; status?: unknown };
  if (typeof name === 'string' && TRANSIENT_NAMES.has(name)) return 'transient';
  if (typeof status === 'number') {
    if (status === 0 || status === 408 || status === 409 || status === 429 || status >= 500) return 'transient';
    if (status >= 400) return 'refused';
  }
  if (name === 'AuthSessionMissingError' || name === 'AuthApiError' || name === 'AuthRefreshError') return 'refused';
  return 'transient';
}
