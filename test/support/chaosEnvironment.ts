import { createDefaultEnvironment, type RealtimeEnvironment } from '../../src/core/realtimeEnvironment';

/** A manager environment whose network can be switched off and on (Node has no `offline` event). */
export interface SwitchableEnvironment extends RealtimeEnvironment {
  setOnline(online: boolean): void;
}

/**
 * Real timers and clock; `isOnline`/`subscribe` follow `setOnline`, as a browser's `navigator.onLine` does.
 * `random` (the manager's jitter) is Math.random unless a seeded one is given (the chaos soak's).
 */
export function createSwitchableEnvironment(random?: () => number): SwitchableEnvironment {
  const base = createDefaultEnvironment();
  const listeners = new Set<(event: 'online' | 'offline' | 'visible' | 'hidden') => void>();
  let online = true;
  return {
    ...base,
    ...(random ? { random } : {}),
    isOnline: () => online,
    isVisible: () => true,
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    setOnline(next) {
      if (next === online) return;
      online = next;
      for (const l of [...listeners]) l(next ? 'online' : 'offline');
    },
  };
}
