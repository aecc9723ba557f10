import type { SupabaseClient } from '@supabase/supabase-js';
import type { RealtimeEnvironment } from '../realtimeEnvironment';
import type { ChannelHost, ChannelSubscriber, SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';
import type { BindingErrorRetry } from './bindingErrorRetry';
import type { ChannelFailurePolicy } from './channelFailurePolicy';
import type { ChannelRegistry } from './channelRegistry';
import type { ConnectionLifecycle } from './connectionLifecycle';
import { redact, type EventLog } from './managerEventLog';
import type { ManagerHealth } from './managerHealth';
import type { QueryInvalidation } from './queryInvalidation';

/**
 * The manager's parts a channel's requests go to. Getters, because the registry is built
 * with this host before the parts that answer its channels exist.
 */
export interface ChannelHostParts {
  client: SupabaseClient;
  gracePeriodMs: number;
  postgresReadyTimeoutMs: number;
  env: RealtimeEnvironment;
  events: EventLog;
  connection(): ConnectionLifecycle;
  health(): ManagerHealth;
  registry(): ChannelRegistry;
  gaps(): QueryInvalidation;
  failures(): ChannelFailurePolicy;
  bindingRetry(): BindingErrorRetry;
}

/** What a SharedChannel asks of its manager, routed to the module in charge of each request. */
export class ManagerChannelHost implements ChannelHost {
  readonly client: SupabaseClient;
  readonly gracePeriodMs: number;
  readonly postgresReadyTimeoutMs: number;
  readonly #parts: ChannelHostParts;
  readonly #env: RealtimeEnvironment;
  readonly #events: EventLog;

  constructor(parts: ChannelHostParts) {
    this.client = parts.client;
    this.gracePeriodMs = parts.gracePeriodMs;
    this.postgresReadyTimeoutMs = parts.postgresReadyTimeoutMs;
    this.#parts = parts;
    this.#env = parts.env;
    this.#events = parts.events;
  }

  /** Records a redacted payload sample, only while the event log has a listener. */
  samplePayload(channel: SharedChannel, payload: unknown): void {
    if (this.#events.listening) this.#events.record('payload', channel.topic, { payload: redact(payload) });
  }

  isSocketOpen(): boolean {
    return this.#parts.connection().isSocketOpen();
  }

  ensureConnected(): void {
    this.#parts.connection().start();
  }

  now(): number {
    return this.#env.now();
  }

  setTimeout(fn: () => void, ms: number): unknown {
    return this.#env.setTimeout(fn, ms);
  }

  clearTimeout(handle: unknown): void {
    this.#env.clearTimeout(handle);
  }

  channelChanged(channel: SharedChannel): void {
    this.#parts.health().update();
    this.#events.channel(channel);
  }

  channelUnused(channel: SharedChannel): void {
    this.#parts.registry().remove(channel);
    this.#events.channelLeft(channel.topic);
  }

  channelGap(_channel: SharedChannel, subscribers: readonly ChannelSubscriber[]): void {
    const registry = this.#parts.registry();
    this.#parts.gaps().recover(subscribers, (subscriber) => registry.queryKeyOf(subscriber));
  }

  channelClosedByServer(channel: SharedChannel, reason: string | null): void {
    this.#parts.failures().closedByServer(channel, reason);
  }

  channelRefused(channel: SharedChannel, error: ErrorClassification): void {
    this.#parts.failures().refused(channel, error);
  }

  channelBindingFailed(channel: SharedChannel, error: ErrorClassification): void {
    this.#parts.bindingRetry().failed(channel, error);
  }
}
