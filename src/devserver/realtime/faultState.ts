import type { CloseFault } from '../types';
import { BindingFailures } from './bindingFailures';

/**
 * The fault switches the socket code consults. Timed faults are stored as deadlines
 * (not timers), so `close()` has nothing to clear and an expired fault simply stops applying.
 */
export class FaultState {
  #stallHeartbeatsUntil = 0;
  #refuseUntil = 0;
  #failJoins: { count: number; reason: string } = { count: 0, reason: '' };
  #latencyMs = 0;
  #heartbeatDelayMs = 0;
  readonly #defaultReadyDelayMs: number;
  #readyDelayMs: number;
  /** Forced postgres_changes subscribe failures (`failBindings`). */
  readonly bindingFailures = new BindingFailures();

  /** `readyDelayMs` is the server option's value, which `reset()` returns to. */
  constructor(readyDelayMs = 0) {
    this.#defaultReadyDelayMs = readyDelayMs;
    this.#readyDelayMs = readyDelayMs;
  }

  stallHeartbeats(ms: number): void {
    this.#stallHeartbeatsUntil = Date.now() + ms;
  }
  heartbeatsStalled(): boolean {
    return Date.now() < this.#stallHeartbeatsUntil;
  }

  /**
   * Heartbeat replies are sent `ms` late while every other frame flows: what a client sees when
   * its thread is busy with a burst and the answer is queued behind the data (0 clears).
   */
  set heartbeatDelayMs(ms: number) {
    this.#heartbeatDelayMs = Math.max(0, ms);
  }
  get heartbeatDelayMs(): number {
    return this.#heartbeatDelayMs;
  }

  refuse(ms: number): void {
    this.#refuseUntil = Date.now() + ms;
  }
  refusing(): boolean {
    return Date.now() < this.#refuseUntil;
  }

  failJoins(count: number, reason: string): void {
    this.#failJoins = { count, reason };
  }
  /** Consumes one forced join failure; its reason, or undefined when none is pending. */
  takeJoinFailure(): string | undefined {
    if (this.#failJoins.count <= 0) return undefined;
    this.#failJoins.count--;
    return this.#failJoins.reason;
  }

  set latencyMs(ms: number) {
    this.#latencyMs = Math.max(0, ms);
  }
  get latencyMs(): number {
    return this.#latencyMs;
  }

  /** How long postgres_changes joins wait before their `system` ok (and before going live). */
  set readyDelayMs(ms: number) {
    this.#readyDelayMs = Math.max(0, ms);
  }
  get readyDelayMs(): number {
    return this.#readyDelayMs;
  }

  reset(): void {
    this.#stallHeartbeatsUntil = 0;
    this.#refuseUntil = 0;
    this.#failJoins = { count: 0, reason: '' };
    this.#latencyMs = 0;
    this.#heartbeatDelayMs = 0;
    this.#readyDelayMs = this.#defaultReadyDelayMs;
    this.bindingFailures.reset();
  }
}

/** Close codes `ws` may send: 1000–1003, 1007–1014 and 3000–4999 (1004–1006 and 1015 are reserved). */
export function isSendableCloseCode(code: number): boolean {
  return Number.isInteger(code) && ((code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999));
}

export const DEFAULT_CLOSE_FAULT: Required<Omit<CloseFault, 'abrupt'>> = { code: 1011, reason: '' };
