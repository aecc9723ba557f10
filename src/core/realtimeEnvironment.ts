/**
 * What the manager needs from its surroundings: network state, page visibility and timers.
 * Injected so tests can simulate `offline` or a hidden page in Node; the default reads
 * `window`/`document`/`navigator` lazily (never at import time, so server rendering is safe).
 */
export interface RealtimeEnvironment {
  isOnline(): boolean;
  isVisible(): boolean;
  /** Subscribe to `online`, `offline` and `visibilitychange`; returns the unsubscribe. */
  subscribe(listener: (event: 'online' | 'offline' | 'visible' | 'hidden') => void): () => void;
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
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visibility);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        document.removeEventListener('visibilitychange', visibility);
      };
    },
    now: () => Date.now(),
    random: () => Math.random(),
    setTimeout: (fn, ms) => setTimeout(fn, ms),
    clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
}
