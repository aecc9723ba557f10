/**
 * Tokens the `expireTokens` fault declared expired, with the moment it did. The real server
 * would see these tokens pass their `exp`; keeping the moment lets later checks say
 * "Token has expired N seconds ago" with a truthful N.
 */
export class ExpiredTokens {
  readonly #expiredAt = new Map<string, number>();

  expire(token: string, at: number = Date.now()): void {
    if (!this.#expiredAt.has(token)) this.#expiredAt.set(token, at);
  }

  /** Seconds since the fault expired `token`, or undefined when it did not. */
  secondsAgo(token: string, now: number = Date.now()): number | undefined {
    const at = this.#expiredAt.get(token);
    return at === undefined ? undefined : Math.max(0, Math.floor((now - at) / 1000));
  }

  clear(): void {
    this.#expiredAt.clear();
  }
}
