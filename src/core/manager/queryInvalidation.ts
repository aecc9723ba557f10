import type { ChannelSubscriber } from '../sharedChannel';

type Invalidate = (queryKey: readonly unknown[]) => unknown;

/**
 * Gap recovery: after a channel comes back from being down, every subscriber's `onGap` runs
 * and each distinct TanStack Query key is invalidated once. Invalidators come from the
 * `invalidateQueries` option, `setQueryInvalidator` or (most recent first) `addQueryInvalidator`.
 */
export class QueryInvalidation {
  #base: Invalidate | null;
  #added: { invalidate: Invalidate }[] = [];

  constructor(initial: Invalidate | null) {
    this.#base = initial;
  }

  set(invalidate: Invalidate | null): void {
    this.#base = invalidate;
  }

  add(invalidate: Invalidate): () => void {
    const entry = { invalidate };
    this.#added.push(entry);
    return () => {
      const i = this.#added.indexOf(entry);
      if (i >= 0) this.#added.splice(i, 1);
    };
  }

  /** Invalidate one query key with the invalidator in charge; a failure is swallowed. */
  invalidate(queryKey: readonly unknown[]): void {
    const invalidate = this.#added.at(-1)?.invalidate ?? this.#base;
    if (!invalidate) return;
    try {
      void Promise.resolve(invalidate(queryKey)).catch(() => {});
    } catch {
      // An invalidation failure must not stop the other subscribers' recovery.
    }
  }

  /** Recover the subscribers of one channel after a gap. */
  recover(subscribers: readonly ChannelSubscriber[], queryKeyOf: (subscriber: ChannelSubscriber) => readonly unknown[] | undefined): void {
    const invalidated = new Set<string>();
    for (const subscriber of subscribers) {
      const queryKey = queryKeyOf(subscriber);
      if (queryKey) {
        const id = JSON.stringify(queryKey);
        if (!invalidated.has(id)) {
          invalidated.add(id);
          this.invalidate(queryKey);
        }
      }
      try {
        subscriber.onGap?.();
      } catch {
        // A throwing onResubscribe belongs to the app; keep notifying the others.
      }
    }
  }
}
