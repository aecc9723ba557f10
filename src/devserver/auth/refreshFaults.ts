import { AuthError, refreshTokenNotFound, unexpectedFailure } from './authError';

/** Statuses `failRefresh` accepts: 400 (the refresh token is gone) or a 5xx (a flaky server). */
export function isRefreshFaultStatus(status: unknown): status is number {
  return status === 400 || (typeof status === 'number' && Number.isInteger(status) && status >= 500 && status <= 599);
}

/** The pending `failRefresh` fault: how many refresh grants still fail, and how. */
export class RefreshFaults {
  #count = 0;
  #status = 500;

  failNext(count: number, status: number): void {
    this.#count = count;
    this.#status = status;
  }

  /** The error the next refresh grant answers, consuming one pending failure; undefined when none. */
  take(): AuthError | undefined {
    if (this.#count === 0) return undefined;
    this.#count--;
    // A 400 is what GoTrue answers for a refresh token it no longer has; 5xx is retried by auth-js.
    return this.#status === 400 ? refreshTokenNotFound() : unexpectedFailure(this.#status);
  }

  reset(): void {
    this.#count = 0;
  }
}
