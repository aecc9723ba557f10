/**
 * Who leads a cross-tab group. Two implementations with one shape: Web Locks (the browser
 * grants one exclusive lock per name and hands it to the next waiter when the holder's page
 * closes or crashes) and, where `navigator.locks` is missing, a lease kept alive by the
 * group's heartbeats.
 */
export interface TabElection {
  /** Queue for leadership; `elected` runs when this tab gets it. */
  start(): void;
  /** Take leadership now, from a frozen or yielding leader (Web Locks `steal`). */
  takeOver(): void;
  /** Give leadership up and queue again behind the others. */
  resign(): void;
  stop(): void;
  /** The lease variant learns about other leaders from heartbeats; Web Locks ignores this. */
  leaderSeen?(tabId: string, since: number): void;
}

export interface ElectionEvents {
  elected(): void;
  /** Leadership was taken away (stolen by another tab). */
  deposed(): void;
}

type LockManagerLike = {
  request(name: string, options: { steal?: boolean; signal?: AbortSignal }, callback: () => Promise<void>): Promise<void>;
};

/** The Web Locks election: a held lock is leadership; a waiting request is the queue. */
export function createLockElection(locks: LockManagerLike, name: string, events: ElectionEvents): TabElection {
  let release: (() => void) | null = null;
  let queued: AbortController | null = null;
  let stopped = false;
  let generation = 0;

  const request = (steal: boolean) => {
    queued?.abort();
    const controller = steal ? null : new AbortController();
    queued = controller;
    const mine = ++generation;
    const options = steal ? { steal: true } : { signal: controller!.signal };
    locks
      .request(name, options, () => {
        if (stopped || mine !== generation) return Promise.resolve();
        queued = null;
        events.elected();
        return new Promise<void>((resolve) => (release = resolve));
      })
      .catch((error: unknown) => {
        // AbortError: our queued request was withdrawn, or another tab stole the lock.
        if (stopped || mine !== generation || (error as { name?: string })?.name !== 'AbortError') return;
        if (release) {
          release = null;
          events.deposed();
          request(false);
        }
      });
  };

  return {
    start: () => request(false),
    takeOver: () => {
      if (!release) request(true);
    },
    resign() {
      const held = release;
      release = null;
      generation += 1;
      held?.();
      if (!stopped) request(false);
    },
    stop() {
      stopped = true;
      queued?.abort();
      release?.();
      release = null;
    },
  };
}

/**
 * The fallback without Web Locks: a tab that hears no leader for `claimAfterMs` claims the
 * lease, and between two leaders the newer claim wins (so a takeover works like `steal`);
 * ties go to the smaller tab id. The group's heartbeats carry each leader's claim time.
 */
export function createLeaseElection(
  tabId: string,
  events: ElectionEvents & { now(): number; setTimeout(fn: () => void, ms: number): unknown; clearTimeout(handle: unknown): void },
  claimAfterMs: number,
): TabElection & { readonly since: number | null } {
  let since: number | null = null;
  let timer: unknown = null;
  let stopped = false;
  const arm = () => {
    events.clearTimeout(timer);
    if (!stopped && since === null) timer = events.setTimeout(claim, claimAfterMs);
  };
  const claim = () => {
    if (stopped || since !== null) return;
    since = events.now();
    events.elected();
  };
  return {
    get since() {
      return since;
    },
    start: arm,
    takeOver: claim,
    resign() {
      if (since === null) return;
      since = null;
      arm();
    },
    stop() {
      stopped = true;
      since = null;
      events.clearTimeout(timer);
    },
    leaderSeen(other, otherSince) {
      if (since === null) {
        arm(); // a live leader: keep waiting
        return;
      }
      if (otherSince > since || (otherSince === since && other < tabId)) {
        since = null;
        events.deposed();
        arm();
      }
    },
  };
}
