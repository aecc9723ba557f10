/** How a postgres_changes subscription became live. */
export type LiveReason =
  /** The server's `system` ok ("Subscribed to PostgreSQL") arrived. */
  | 'ok'
  /** No ok within the timeout: treated as live (servers that never send one). */
  | 'timeout'
  /** The ok arrived after the timeout had already treated the subscription as live. */
  | 'late-ok';

interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * When one join of a postgres_changes channel is live. The server answers the join first and
 * subscribes to the database afterwards; changes committed in between are never delivered
 * (docs/realtime-protocol.md, "postgres_changes is live at the system ok"). So the join reply
 * only starts the wait; the `system` ok ends it. A server that never sends the ok (older
 * self-hosted Realtime) is treated as live after `timeoutMs`, and an ok that turns up after
 * that is reported once more, because events between the two may have been missed.
 */
export class PostgresReadiness {
  readonly #timers: Timers;
  readonly #timeoutMs: number;
  readonly #onLive: (reason: LiveReason) => void;
  #timer: unknown = undefined;
  #replied = false;
  #okEarly = false;
  #live: LiveReason | null = null;

  constructor(timers: Timers, timeoutMs: number, onLive: (reason: LiveReason) => void) {
    this.#timers = timers;
    this.#timeoutMs = timeoutMs;
    this.#onLive = onLive;
  }

  /** Live since the last `reset()` (by the ok or the timeout). */
  get live(): boolean {
    return this.#live !== null;
  }

  /** The join reply arrived: wait for the ok (or take one that came first). */
  joinReplied(): void {
    if (this.#replied) return;
    this.#replied = true;
    if (this.#okEarly) return this.#goLive('ok');
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = undefined;
      if (this.#live === null) this.#goLive('timeout');
    }, this.#timeoutMs);
  }

  /** The server said "Subscribed to PostgreSQL". */
  systemOk(): void {
    if (!this.#replied) {
      this.#okEarly = true;
      return;
    }
    if (this.#live === null) return this.#goLive('ok');
    // Once after a timeout: events between the two may have been missed. A repeated ok (the
    // server resubscribes after a new token) changes nothing the client could have seen.
    if (this.#live === 'timeout') {
      this.#live = 'late-ok';
      this.#onLive('late-ok');
    }
  }

  /** A new join (fresh instance or realtime-js's own rejoin): forget the previous one. */
  reset(): void {
    this.#clearTimer();
    this.#replied = false;
    this.#okEarly = false;
    this.#live = null;
  }

  #goLive(reason: LiveReason): void {
    this.#clearTimer();
    this.#live = reason;
    this.#onLive(reason);
  }

  #clearTimer(): void {
    if (this.#timer !== undefined) this.#timers.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
