import { computeBackoffDelay } from './backoff';
import type { BackoffOptions, CircuitBreakerOptions, CircuitState, ConnectionStatus } from './types';
import type { RealtimeEnvironment } from './realtimeEnvironment';

/** The part of the environment the machine uses: network state, clock, jitter and timers. */
export type MachineEnvironment = Pick<RealtimeEnvironment, 'isOnline' | 'now' | 'random' | 'setTimeout' | 'clearTimeout'>;

/**
 * Named states of the one connection. Every timer belongs to a state and is cleared
 * when the state is left (a timed transition), so no stale timer can fire into a
 * later state.
 *
 * ```
 *  idle ──START──▶ connecting ──SOCKET_OPEN──▶ connected
 *                    │  ▲                         │
 *        SOCKET_CLOSE│  │TIMER                    │SOCKET_CLOSE
 *   (failures<N)     ▼  │                         ▼
 *                  backoff ◀──────────────────────┘
 *                    │ TIMER / VISIBLE / ONLINE (after an auth close, or 1011)
 *                    ▼
 *              refreshing-auth ──AUTH_OK──▶ connecting
 *                    ├──AUTH_RETRY (network, 5xx)──▶ backoff (the refresh is tried again)
 *                    └──AUTH_FAILED (refused)──▶ connecting (health shows needs-auth)
 *  connecting ──SOCKET_CLOSE (failures≥N, or the half-open probe failed)──▶ circuit-open
 *  circuit-open ──TIMER (cooldown)──▶ connecting (circuit half-open: one probe)
 *  any ──OFFLINE──▶ offline ──ONLINE──▶ connecting         any ──STOP──▶ stopped
 *  backoff ──VISIBLE / ONLINE / PAGE_SHOW / WAKE──▶ connecting (the page is back: check now)
 *  connected ──VISIBLE / ONLINE / PAGE_SHOW / WAKE──▶ verifying (one heartbeat, probeTimeoutMs)
 *  verifying ──PROBE_OK──▶ connected      verifying ──TIMER──▶ abandon the socket, backoff
 *  connected ──SOCKET_CLOSE while nothing is subscribed──▶ dormant ──START──▶ connecting
 *  connecting / connected / verifying / backoff / circuit-open ──PAUSE──▶ paused ──VISIBLE / RETRY──▶ connecting
 * ```
 * The page's lifecycle is input to this one machine (docs/core.md, "Page lifecycle"), never a
 * second policy: a check in `connected` costs one heartbeat, and only an unanswered one drops
 * the socket, through the same backoff and circuit breaker as any close.
 */
export type ConnectionStateName =
  | 'idle'
  | 'connecting'
  | 'connected'
  | 'backoff'
  | 'refreshing-auth'
  | 'circuit-open'
  | 'offline'
  | 'dormant'
  | 'verifying'
  | 'paused'
  | 'stopped';

export type ConnectionEvent =
  | { type: 'START' }
  | { type: 'SOCKET_OPEN' }
  | { type: 'SOCKET_CLOSE'; code?: number; reason?: string; idle?: boolean }
  | { type: 'TIMER' }
  | { type: 'ONLINE' }
  | { type: 'OFFLINE' }
  | { type: 'VISIBLE' }
  /** A restore from the back/forward cache. */
  | { type: 'PAGE_SHOW' }
  /** The machine slept (a timer fired far too late). */
  | { type: 'WAKE' }
  | { type: 'PROBE_OK' }
  /** The page stayed hidden past `hiddenDisconnectAfterMs`. */
  | { type: 'PAUSE' }
  | { type: 'AUTH_OK' }
  | { type: 'AUTH_FAILED' }
  | { type: 'AUTH_RETRY' }
  | { type: 'AUTH_CHANGED' }
  | { type: 'RETRY' }
  | { type: 'STOP' };

/** What the machine asks its owner to do. It never touches the socket itself. */
export interface ConnectionEffects {
  openSocket(): void;
  closeSocket(): void;
  /**
   * Refresh the session token, then answer AUTH_OK, AUTH_RETRY or AUTH_FAILED. With
   * `onlyIfExpiring`, a token that is not about to expire is kept (answer AUTH_OK at once).
   */
  refreshAuth(onlyIfExpiring: boolean): void;
  /** Send one heartbeat; answer with PROBE_OK when it comes back. */
  probe(): void;
  /** The probe went unanswered: drop the socket at once (no close event will come for it). */
  abandonSocket(): void;
  /** Called after every transition (and after changes of counters). */
  changed(): void;
}

export interface ConnectionMachineOptions {
  backoff?: BackoffOptions;
  circuitBreaker?: CircuitBreakerOptions;
  /** A connect attempt that neither opens nor fails within this time counts as failed (default 10000). */
  connectTimeoutMs?: number;
  /** How long a check waits for its heartbeat's reply before the socket counts as dead (default 2000). */
  probeTimeoutMs?: number;
}

export interface ConnectionSnapshot {
  state: ConnectionStateName;
  status: ConnectionStatus;
  circuit: CircuitState;
  /** Connect attempts since the last successful open (reset on open). */
  reconnectAttempts: number;
  /** Consecutive failed connects (feeds the circuit breaker). */
  consecutiveFailures: number;
  nextRetryAt: number | null;
  /** Total number of reconnects after a drop, ever (for stats). */
  totalReconnects: number;
}

interface TimedState {
  name: ConnectionStateName;
  /** Delay of this state's timed transition, when it has one. */
  timerMs?: number;
}

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
      status: this.#status(),
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
        if (s === 'connected' && isPageCheck(event)) return this.#go({ name: 'verifying', timerMs: this.#probeTimeoutMs });
        if (s === 'verifying' && event.type === 'PROBE_OK') return this.#go({ name: 'connected' });
        if (s === 'verifying' && event.type === 'TIMER') {
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
      const token = next;
      if (next.name === 'backoff' || next.name === 'circuit-open') this.#nextRetryAt = this.#env.now() + next.timerMs;
      this.#timer = this.#env.setTimeout(() => {
        // A timer belongs to the state object that armed it.
        if (this.#state !== token) return;
        this.#timer = undefined;
        this.send({ type: 'TIMER' });
      }, next.timerMs);
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

  #status(): ConnectionStatus {
    switch (this.#state.name) {
      case 'idle':
        return 'initial';
      case 'connected':
      case 'verifying':
        return 'connected';
      case 'offline':
        return 'offline';
      case 'connecting':
        return this.#everConnected || this.#failures > 0 ? 'reconnecting' : 'connecting';
      case 'backoff':
      case 'refreshing-auth':
        return 'reconnecting';
      case 'circuit-open':
      case 'dormant':
      case 'paused':
      case 'stopped':
        return 'disconnected';
    }
  }
}

/** The page came back (visible, online, restored from the back/forward cache) or woke up. */
function isPageCheck(event: ConnectionEvent): boolean {
  return event.type === 'VISIBLE' || event.type === 'ONLINE' || event.type === 'PAGE_SHOW' || event.type === 'WAKE';
}
