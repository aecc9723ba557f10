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
  /** Whether any frame arrived since the probe was sent or this was last asked (then cleared). */
  framesSinceProbe(): boolean;
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

/** A state as the machine holds it: a fresh object per entry, so its timer can tell it apart. */
export interface TimedState {
  name: ConnectionStateName;
  /** Delay of this state's timed transition, when it has one. */
  timerMs?: number;
}
