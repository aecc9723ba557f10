import { computeBackoffDelay } from './backoff';
import { publicStatus } from './connectionStatus';
import type { BackoffOptions, CircuitState } from './types';
import type {
  ConnectionEffects,
  ConnectionEvent,
  ConnectionMachineOptions,
  ConnectionSnapshot,
  ConnectionStateName,
  MachineEnvironment,
  TimedState,
} from './connectionMachineTypes';

export type {
  ConnectionEffects,
  ConnectionEvent,
  ConnectionMachineOptions,
  ConnectionSnapshot,
  ConnectionStateName,
  MachineEnvironment,
} from './connectionMachineTypes';

/** Close codes after which the session token is refreshed before reconnecting. */
const AUTH_REFRESH_CLOSE_CODES = new Set([4001, 4003, 4401, 4403]);
/**
 * A server error (1011) may come from an expired token, but usually does not: the token is
 * refreshed before reconnecting only when it is expired or about to expire.
 */
const SERVER_ERROR_CLOSE = 1011;

/**
 * The connection state machine: the only retry policy of a manager. realtime-js's own
 * reconnect timer is disabled by the manager, so this machine alone decides when to open.
 * Its states, events and transitions are drawn on `ConnectionStateName` (connectionMachineTypes.ts).
 */
export class ConnectionMachine {
  #state: TimedState = { name: 'idle' };
  #timer: unknown = undefined;
  #nextRetryAt: number | null = null;
  #attempts = 0;
  #failures = 0;
  #circuit: CircuitState = 'closed';
  #everConnected = false;
  #refreshBeforeConnect = false;
  /** The pending refresh came from a 1011: skip it while the token is fresh. */
  #refreshOnlyIfExpiring = false;
  #totalReconnects = 0;
  #snapshot: ConnectionSnapshot | null = null;
  readonly #env: MachineEnvironment;
  readonly #effects: ConnectionEffects;
  readonly #backoff: BackoffOptions;
  readonly #threshold: number;
  readonly #cooldownMs: number;
  readonly #connectTimeoutMs: number;
  readonly #probeTimeoutMs: number;

