import { createStore } from './createStore';
import { computeHealthScore } from './healthScore';
import type { ConnectionHealth, ExternalStore } from './types';

type HealthInput = Omit<ConnectionHealth, 'score'>;

/** The health before anything happened (also what server rendering sees). */
export const INITIAL_HEALTH: ConnectionHealth = Object.freeze({
  status: 'initial',
  latencyMs: null,
  lastHeartbeatAt: null,
  lastMessageAt: null,
  reconnectAttempts: 0,
  nextRetryAt: null,
  lastError: null,
  circuit: 'closed',
  authError: null,
  channels: Object.freeze({ total: 0, joined: 0, joining: 0, errored: 0 }),
  subscribers: 0,
  score: 0,
}) as ConnectionHealth;

/**
 * A subscribable, immutable health snapshot on the shared store primitive. `getSnapshot()`
 * returns the same frozen object until a field really changes, and listeners are notified
 * once per microtask, so a burst of a thousand events costs one notification (and at most
 * one render).
 */
export class HealthStore implements ExternalStore<ConnectionHealth> {
  readonly #store = createStore<ConnectionHealth>(INITIAL_HEALTH, { batch: true });

  getSnapshot = (): ConnectionHealth => this.#store.getState();

  subscribe = (listener: () => void): (() => void) => this.#store.subscribe(listener);

  /** Number of listeners (for leak checks in stats). */
  get listenerCount(): number {
    return this.#store.listenerCount;
  }

  /** How many batched notifications went out (for the benchmark). */
  get notificationCount(): number {
    return this.#store.notificationCount;
  }

  /** Merge `patch`; a new snapshot is made only when some field differs. */
  update(patch: Partial<HealthInput>): void {
    const current = this.#store.getState();
    let changed = false;
    for (const key of Object.keys(patch) as (keyof HealthInput)[]) {
      const next = patch[key];
      const prev = current[key];
      if (key === 'channels' || key === 'lastError' || key === 'authError') {
        if (!shallowEqual(prev, next)) changed = true;
      } else if (!Object.is(prev, next)) changed = true;
    }
    if (!changed) return;
    const merged: HealthInput = { ...current, ...patch };
    if (merged.channels !== current.channels) merged.channels = Object.freeze({ ...merged.channels });
    this.#store.setState(Object.freeze({ ...merged, score: computeHealthScore(merged) }) as ConnectionHealth);
  }
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.is((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
