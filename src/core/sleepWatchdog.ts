/** How often the watchdog ticks, ms. */
export const SLEEP_TICK_MS = 1000;
/** A tick this much later than scheduled means the machine (or at least this page) slept, ms. */
export const SLEEP_LATE_BY_MS = 5000;

export interface SleepWatchdogOptions {
  now?: () => number;
  tickMs?: number;
  lateByMs?: number;
}

/**
 * Calls `onWake(lateByMs)` whenever a short timer fires much later than it was scheduled: the
 * process was suspended (laptop sleep), so a socket that still looks open may be half-open and
 * no close event will ever come. Returns the stop. The timer is `unref`'d where that exists, so
 * it never keeps a Node process alive.
 */
export function startSleepWatchdog(onWake: (lateByMs: number) => void, options: SleepWatchdogOptions = {}): () => void {
  const now = options.now ?? Date.now;
  const tickMs = options.tickMs ?? SLEEP_TICK_MS;
  const lateByMs = options.lateByMs ?? SLEEP_LATE_BY_MS;
  let handle: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  const schedule = () => {
    const expected = now() + tickMs;
    handle = setTimeout(() => {
      if (stopped) return;
      const late = now() - expected;
      schedule();
      if (late > lateByMs) onWake(late);
    }, tickMs);
    (handle as { unref?: () => void }).unref?.();
  };
  schedule();
  return () => {
    stopped = true;
    clearTimeout(handle);
  };
}
