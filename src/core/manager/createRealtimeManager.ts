import type { SupabaseClient } from '@supabase/supabase-js';
import { claimClient, liveManagerOf, releaseClient } from '../managerRegistry';
import { RealtimeConfigError } from '../realtimeConfigError';
import { createDefaultEnvironment, type RealtimeEnvironment } from '../realtimeEnvironment';
import type { SubscriptionHandle } from '../subscriptionHandle';
import type { ErrorClassification, PostgresSubscriptionSpec } from '../types';
import { AuthBridge } from './authBridge';
import { BindingErrorRetry } from './bindingErrorRetry';
import { ChannelFailurePolicy } from './channelFailurePolicy';
import { ChannelRegistry, type AttachRequest } from './channelRegistry';
import { ConnectionLifecycle } from './connectionLifecycle';
import { databaseBroadcastRequest } from './databaseBroadcastRequest';
import { ManagerHealth } from './managerHealth';
import { ManagerChannelHost } from './managerChannelHost';
import { createEventLog, type EventLog } from './managerEventLog';
import { ManagerLifetime } from './managerLifetime';
import { collectStats } from './managerStats';
import { resolveManagerOptions } from './managerOptions';
import { createPresenceHandle } from './presenceStore';
import { QueryInvalidation } from './queryInvalidation';
import { broadcastRequest, postgresRequest, roomRequest, roomTopic } from './subscriptionRequests';
import type { BroadcastHandle, PresenceHandle, RealtimeManager, RealtimeManagerOptions, RealtimeManagerStats, RetainOptions, RoomOptions } from './realtimeManagerTypes';

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
 * wires them together and checks the public calls. Channels reach it through a `ManagerChannelHost`.
 */
class Manager implements RealtimeManager {
  readonly client: SupabaseClient;
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
    const { gracePeriodMs, maxChannels, postgresReadyTimeoutMs, rejoinSpreadMs, lifecycle } = resolveManagerOptions(client, options);
    this.client = client;
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
    const host = new ManagerChannelHost({
      client,
      gracePeriodMs,
      postgresReadyTimeoutMs,
      env,
      events,
      connection: () => this.#connection,
      health: () => this.#health,
      registry: () => this.#registry,
      gaps: () => this.#gaps,
      failures: () => this.#failures,
      bindingRetry: () => this.#bindingRetry,
    });
    this.#registry = new ChannelRegistry(host, maxChannels, {
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
      lifecycle,
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
      gracePeriodMs,
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
    // A manager created on this client meanwhile (a remounted provider) uses the socket now.
    const handedOver = liveManagerOf(this.client) !== undefined;
    this.#connection.stop(handedOver);
    if (!handedOver) await this.client.realtime.disconnect();
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
    const request = broadcastRequest(channelName, event, onMessage, options?.private);
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

  // --- internals ----------------------------------------------------------------

  #attach(request: AttachRequest): SubscriptionHandle {
    const handle = this.#registry.attach(request);
    this.#connection.attach();
    return handle;
  }

  #recordError = (classification: ErrorClassification, code?: string): void => {
    this.#health.recordError(classification, code);
    this.events.record('fault', undefined, { code: code ?? classification.code, category: classification.category, message: classification.technicalMessage });
  };

  #assertAlive(): void {
    if (this.#destroyed) {
      throw new RealtimeConfigError('manager-destroyed', 'This realtime manager was destroyed; create a new one with createRealtimeManager(client).');
    }
  }
}
