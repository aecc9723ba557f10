import type { PostgresChangesPayload } from '../../src/core/types';

/** A row of the soak's `chaos_items` table. `version` grows by one on every write of the row, deletes included. */
export interface ChaosItem {
  id: number;
  bucket: number;
  version: number;
  body: string;
}

interface Entry {
  version: number;
  row: ChaosItem | null;
}

/**
 * One subscriber's copy of a table, kept by realtime events plus gap recovery (a REST refetch).
 * The soak's writer bumps `version` on every write, so the view can tell a stale event from a
 * new one and detect a change delivered twice.
 */
export class ChaosRowView {
  /** Events received (every delivery, including ones buffered during a refetch). */
  delivered = 0;
  /** Events not strictly newer than the previous event of the same row: delivered twice, or out of order. */
  duplicates = 0;
  /** Completed gap recoveries. */
  resyncs = 0;
  #rows = new Map<number, Entry>();
  /** Per row, the order of its last event: 2·version for a write, 2·version+1 for its delete. */
  #lastOrdinal = new Map<number, number>();
  #buffer: PostgresChangesPayload[] | null = null;
  #running: Promise<void> | null = null;
  #again = false;
  #fetch: () => Promise<ChaosItem[]>;

  constructor(fetch: () => Promise<ChaosItem[]>) {
    this.#fetch = fetch;
  }

  /** A realtime event for this view. */
  onChange = (payload: PostgresChangesPayload): void => {
    this.delivered++;
    const row = (payload.eventType === 'DELETE' ? payload.old : payload.new) as Partial<ChaosItem>;
    // Events of one row arrive in commit order, so memory stays bounded by the number of rows.
    const ordinal = row.version! * 2 + (payload.eventType === 'DELETE' ? 1 : 0);
    if (ordinal <= (this.#lastOrdinal.get(row.id!) ?? -1)) this.duplicates++;
    else this.#lastOrdinal.set(row.id!, ordinal);
    if (this.#buffer) this.#buffer.push(payload);
    else this.#apply(payload);
  };

  /**
   * Gap recovery: refetch, then replay events that arrived meanwhile. Events that arrive while
   * the request is in flight may be older or newer than the snapshot; replaying them with the
   * version rule keeps whichever is newer. Calls during a refetch run one more refetch after it.
   */
  resync = (): Promise<void> => {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      do {
        this.#again = false;
        this.#buffer ??= [];
        const snapshot = await this.#fetchWithRetry();
        const next = new Map<number, Entry>();
        for (const [id, entry] of this.#rows) next.set(id, { version: entry.version, row: null });
        for (const row of snapshot) {
          const old = next.get(row.id);
          if (!old || row.version >= old.version) next.set(row.id, { version: row.version, row });
        }
        this.#rows = next;
        const buffered = this.#buffer;
        this.#buffer = null;
        for (const payload of buffered) this.#apply(payload);
        this.resyncs++;
      } while (this.#again);
    })().finally(() => {
      this.#running = null;
    });
    return this.#running;
  };

  /** Whether a refetch is running or queued. */
  get resyncing(): boolean {
    return this.#running !== null;
  }

  /** The rows present, by id. */
  rows(): Map<number, ChaosItem> {
    const out = new Map<number, ChaosItem>();
    for (const [id, entry] of this.#rows) if (entry.row) out.set(id, entry.row);
    return out;
  }

  #apply(payload: PostgresChangesPayload): void {
    if (payload.eventType === 'DELETE') {
      const old = payload.old as Partial<ChaosItem>;
      const current = this.#rows.get(old.id!);
      if (!current || old.version! >= current.version) this.#rows.set(old.id!, { version: old.version!, row: null });
      return;
    }
    const row = payload.new as unknown as ChaosItem;
    const current = this.#rows.get(row.id);
    if (!current || row.version > current.version) this.#rows.set(row.id, { version: row.version, row: { id: row.id, bucket: row.bucket, version: row.version, body: row.body } });
  }

  async #fetchWithRetry(): Promise<ChaosItem[]> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.#fetch();
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  }
}
