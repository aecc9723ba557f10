import type { RealtimeEnvironment } from '../realtimeEnvironment';

/** An environment whose network state can be overridden to "offline" (`manager.simulateOffline`). */
export interface OfflineSwitch {
  readonly env: RealtimeEnvironment;
  readonly offline: boolean;
  set(offline: boolean): void;
}

/**
 * Wrap `base` so this one manager can be told it is offline, as the browser's `offline` event
 * would tell it: nothing global is patched, so other clients and tabs keep the real network.
 * While the switch is on, a real `online` event is swallowed (we are still "offline").
 */
export function createOfflineSwitch(base: RealtimeEnvironment): OfflineSwitch {
  let offline = false;
  const listeners = new Set<(event: 'online' | 'offline' | 'visible' | 'hidden') => void>();
  const env: RealtimeEnvironment = {
    ...base,
    isOnline: () => !offline && base.isOnline(),
    subscribe(listener) {
      const filtered = (event: 'online' | 'offline' | 'visible' | 'hidden') => {
        if (!(offline && event === 'online')) listener(event);
      };
      listeners.add(filtered);
      const stop = base.subscribe(filtered);
      return () => {
        listeners.delete(filtered);
        stop();
      };
    },
  };
  return {
    env,
    get offline() {
      return offline;
    },
    set(next) {
      if (next === offline) return;
      offline = next;
      // Back "online" while the device really is offline: stay offline.
      if (!next && !base.isOnline()) return;
      for (const listener of [...listeners]) listener(next ? 'offline' : 'online');
    },
  };
}
