import { startSleepWatchdog } from './sleepWatchdog';

/**
 * A page event the connection machine reacts to. `pageshow` is a restore from the back/forward
 * cache (a `pageshow` with `persisted: false` is an ordinary load and not reported).
 */
export type PageEvent = 'online' | 'offline' | 'visible' | 'hidden' | 'pageshow';

/**
 * What the manager needs from its surroundings: network state, page visibility, page restores,
 * sleep detection and timers. Injected so tests can simulate `offline`, a hidden page or a
 * sleep in Node; the default reads `window`/`document`/`navigator` lazily (never at import
 * time, so server rendering is safe).
 */
export interface RealtimeEnvironment {
  isOnline(): boolean;
  isVisible(): boolean;
  /** Subscribe to `online`, `offline`, `visibilitychange` and `pageshow`; returns the unsubscribe. */
  subscribe(listener: (event: PageEvent) => void): () => void;
  /**
   * Calls `onWake` when the machine evidently slept (a short timer fired far too late);
   * returns the stop. The manager runs it only while connected.
   */
  watchSleep(onWake: () => void): () => void;
  now(): number;
  random(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The browser environment when there is one; always online and visible elsewhere. */
export function createDefaultEnvironment(): RealtimeEnvironment {
  return {
    isOnline: () => (typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean' ? navigator.onLine : true),
    isVisible: () => (typeof document !== 'undefined' ? document.visibilityState !== 'hidden' : true),
    subscribe(listener) {
      if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return () => {};
      const online = () => listener('online');
      const offline = () => listener('offline');
      const visibility = () => listener(document.visibilityState === 'hidden' ? 'hidden' : 'visible');
      const pageshow = (event: Event) => {
        if ((event as Partial<PageTransitionEvent>).persisted !== false) listener('pageshow');
      };
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      window.addEventListener('pageshow', pageshow);
      document.addEventListener('visibilitychange', visibility);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        window.removeEventListener('pageshow', pageshow);
        document.removeEventListener('visibilitychange', visibility);
      };
    },
    watchSleep(onWake) {
      // A hidden tab's timers are throttled to about once a minute: a late tick there is no
      // sleep, and becoming visible triggers a check anyway.
      return startSleepWatchdog(() => {
        if (typeof document === 'undefined' || document.visibilityState !== 'hidden') onWake();
      });
    },
    now: () => Date.now(),
    random: () => Math.random(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
