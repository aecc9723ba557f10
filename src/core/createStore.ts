import type { ExternalStore } from './types';

/**
 * The one reactive primitive of the library (health, subscription handles, presence and the
 * React layer's attached stores are built on it). Modelled on Zustand's vanilla `createStore`.
 */
export interface Store<T> extends ExternalStore<T> {
  /** The current state; the same object until `setState` stores a different one. */
  getState(): T;
  /**
   * Replace the state. Listeners run only when `next` is a different object (`Object.is`) and
   * `isEqual` (when given) does not call it equal to the current one; an equal state keeps
   * the old snapshot, so `useSyncExternalStore` sees no change.
   */
  setState(next: T): void;
  /** Number of listeners (leak checks in stats). */
  readonly listenerCount: number;
  /** Notifications sent so far (one per batch when batched). */
  readonly notificationCount: number;
  /** Drop every listener. */
  clear(): void;
}

export interface StoreOptions<T> {
  /** Treat `next` as unchanged when this returns true (the current snapshot is kept). */
  isEqual?: (previous: T, next: T) => boolean;
  /**
   * Notify once per microtask instead of once per change. Why: events parsed from one socket
   * read arrive in one synchronous run, so a burst costs one notification (and one render),
   * while React still sees it before the next paint.
   */
  batch?: boolean;
}

export function createStore<T>(initial: T, options: StoreOptions<T> = {}): Store<T> {
  const { isEqual, batch = false } = options;
  let state = initial;
  const listeners = new Set<() => void>();
  let scheduled = false;
  let notifications = 0;

  const notify = () => {
    notifications++;
    for (const listener of [...listeners]) listener();
  };
  const getState = () => state;

  return {
    getState,
    getSnapshot: getState,
    setState(next) {
      if (Object.is(state, next) || (isEqual !== undefined && isEqual(state, next))) return;
      state = next;
      if (!batch) return notify();
      if (scheduled) return;
      scheduled = true;
      queueMicrotask(() => {
        scheduled = false;
        notify();
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    get listenerCount() {
      return listeners.size;
    },
    get notificationCount() {
      return notifications;
    },
    clear() {
      listeners.clear();
    },
  };
}
