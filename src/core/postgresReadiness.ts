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
export interface PostgresReadiness {
  /** Live since the last `reset()` (by the ok or the timeout). */
  readonly live: boolean;
  /** The join reply arrived: wait for the ok (or take one that came first). */
  joinReplied(): void;
  /** The server said "Subscribed to PostgreSQL". */
  systemOk(): void;
  /** A new join (fresh instance or realtime-js's own rejoin): forget the previous one. */
  reset(): void;
}

/** Closure state rather than a class with `#private` fields: it ships in the main entry, and local names minify shortest. */
export function createPostgresReadiness(timers: Timers, timeoutMs: number, onLive: (reason: LiveReason) => void): PostgresReadiness {
  let timer: unknown = undefined;
  let replied = false;
  let okEarly = false;
  let live: LiveReason | null = null;

  const clearTimer = (): void => {
    if (timer !== undefined) timers.clearTimeout(timer);
    timer = undefined;
  };
  const goLive = (reason: LiveReason): void => {
    clearTimer();
    live = reason;
    onLive(reason);
  };

  return {
    get live() {
      return live !== null;
    },
    joinReplied() {
      if (replied) return;
      replied = true;
      if (okEarly) return goLive('ok');
      timer = timers.setTimeout(() => {
        timer = undefined;
        if (live === null) goLive('timeout');
      }, timeoutMs);
    },
    systemOk() {
      if (!replied) {
        okEarly = true;
        return;
      }
      if (live === null) return goLive('ok');
      // Once after a timeout: events between the two may have been missed. A repeated ok (the
      // server resubscribes after a new token) changes nothing the client could have seen.
      if (live === 'timeout') {
        live = 'late-ok';
        onLive('late-ok');
      }
    },
    reset() {
      clearTimer();
      replied = false;
      okEarly = false;
      live = null;
    },
  };
}
