import type { RealtimeEnvironment } from '../realtimeEnvironment';

export interface LifetimeDeps {
  env: RealtimeEnvironment;
  gracePeriodMs: number;
  /** Whether the last release ends the manager (true for managers created by providers). */
  endsWithLastRelease(): boolean;
  /** Called a grace period after the last release, if nothing retained it again. */
  end(): void;
}

/**
 * Counts `retain()`s. After the last release a grace period runs (so StrictMode's
 * unmount/remount and quick route changes keep everything), then the manager ends, if it is
 * one whose lifetime the retainers own.
 */
export class ManagerLifetime {
  readonly #deps: LifetimeDeps;
  #retainers = 0;
  #timer: unknown = undefined;

  constructor(deps: LifetimeDeps) {
    this.#deps = deps;
  }

  retain(): () => void {
    this.#retainers++;
    this.cancel();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#retainers--;
      if (this.#retainers > 0 || !this.#deps.endsWithLastRelease()) return;
      this.#timer = this.#deps.env.setTimeout(() => {
        this.#timer = undefined;
        if (this.#retainers === 0) this.#deps.end();
      }, this.#deps.gracePeriodMs);
    };
  }

  /** Clear a pending end (a new retain, or destroy). */
  cancel(): void {
    if (this.#timer === undefined) return;
    this.#deps.env.clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
