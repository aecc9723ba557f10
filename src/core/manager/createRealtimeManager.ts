import type { SupabaseClient } from '@supabase/supabase-js';
import { claimClient, liveManagerOf, releaseClient } from '../managerRegistry';
import { RealtimeConfigError } from '../realtimeConfigError';
import { createDefaultEnvironment, type RealtimeEnvironment } from '../realtimeEnvironment';
import { assertSupportedClient } from '../supportedClient';
import type { ChannelHost, ChannelSubscriber, SharedChannel } from '../sharedChannel';
import type { ErrorClassification } from '../types';
import type { SubscriptionHandle } from '../subscriptionHandle';
import type { PostgresSubscriptionSpec } from '../types';
import { AuthBridge } from './authBridge';
import { BindingErrorRetry } from './bindingErrorRetry';
import { ChannelFailurePolicy } from './channelFailurePolicy';
import { ChannelRegistry, type AttachRequest } from './channelRegistry';
import { ConnectionLifecycle } from './connectionLifecycle';
import { databaseBroadcastRequest } from './databaseBroadcastRequest';
import { ManagerHealth } from './managerHealth';
import { createEventLog, redact, redactText, type EventLog } from './managerEventLog';
import { ManagerLifetime } from './managerLifetime';
import { warnPublicRoomForDatabaseChanges } from './privateMismatchWarning';
import { collectStats } from './managerStats';
import { createPresenceHandle } from './presenceStore';
import { QueryInvalidation } from './queryInvalidation';
import { postgresRequest, roomRequest, roomTopic } from './subscriptionRequests';
import type {
  BroadcastHandle,
  PresenceHandle,
  RealtimeManager,
  RealtimeManagerOptions,
  RealtimeManagerStats,
  RetainOptions,
  RoomOptions,
} from './realtimeManagerTypes';

/**
 * Create the connection manager for a supabase-js client. It owns the client's realtime
 * socket: one socket, a registry of shared channels with reference counts, and one connection
 * state machine in charge of every retry. Nothing happens until `connect()` or a first
 * subscription, so creating one during render (or on the server) has no side effects.
 *
 * One live manager per client: a second one for the same client (before the first was
 * destroyed) throws `RealtimeConfigError('manager-exists')`, because both would drive the same
 * realtime-js channel instances. `<RealtimeProvider client>` shares one instead.
 */
export function createRealtimeManager(client: SupabaseClient, options: RealtimeManagerOptions = {}): RealtimeManager {
  return new Manager(client, options);
}

/**
 * Composition only: each job lives in its own module (docs/architecture.md), and this class
 * wires them together and checks the public calls. It is also the channels' `ChannelHost`.
 */
class Manager implements RealtimeManager, ChannelHost {
  readonly client: SupabaseClient;
  readonly gracePeriodMs: number;
  readonly postgresReadyTimeoutMs: number;
  readonly #env: RealtimeEnvironment;
  readonly #health: ManagerHealth;
  readonly #registry: ChannelRegistry;
  readonly #connection: ConnectionLifecycle;
  readonly #auth: AuthBridge;
  readonly #failures: ChannelFailurePolicy;
  readonly #bindingRetry: BindingErrorRetry;
  readonly #gaps: QueryInvalidation;
  readonly #lifetime: ManagerLifetime;
  #simulatedOffline = false;
  readonly events: EventLog;
  #destroyed = false;

