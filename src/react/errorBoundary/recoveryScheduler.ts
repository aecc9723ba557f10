import type { ConnectionHealth, ExternalStore } from '../../core/types';

/**
 * Holds at most one pending recovery of a boundary: a timer, or a subscription that
 * waits for the realtime connection to be healthy. Scheduling replaces what was pending;
 * `cancel()` releases it (on reset and on unmount). No React here.
 */
export class RecoveryScheduler {
  #timer: ReturnType<typeof setTimeout> | null = null;
  #unsubscribe: (() => void) | null = null;
  #releaseHold: (() => void) | null = null;

  /** Runs `run` once after `delayMs`. */
  after(delayMs: number, run: () => void): void {
    this.cancel();
    this.#timer = setTimeout(() => {
      this.#timer = null;
      run();
    }, delayMs);
  }

  /**
   * Runs `run` once, as soon as `health` reports status `'connected'` (or `sessionEnded` once,
   * if it reports `'needs-auth'` first). `hold` (the manager's
   * `retain({ keepConnected: true })`) is held while waiting: a socket that closed while nothing was subscribed
   * leaves the manager dormant, and then nothing would ever reconnect for us.
   */
  whenHealthy(
    health: ExternalStore<ConnectionHealth>,
    run: () => void,
    hold?: () => () => void,
    sessionEnded?: (authError: ConnectionHealth['authError']) => void,
  ): void {
    this.cancel();
    this.#releaseHold = hold?.() ?? null;
    const check = (): void => {
      if (this.#unsubscribe === null) return;
      const snapshot = health.getSnapshot();
      if (snapshot.status === 'needs-auth' && sessionEnded) {
        // The session ended while we waited: no reconnect will fix it, stop waiting.
        this.cancel();
        return sessionEnded(snapshot.authError);
      }
      if (snapshot.status !== 'connected') return;
      this.cancel();
      run();
    };
    this.#unsubscribe = health.subscribe(check);
    // The status may have changed between the caller's decision and the subscription.
    check();
  }

  /** Whether something is pending. */
  get pending(): boolean {
    return this.#timer !== null || this.#unsubscribe !== null;
  }

  /** Drops the pending timer or subscription, if any. */
  cancel(): void {
    if (this.#timer !== null) clearTimeout(this.#timer);
    this.#timer = null;
    const unsubscribe = this.#unsubscribe;
    this.#unsubscribe = null;
    unsubscribe?.();
    const release = this.#releaseHold;
    this.#releaseHold = null;
    release?.();
  }
}