  constructor(env: MachineEnvironment, effects: ConnectionEffects, options: ConnectionMachineOptions = {}) {
    this.#env = env;
    this.#effects = effects;
    this.#backoff = options.backoff ?? {};
    this.#threshold = options.circuitBreaker?.failureThreshold ?? 5;
    this.#cooldownMs = options.circuitBreaker?.cooldownMs ?? 30_000;
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
    this.#probeTimeoutMs = options.probeTimeoutMs ?? 2000;
    if (!(this.#threshold >= 1)) throw new RangeError('circuitBreaker.failureThreshold must be at least 1.');
    if (!(this.#cooldownMs >= 0)) throw new RangeError('circuitBreaker.cooldownMs must be 0 or more.');
    // Validate backoff options early (throws a RangeError naming the bad value).
    computeBackoffDelay(0, this.#backoff, () => 0);
  }

  get state(): ConnectionStateName {
    return this.#state.name;
  }

  /** Cached: the same object until something changes. */
  snapshot(): ConnectionSnapshot {
    if (this.#snapshot) return this.#snapshot;
    this.#snapshot = {
      state: this.#state.name,
      status: publicStatus(this.#state.name, this.#everConnected || this.#failures > 0),
      circuit: this.#circuit,
      reconnectAttempts: this.#attempts,
      consecutiveFailures: this.#failures,
      nextRetryAt: this.#nextRetryAt,
      totalReconnects: this.#totalReconnects,
    };
    return this.#snapshot;
  }

  send(event: ConnectionEvent): void {
    const s = this.#state.name;
    if (s === 'stopped') return;
    if (event.type === 'STOP') return this.#go({ name: 'stopped' });
    if (event.type === 'OFFLINE') {
      if (s !== 'offline') this.#go({ name: 'offline' });
      return;
    }
    if (event.type === 'PAUSE') {
      if (s === 'connecting' || s === 'connected' || s === 'verifying' || s === 'backoff' || s === 'circuit-open') this.#go({ name: 'paused' });
      return;
    }
    switch (s) {
      case 'idle':
      case 'dormant':
        if (event.type === 'START' || event.type === 'RETRY') this.#startOrOffline();
        return;
      case 'offline':
        if (event.type === 'ONLINE') this.#go({ name: 'connecting', timerMs: this.#connectTimeoutMs });
        return;
      case 'connecting':
        if (event.type === 'SOCKET_OPEN') return this.#opened();
        if (event.type === 'SOCKET_CLOSE') return this.#failed(event.code);
        if (event.type === 'TIMER') {
          // The attempt hung: close it ourselves and count it as a failure.
          this.#effects.closeSocket();
          return this.#failed(undefined);
        }
        return;
      case 'connected':
      case 'verifying':
        if (event.type === 'SOCKET_CLOSE') {
          this.#noteRefreshNeed(event.code);
          if (event.idle) return this.#go({ name: 'dormant' });
          this.#totalReconnects++;
          return this.#scheduleRetry();
        }
        // An explicit reconnect() on a socket that looks connected checks it the same way: the app
        // asks because something seems wrong, and a half-open socket looks connected.
        if (s === 'connected' && (isPageCheck(event) || event.type === 'RETRY')) return this.#go({ name: 'verifying', timerMs: this.#probeTimeoutMs });
        if (s === 'verifying' && event.type === 'PROBE_OK') return this.#go({ name: 'connected' });
        if (s === 'verifying' && event.type === 'TIMER') {
          // Frames still arriving prove the socket alive: the answer waits behind them (a burst
          // on a busy thread). Wait another window; a half-open socket delivers nothing.
          if (this.#effects.framesSinceProbe()) return this.#armTimer(this.#state, this.#probeTimeoutMs);
          // Half-open: the socket looks open but carries nothing, and no close will come.
          this.#totalReconnects++;
          this.#scheduleRetry();
          this.#effects.abandonSocket();
        }
        return;
      case 'backoff':
        if (event.type === 'TIMER' || event.type === 'RETRY' || isPageCheck(event)) return this.#connectNow();
        // A sign-in while a failed refresh waits for its retry: the new session is the answer.
        if (event.type === 'AUTH_CHANGED' && this.#refreshBeforeConnect) {
          this.#refreshBeforeConnect = false;
          return this.#connectNow();
        }
        return;
      case 'paused':
        if (event.type === 'VISIBLE' || event.type === 'RETRY') return this.#connectNow();
        return;
      case 'refreshing-auth':
        if (event.type === 'AUTH_OK' || event.type === 'AUTH_FAILED' || event.type === 'AUTH_CHANGED') {
          // Refused: the session is over (health says needs-auth); the socket still connects,
          // and channels join with whatever identity supabase-js has now.
          this.#refreshBeforeConnect = false;
          return this.#go({ name: 'connecting', timerMs: this.#connectTimeoutMs });
        }
        // Network or 5xx: never parked. Back off (the one backoff formula) and refresh again.
        if (event.type === 'AUTH_RETRY') return this.#scheduleRetry();
        return;
      case 'circuit-open':
        if (event.type === 'TIMER' || event.type === 'RETRY') {
          this.#circuit = 'half-open';
          return this.#connectNow();
        }
        return;
    }
  }

  #startOrOffline(): void {
    if (!this.#env.isOnline()) return this.#go({ name: 'offline' });
    this.#go({ name: 'connecting', timerMs: this.#connectTimeoutMs });
  }

  #connectNow(): void {
    if (!this.#env.isOnline()) return this.#go({ name: 'offline' });
    if (this.#refreshBeforeConnect) return this.#go({ name: 'refreshing-auth' });
    this.#go({ name: 'connecting', timerMs: this.#connectTimeoutMs });
  }

  #opened(): void {
    this.#attempts = 0;
    this.#failures = 0;
    this.#circuit = 'closed';
    this.#everConnected = true;
    this.#go({ name: 'connected' });
  }

  #failed(code: number | undefined): void {
    this.#failures++;
    this.#noteRefreshNeed(code);
    if (this.#circuit === 'half-open' || this.#failures >= this.#threshold) {
      this.#circuit = 'open';
      return this.#go({ name: 'circuit-open', timerMs: this.#cooldownMs });
    }
    this.#scheduleRetry();
  }

  #noteRefreshNeed(code: number | undefined): void {
    if (AUTH_REFRESH_CLOSE_CODES.has(code ?? 0)) {
      this.#refreshBeforeConnect = true;
      this.#refreshOnlyIfExpiring = false;
    } else if (code === SERVER_ERROR_CLOSE && !this.#refreshBeforeConnect) {
      this.#refreshBeforeConnect = true;
      this.#refreshOnlyIfExpiring = true;
    }
  }

  #scheduleRetry(): void {
    const delay = computeBackoffDelay(this.#attempts, this.#backoff, () => this.#env.random());
    this.#attempts++;
    this.#go({ name: 'backoff', timerMs: delay });
  }

  /** Send TIMER after `ms`, unless the machine has left `state` by then. */
  #armTimer(state: TimedState, ms: number): void {
    this.#timer = this.#env.setTimeout(() => {
      // A timer belongs to the state object that armed it.
      if (this.#state !== state) return;
      this.#timer = undefined;
      this.send({ type: 'TIMER' });
    }, ms);
  }

  /** Leave the current state (clearing its timer), enter the next one and run its entry action. */
  #go(next: TimedState): void {
    if (this.#timer !== undefined) {
      this.#env.clearTimeout(this.#timer);
      this.#timer = undefined;
    }
    const previous = this.#state.name;
    this.#state = next;
    this.#nextRetryAt = null;
    this.#snapshot = null;
    if (next.timerMs !== undefined) {
      if (next.name === 'backoff' || next.name === 'circuit-open') this.#nextRetryAt = this.#env.now() + next.timerMs;
      this.#armTimer(next, next.timerMs);
    }
    // Entry actions.
    if (next.name === 'connecting') {
      this.#effects.openSocket();
    } else if (next.name === 'verifying') {
      this.#effects.probe();
    } else if (next.name === 'refreshing-auth') {
      this.#effects.refreshAuth(this.#refreshOnlyIfExpiring);
    } else if ((next.name === 'offline' || next.name === 'stopped' || next.name === 'paused') && previous !== 'idle') {
      this.#effects.closeSocket();
    }
    this.#effects.changed();
  }

}

/** The page came back (visible, online, restored from the back/forward cache) or woke up. */
function isPageCheck(event: ConnectionEvent): boolean {
  return event.type === 'VISIBLE' || event.type === 'ONLINE' || event.type === 'PAGE_SHOW' || event.type === 'WAKE';
}
