import { createStore } from '../core/createStore';
import type { ExternalStore } from '../core/types';

/** A store whose source exists only while someone is subscribed to it. */
export interface AttachedStore<S, H> extends ExternalStore<S> {
  /** The attached handle, while subscribed. */
  current(): H | null;
}

/**
 * Wraps "attach to the manager" as an external store for `useSyncExternalStore`: the
 * subscription is created when React subscribes (in the commit phase, like an effect, never
 * during render) and released when React unsubscribes. This is TanStack Query's
 * observer-in-`useSyncExternalStore` pattern; StrictMode's extra unsubscribe/subscribe lands
 * inside the manager's grace period and reuses the channel.
 */
export function createAttachedStore<S, H extends ExternalStore<S> & { unsubscribe(): void }>(
  attach: (() => H) | null,
  idle: S,
): AttachedStore<S, H> {
  // Holds the attached handle (or null); the snapshot is read through it.
  const handle = createStore<H | null>(null);
  return {
    current: handle.getState,
    getSnapshot: () => {
      const attached = handle.getState();
      return attached ? attached.getSnapshot() : idle;
    },
    subscribe(listener) {
      if (!attach) return () => {};
      const attached = attach();
      handle.setState(attached);
      const off = attached.subscribe(listener);
      // The snapshot changed from `idle` to the handle's: let React read it again.
      listener();
      return () => {
        off();
        attached.unsubscribe();
        if (handle.getState() === attached) handle.setState(null);
      };
    },
  };
}
