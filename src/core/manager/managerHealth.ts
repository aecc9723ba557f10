import type { ConnectionSnapshot } from '../connectionMachine';
import { HealthStore } from '../healthStore';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import type { SharedChannel } from '../sharedChannel';
import type { ErrorClassification, HealthError } from '../types';

export interface HealthSources {
  env: RealtimeEnvironment;
  connection(): ConnectionSnapshot;
  /** Why the session ended, while it has (a refused refresh); null otherwise. */
  needsAuth(): ErrorClassification | null;
  channels(): Iterable<SharedChannel>;
  destroyed(): boolean;
}

/**
 * The manager's health: what it last heard from the socket (latency, heartbeats, messages,
 * the last error) folded together with the connection machine and the channels into one
 * `HealthStore` snapshot. Every module reports here; none writes the store directly.
 */
export class ManagerHealth {
  readonly store = new HealthStore();
  readonly #sources: HealthSources;
  #lastError: HealthError | null = null;
  #latencyMs: number | null = null;
  #lastHeartbeatAt: number | null = null;
  #lastMessageAt: number | null = null;

  constructor(sources: HealthSources) {
    this.#sources = sources;
  }

  recordError(classification: ErrorClassification, code?: string): void {
    this.#lastError = {
      code: code ?? classification.code ?? classification.category,
      reason: classification.technicalMessage,
      category: classification.category,
      at: this.#sources.env.now(),
    };
    this.update();
  }

  messageArrived(): void {
    this.#lastMessageAt = this.#sources.env.now();
    this.update();
  }

  heartbeatAnswered(latencyMs: number | undefined): void {
    this.#latencyMs = latencyMs ?? this.#latencyMs;
    this.#lastHeartbeatAt = this.#sources.env.now();
    this.update();
  }

  /** Recompute the snapshot (the store keeps the old one when nothing changed). */
  update(): void {
    const machine = this.#sources.connection();
    let total = 0;
    let joined = 0;
    let joining = 0;
    let errored = 0;
    let subscribers = 0;
    for (const channel of this.#sources.channels()) {
      total++;
      subscribers += channel.subscriberCount;
      if (channel.status === 'joined') joined++;
      else if (channel.status === 'joining' || channel.status === 'rejoining') joining++;
      else if (channel.status === 'errored' || channel.status === 'closed') errored++;
    }
    const needsAuth = this.#sources.needsAuth();
    this.store.update({
      // An ended session outranks the socket's state: only a sign-in fixes it.
      status: this.#sources.destroyed() ? 'disconnected' : needsAuth ? 'needs-auth' : machine.status,
      authError: needsAuth,
      circuit: machine.circuit,
      reconnectAttempts: machine.reconnectAttempts,
      nextRetryAt: machine.nextRetryAt,
      latencyMs: this.#latencyMs,
      lastHeartbeatAt: this.#lastHeartbeatAt,
      lastMessageAt: this.#lastMessageAt,
      lastError: this.#lastError,
      channels: { total, joined, joining, errored },
      subscribers,
    });
  }
}
