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
      // The unsubscribe removes from these very objects: it may run after the globals are gone
      // (a grace-period teardown that outlives a test environment or a page being unloaded).
      const win = window;
      const doc = document;
      const online = () => listener('online');
      const offline = () => listener('offline');
      const visibility = () => listener(doc.visibilityState === 'hidden' ? 'hidden' : 'visible');
      const pageshow = (event: Event) => {
        if ((event as Partial<PageTransitionEvent>).persisted !== false) listener('pageshow');
      };
      win.addEventListener('online', online);
      win.addEventListener('offline', offline);
      win.addEventListener('pageshow', pageshow);
      doc.addEventListener('visibilitychange', visibility);
      return () => {
        try {
          win.removeEventListener('online', online);
          win.removeEventListener('offline', offline);
          win.removeEventListener('pageshow', pageshow);
          doc.removeEventListener('visibilitychange', visibility);
        } catch {
          // A closed window (jsdom after its environment ended) has nothing left to remove
          // from; the rest of the teardown (closing the socket) must still run.
        }
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
