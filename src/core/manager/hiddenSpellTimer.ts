import type { RealtimeEnvironment } from '../realtimeEnvironment';

/** `hiddenDisconnectAfterMs`: one timer from `hidden`, cleared by `visible`. */
export interface HiddenSpellTimer {
  /** The page went hidden: start counting (once; a second `hidden` changes nothing). */
  arm(): void;
  /** The page is visible again, or the manager stops listening. */
  clear(): void;
}

/**
 * Calls `onLongHidden` when the page has stayed hidden `afterMs`, checked again when the timer
 * fires (a `visible` the environment missed must not pause a visible page). Without `afterMs`
 * it never fires.
 */
export function createHiddenSpellTimer(env: RealtimeEnvironment, afterMs: number | undefined, onLongHidden: () => void): HiddenSpellTimer {
  let timer: unknown = undefined;
  return {
    arm() {
      if (afterMs === undefined || timer !== undefined) return;
      timer = env.setTimeout(() => {
        timer = undefined;
        if (!env.isVisible()) onLongHidden();
      }, afterMs);
    },
    clear() {
      if (timer === undefined) return;
      env.clearTimeout(timer);
      timer = undefined;
    },
  };
}
