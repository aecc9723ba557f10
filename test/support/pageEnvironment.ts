import { createDefaultEnvironment, type PageEvent, type RealtimeEnvironment } from '../../src/core/realtimeEnvironment';
import { startSleepWatchdog } from '../../src/core/sleepWatchdog';

/** A manager environment whose page can be hidden, shown, taken offline, restored and put to sleep. */
export interface PageEnvironment extends RealtimeEnvironment {
  hide(): void;
  show(): void;
  setOnline(online: boolean): void;
  /** A restore from the back/forward cache. */
  pageshow(): void;
  /** Jump the clock `ms` forward, as a machine waking from sleep sees it. */
  sleep(ms: number): void;
  /** Whether the manager is watching for sleep right now. */
  watchingSleep(): boolean;
}

/**
 * Real timers; the page's state and the clock are the test's. The sleep watchdog is the real one,
 * reading this environment's clock, so `sleep(ms)` is detected the way a real wake is.
 */
export function createPageEnvironment(): PageEnvironment {
  const base = createDefaultEnvironment();
  const listeners = new Set<(event: PageEvent) => void>();
  let visible = true;
  let online = true;
  let clockOffset = 0;
  let watchers = 0;
  const emit = (event: PageEvent) => {
    for (const l of [...listeners]) l(event);
  };
  const now = () => Date.now() + clockOffset;
  return {
    ...base,
    now,
    isOnline: () => online,
    isVisible: () => visible,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    watchSleep(onWake) {
      watchers++;
      const stop = startSleepWatchdog(onWake, { now, tickMs: 200, lateByMs: 3000 });
      return () => {
        watchers--;
        stop();
      };
    },
    hide() {
      visible = false;
      emit('hidden');
    },
    show() {
      visible = true;
      emit('visible');
    },
    setOnline(next) {
      online = next;
      emit(next ? 'online' : 'offline');
    },
    pageshow: () => emit('pageshow'),
    sleep(ms) {
      clockOffset += ms;
    },
    watchingSleep: () => watchers > 0,
  };
}
