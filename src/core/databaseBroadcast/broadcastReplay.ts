/** The replay request of a private join (`config.broadcast.replay`), Unix milliseconds. */
export interface ReplayRequest {
  since: number;
  limit: number;
}

/** What to do with one arriving message. */
export interface ReplayVerdict {
  /** False for a message already delivered (a replayed copy of one seen before the gap). */
  deliver: boolean;
  /** This join's replay filled the limit: the gap may hold more than replay can return. */
  limitReached: boolean;
}

/**
 * The server's hard limit on replayed messages per join (Realtime's `Messages.replay`,
 * `@hard_limit 25`; the dev server clamps the same way).
 */
export const REPLAY_LIMIT = 25;
/**
 * `since` is compared with `realtime.messages.inserted_at` on the server's clock, but comes
 * from ours (payloads carry no timestamp): start this much earlier, and dedupe the overlap.
 */
export const CLOCK_MARGIN_MS = 5_000;
/**
 * A half-open socket (sleep, lost network) is noticed only when a heartbeat goes unanswered,
 * up to about two heartbeat intervals (realtime-js: 25 s) after messages stopped arriving.
 */
export const DETECTION_WINDOW_MS = 60_000;
/** A longer gap is not replayed: the query is refetched instead (clock skew and volume grow with it). */
export const MAX_REPLAY_GAP_MS = 10 * 60_000;
/** Message ids remembered for dedupe; more than one replay's worth plus what arrives around it. */
const SEEN_IDS = 500;

/**
 * Gap recovery for one Broadcast from Database channel. realtime-js resends a channel's original
 * join payload on every rejoin, so each fresh instance asks this tracker for its own `since`:
 * the last moment the channel was known to be up to date, minus a margin for clock skew. Replayed
 * messages are deduplicated by `meta.id` against those already delivered; a replay that fills
 * the limit, or a gap too long to trust, falls back to refetching (the channel's gap recovery).
 */
export class BroadcastReplay {
  #seen = new Set<string>();
  /** Client time at which the channel was last known to have everything: its join or last message. */
  #upToDateAt: number | null = null;
  #downAt: number | null = null;
  /**
   * Client time of the first join. Changes before it belong to the app's initial fetch, not to a
   * gap: replay never reaches further back, or a row the query already shows would arrive as new.
   */
  #firstJoinedAt: number | null = null;
  /** The replay requested by the current instance's join (null: none). */
  #requested: ReplayRequest | null = null;
  #replayed = 0;
  #limitReported = false;

  /** The replay to request when creating a channel instance at `now` (none on a first join or too long a gap). */
  joinConfig(now: number): ReplayRequest | null {
    this.#requested = null;
    this.#replayed = 0;
    this.#limitReported = false;
    if (this.#upToDateAt === null) return null;
    // Messages sent while a half-open socket went unnoticed were lost too: never start later
    // than the detection window before the drop was seen.
    const downAt = this.#downAt ?? now;
    const since = Math.max(this.#upToDateAt, downAt - DETECTION_WINDOW_MS);
    if (now - since > MAX_REPLAY_GAP_MS) return null;
    const floor = this.#firstJoinedAt ?? since;
    this.#requested = { since: Math.floor(Math.max(since - CLOCK_MARGIN_MS, floor)), limit: REPLAY_LIMIT };
    return this.#requested;
  }

  /** The channel went down (socket drop, server close, join error) at `now`. */
  wentDown(now: number): void {
    this.#downAt ??= now;
  }

  /**
   * The current instance joined. Returns true when the gap cannot be covered by replay (no
   * replay was requested for it), so the caller recovers by refetching at once.
   */
  joined(now: number, afterGap: boolean): boolean {
    this.#downAt = null;
    this.#firstJoinedAt ??= now;
    const needsRefetch = afterGap && this.#requested === null;
    // Until a replay proves otherwise, the join is the newest point known to be complete; a
    // replay still in flight covers the time before it.
    this.#upToDateAt = now;
    return needsRefetch;
  }

  /** A message arrived on the current instance at `now`. */
  accept(meta: { id?: string; replayed?: boolean } | undefined, now: number): ReplayVerdict {
    const id = typeof meta?.id === 'string' ? meta.id : null;
    let limitReached = false;
    if (meta?.replayed === true) {
      this.#replayed++;
      if (this.#requested && this.#replayed >= this.#requested.limit && !this.#limitReported) {
        this.#limitReported = true;
        limitReached = true;
      }
    }
    if (id !== null && this.#seen.has(id)) return { deliver: false, limitReached };
    if (id !== null) this.#remember(id);
    if (meta?.replayed !== true) this.#upToDateAt = now;
    return { deliver: true, limitReached };
  }

  #remember(id: string): void {
    this.#seen.add(id);
    if (this.#seen.size > SEEN_IDS) this.#seen.delete(this.#seen.values().next().value as string);
  }
}