  constructor(client: SupabaseClient, options: RealtimeManagerOptions) {
    if (!client || typeof client !== 'object' || !('realtime' in client) || typeof client.channel !== 'function') {
      throw new RealtimeConfigError('invalid-option', 'createRealtimeManager(client) needs a SupabaseClient from createClient(url, key).');
    }
    // Before anything touches realtime-js: on an older release the socket hooks would throw
    // later, inside an effect, with a TypeError nobody can act on.
    assertSupportedClient(client);
    this.client = client;
    this.gracePeriodMs = nonNegative(options.gracePeriodMs ?? 1500, 'gracePeriodMs');
    const maxChannels = nonNegative(options.maxChannels ?? 100, 'maxChannels');
    this.postgresReadyTimeoutMs = nonNegative(options.postgresReadyTimeoutMs ?? 10_000, 'postgresReadyTimeoutMs');
    const rejoinSpreadMs = nonNegative(options.rejoinSpreadMs ?? 500, 'rejoinSpreadMs');
    const probeTimeoutMs = positive(options.probeTimeoutMs ?? 2000, 'probeTimeoutMs');
    const hiddenDisconnectAfterMs = options.hiddenDisconnectAfterMs === undefined ? undefined : nonNegative(options.hiddenDisconnectAfterMs, 'hiddenDisconnectAfterMs');
    const env = (this.#env = { ...createDefaultEnvironment(), ...options.environment });
    // `simulateOffline(true)` overrides the network state for this manager only.
    const isOnline = env.isOnline;
    env.isOnline = () => !this.#simulatedOffline && isOnline();
    const events = (this.events = createEventLog(env.now));
    const destroyed = () => this.#destroyed;
    const recordError = this.#recordError;

    this.#health = new ManagerHealth({
      env,
      connection: () => this.#connection.snapshot,
      needsAuth: () => this.#auth.needsAuth,
      channels: () => this.#registry.channels(),
      destroyed,
    });
    this.#registry = new ChannelRegistry(this, maxChannels, {
      changed: () => this.#health.update(),
      mayReleaseSocket: () => !this.#connection.held && !this.#destroyed,
    });
    this.#auth = new AuthBridge({
      client,
      env,
      recordError,
      authChanged: () => {
        this.#connection.authChanged();
        this.#failures.rejoinParked();
      },
      identityChanged: () => {
        for (const channel of [...this.#registry.channels()]) {
          if (channel.subscriberCount > 0) channel.recreate({ gap: true });
        }
      },
      changed: () => this.#health.update(),
      roundTrip: (timeoutMs) => this.#connection.roundTrip(timeoutMs),
    });
    this.#connection = new ConnectionLifecycle(
      {
        realtime: client.realtime,
        env,
        rejoinSpreadMs,
        channels: () => this.#registry.channels(),
        hasNoChannels: () => this.#registry.size === 0,
        recordError,
        messageArrived: () => this.#health.messageArrived(),
        heartbeatAnswered: (latency) => {
          this.#health.heartbeatAnswered(latency);
          events.record('heartbeat', undefined, { latencyMs: latency ?? null });
        },
        changed: () => {
          this.#health.update();
          events.connection(this.#connection.snapshot);
        },
        refreshAuth: (onlyIfExpiring) => this.#auth.refresh(onlyIfExpiring),
        sessionRestored: () => this.#auth.sessionRestored(),
        attached: () => this.#auth.start(),
        destroyed,
      },
      {
        backoff: options.backoff,
        circuitBreaker: options.circuitBreaker,
        connectTimeoutMs: options.connectTimeoutMs,
        probeTimeoutMs,
        hiddenDisconnectAfterMs,
      },
    );
    this.#failures = new ChannelFailurePolicy({
      env,
      channels: () => this.#registry.channels(),
      remove: (channel) => this.#registry.remove(channel),
      recordError,
      refreshAuth: () => this.refreshAuth(),
      lastAuthError: () => this.#auth.lastError,
    });
    this.#bindingRetry = new BindingErrorRetry({ env, recordError });
    this.#gaps = new QueryInvalidation(options.invalidateQueries ?? null);
    this.#lifetime = new ManagerLifetime({
      env,
      gracePeriodMs: this.gracePeriodMs,
      endsWithLastRelease: () => !this.#destroyed && liveManagerOf(client)?.providerShared === true,
      end: () => void this.destroy(),
    });
    // Last, after every option was validated: a refused manager must not hold the client.
    claimClient(client, this);
  }

  get health() {
    return this.#health.store;
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  // --- public surface ---------------------------------------------------------

  connect(): void {
    this.#assertAlive();
    this.#connection.start();
  }

  reconnect(): void {
    this.#assertAlive();
    // The app acknowledged an ended session (or wants a fresh try): clear needs-auth.
    this.#auth.clearNeedsAuth();
    this.#auth.retryNow();
    this.#connection.retryNow();
    // An explicit retry also retries channels the server closed or refused (permission, …).
    this.#failures.rejoinParked();
  }

  retain(options: RetainOptions = {}): () => void {
    this.#assertAlive();
    const releaseLifetime = this.#lifetime.retain();
    const releaseHold = options.keepConnected ? this.#connection.hold() : null;
    this.connect();
    return () => {
      releaseHold?.();
      releaseLifetime();
    };
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    releaseClient(this.client, this);
    this.#lifetime.cancel();
    this.#connection.stopPageEvents();
    this.#auth.stop();
    await this.#registry.disposeAll();
    this.#connection.stop();
    await this.client.realtime.disconnect();
    this.#health.update();
  }

  setQueryInvalidator(invalidate: ((queryKey: readonly unknown[]) => unknown) | null): void {
    this.#gaps.set(invalidate);
  }

  addQueryInvalidator(invalidate: (queryKey: readonly unknown[]) => unknown): () => void {
    return this.#gaps.add(invalidate);
  }

  refreshAuth(): Promise<boolean> {
    return this.#auth.refresh().then((outcome) => outcome === 'ok');
  }

  getStats(): RealtimeManagerStats {
    return collectStats({
      realtime: this.client.realtime,
      registry: this.#registry,
      connection: this.#connection.snapshot,
      healthListeners: this.#health.store.listenerCount,
      healthNotifications: this.#health.store.notificationCount,
    });
  }

  subscribe<Row = Record<string, unknown>>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' }): SubscriptionHandle {
    this.#assertAlive();
    return this.#attach(spec.topic !== undefined ? databaseBroadcastRequest(spec) : postgresRequest(spec));
  }

  broadcast(channelName: string, event: string, onMessage?: (payload: unknown) => void, options: RoomOptions = {}): BroadcastHandle {
    this.#assertAlive();
    const request = roomRequest(channelName, options?.private, {
      onBroadcast: (message) => {
        if (message.event === event) onMessage?.(message.payload);
      },
    });
    if (typeof event !== 'string' || event === '') {
      throw new RealtimeConfigError('invalid-option', 'useBroadcast(channel, event, …) needs a non-empty event name.');
    }
    warnPublicRoomForDatabaseChanges(request.topic, event, request.config.private === true);
    const handle = this.#attach(request);
    const channel = this.#registry.get(request.topic);
    return Object.assign(handle, {
      send: (payload: unknown) => (channel && !channel.disposed ? channel.send(event, payload) : Promise.resolve('error' as const)),
    });
  }

  presence<State extends Record<string, unknown> = Record<string, unknown>>(channelName: string, myState?: State, options: RoomOptions = {}): PresenceHandle<State> {
    this.#assertAlive();
    const topic = roomTopic(channelName);
    const isPrivate = options?.private;
    return createPresenceHandle<State>(
      {
        topic,
        attach: (subscriber) => this.#attach(roomRequest(topic, isPrivate, subscriber)),
        channel: () => this.#registry.get(topic),
      },
      myState,
    );
  }

  simulateOffline(offline: boolean): void {
    this.#assertAlive();
    if (this.#simulatedOffline === !!offline) return;
    this.#simulatedOffline = !!offline;
    // What the browser's offline/online events would tell the machine (not "online" while the
    // device really is offline: isOnline() still says no).
    this.#connection.machine.send({ type: this.#env.isOnline() ? 'ONLINE' : 'OFFLINE' });
  }

  get simulatedOffline(): boolean {
    return this.#simulatedOffline;
  }

  leaveChannel(topic: string): void {
    this.#assertAlive();
    const instance = this.#registry.get(topic)?.instance;
    if (!instance) {
      throw new RealtimeConfigError('invalid-option', `leaveChannel(topic): no joined channel "${String(topic)}"; pass a topic from getStats().channels.`);
    }
    // Left on the socket like a server close: the channel is parked until reconnect().
    void instance.unsubscribe();
  }

  // --- ChannelHost: what a SharedChannel asks of its manager --------------------

  /** Set while the event log has a listener: channels then pass it payload samples. */
  get samplePayload(): ((channel: SharedChannel, payload: unknown) => void) | null {
    return this.events.listening ? this.#samplePayload : null;
  }

  isSocketOpen(): boolean {
    return this.#connection.isSocketOpen();
  }

  ensureConnected(): void {
    this.#connection.start();
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
    this.#health.update();
    this.events.channel(channel);
  }

  channelUnused(channel: SharedChannel): void {
    this.#registry.remove(channel);
    this.events.channelLeft(channel.topic);
  }

  channelGap(_channel: SharedChannel, subscribers: readonly ChannelSubscriber[]): void {
    this.#gaps.recover(subscribers, (subscriber) => this.#registry.queryKeyOf(subscriber));
  }

  channelClosedByServer(channel: SharedChannel, reason: string | null): void {
    this.#failures.closedByServer(channel, reason);
  }

  channelRefused(channel: SharedChannel, error: ErrorClassification): void {
    this.#failures.refused(channel, error);
  }

  channelBindingFailed(channel: SharedChannel, error: ErrorClassification): void {
    this.#bindingRetry.failed(channel, error);
  }

  // --- internals ----------------------------------------------------------------

  #attach(request: AttachRequest): SubscriptionHandle {
    const handle = this.#registry.attach(request);
    this.#connection.attach();
    return handle;
  }

  #recordError = (classification: ErrorClassification, code?: string): void => {
    this.#health.recordError(classification, code);
    this.events.record('fault', undefined, { code: code ?? classification.code, category: classification.category, message: redactText(classification.technicalMessage) });
  };

  #samplePayload = (channel: SharedChannel, payload: unknown): void => this.events.record('payload', channel.topic, { payload: redact(payload) });

  #assertAlive(): void {
    if (this.#destroyed) {
      throw new RealtimeConfigError('manager-destroyed', 'This realtime manager was destroyed; create a new one with createRealtimeManager(client).');
    }
  }
}

function positive(value: number, name: string): number {
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
    throw new RealtimeConfigError('invalid-option', `Option \`${name}\` must be a finite number > 0 (got ${String(value)}).`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new RealtimeConfigError('invalid-option', `Option \`${name}\` must be a finite number >= 0 (got ${String(value)}).`);
  }
  return value;
}
