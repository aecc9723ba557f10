import type { SupabaseClient } from '@supabase/supabase-js';
import { awaitRealtimeToken } from './awaitRealtimeToken';
import { computeBackoffDelay } from './backoff';
import { bindingKey, deriveChannelName, normalisePostgresBinding } from './channelTopic';
import { classifyError } from './classifyError';
import { ConnectionMachine } from './connectionMachine';
import { HealthStore } from './healthStore';
import { claimClient, releaseClient } from './managerRegistry';
import { RealtimeConfigError } from './realtimeConfigError';
import { createDefaultEnvironment, type RealtimeEnvironment } from './realtimeEnvironment';
import { SharedChannel, type ChannelHost, type ChannelSubscriber, type SharedChannelConfig } from './sharedChannel';
import { SubscriptionHandle } from './subscriptionHandle';
import { RealtimeSocketHooks, releaseSocketWithoutChannels } from './realtimeSocketHooks';
import { refreshRealtimeAuth } from './refreshRealtimeAuth';
import type {
  BackoffOptions,
  CircuitBreakerOptions,
  ErrorClassification,
  ExternalStore,
  HealthError,
  ManagerProblem,
  ManagerStats,
  PostgresChangesPayload,
  PostgresSubscriptionSpec,
  RealtimeManagerContract,
  SubscriptionState,
} from './types';

export interface RealtimeManagerOptions {
  /** How long a channel without subscribers is kept before it is left, ms (default 1500). */
  gracePeriodMs?: number;
  /** Most channels at once; Supabase's default per-connection limit is 100 (default 100). */
  maxChannels?: number;
  /** Socket reconnect backoff with full jitter (defaults 1 s, ×2, 30 s cap). */
  backoff?: BackoffOptions;
  /** Consecutive failed connects before pausing (defaults 5 failures, 30 s cooldown). */
  circuitBreaker?: CircuitBreakerOptions;
  /** A connect attempt that neither opens nor fails in this time counts as failed (default 10000). */
  connectTimeoutMs?: number;
  /** Window over which channels waiting for the socket are joined after it opens, ms (default 500). */
  rejoinSpreadMs?: number;
  /** Network, visibility and timers; defaults to the browser's when present. */
  environment?: Partial<RealtimeEnvironment>;
  /** Invalidates TanStack Query keys after a gap (the provider wires its QueryClient here). */
  invalidateQueries?: (queryKey: readonly unknown[]) => unknown;
}

/** Options of a broadcast or presence channel. */
export interface RoomOptions {
  /**
   * Join as a private channel (`config.private`): the server lets only users whose RLS
   * policies on `realtime.messages` allow the topic in; a refusal is a `permission` error.
   * Part of the channel's identity: the same name cannot be used public and private at once.
   */
  private?: boolean;
}

/** A broadcast binding: its status store, `send` and its own release. */
export interface BroadcastHandle extends ExternalStore<SubscriptionState> {
  readonly topic: string;
  send(payload: unknown): Promise<'ok' | 'error' | 'timed out'>;
  unsubscribe(): void;
}

export interface PresenceSnapshot<State = Record<string, unknown>> {
  status: SubscriptionState['status'];
  /** Presence key → the states tracked under it. */
  members: Readonly<Record<string, readonly State[]>>;
}

/** A presence binding: a store of members, `track` and its own release. */
export interface PresenceHandle<State = Record<string, unknown>> extends ExternalStore<PresenceSnapshot<State>> {
  readonly topic: string;
  track(state: State): Promise<'ok' | 'error' | 'timed out'>;
  unsubscribe(): void;
}

/** Counters beyond the contract, for the benchmark and leak checks. */
export interface RealtimeManagerStats extends ManagerStats {
  /** Subscribers across all channels. */
  subscribers: number;
  /** Listeners on the manager's stores plus realtime-js channels still registered. */
  listeners: number;
  /** Channels realtime-js still holds (ours and anybody else's). */
  clientChannels: number;
  /** Socket reconnects after a drop, since creation. */
  reconnects: number;
  /** `subscribe()` calls on fresh channel instances, since creation (one per join we started). */
  channelJoins: number;
  /** Batched health notifications sent. */
  healthNotifications: number;
}

export interface RealtimeManager extends RealtimeManagerContract {
  /** Subscribe to `postgres_changes`. Identical specs share one channel and one join. */
  subscribe<Row = Record<string, unknown>>(spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' }): SubscriptionHandle;
  /** Listen to one broadcast event on a named channel; `send` broadcasts it. */
  broadcast(channel: string, event: string, onMessage?: (payload: unknown) => void, options?: RoomOptions): BroadcastHandle;
  /** Join a named channel's presence, optionally tracking `myState`. */
  presence<State extends Record<string, unknown> = Record<string, unknown>>(channel: string, myState?: State, options?: RoomOptions): PresenceHandle<State>;
  /**
   * Keep the manager alive while the returned release has not been called. After the last
   * release the manager is destroyed once the grace period has passed (so StrictMode's
   * unmount/remount keeps everything). It does not keep the socket up by itself: a close while
   * nothing is subscribed leaves the manager dormant until the next subscription or connect().
   */
  retain(): () => void;
  /**
   * Keep the socket connecting (backoff, circuit breaker as usual) while the returned release
   * has not been called, even with nothing subscribed: a close is then retried instead of
   * leaving the manager dormant. The ErrorBoundary holds one while it waits for a reconnect.
   */
  holdConnection(): () => void;
  /** Wire (or unwire) TanStack Query invalidation for gap recovery. */
  setQueryInvalidator(invalidate: ((queryKey: readonly unknown[]) => unknown) | null): void;
  /**
   * Add an invalidator that takes precedence until its release is called (the most recent one
   * still added wins). For several providers sharing one manager: one unmounting does not
   * unwire the others.
   */
  addQueryInvalidator(invalidate: (queryKey: readonly unknown[]) => unknown): () => void;
  /** Refresh the session token and push it to realtime; false when the refresh failed. */
  refreshAuth(): Promise<boolean>;
  /**
   * Try to connect now (skips a pending backoff, an open circuit or an auth failure), and
   * rejoin channels the server closed or refused (e.g. a permission refusal after the app
   * changed the policies); a refused join is otherwise retried only after an auth change.
   */
  reconnect(): void;
  getStats(): RealtimeManagerStats;
  readonly destroyed: boolean;
}

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

class Manager implements RealtimeManager, ChannelHost {
  readonly client: SupabaseClient;
  readonly health = new HealthStore();
  readonly gracePeriodMs: number;
  #env: RealtimeEnvironment;
  #maxChannels: number;
  #rejoinSpreadMs: number;
  #machine: ConnectionMachine;
  #hooks: RealtimeSocketHooks | null = null;
  #channels = new Map<string, SharedChannel>();
  #handles = new Map<ChannelSubscriber, { refresh(): void; queryKey(): readonly unknown[] | undefined; listeners(): number }>();
  #invalidate: ((queryKey: readonly unknown[]) => unknown) | null;
  #addedInvalidators: { invalidate: (queryKey: readonly unknown[]) => unknown }[] = [];
  #destroyed = false;
  #retainers = 0;
  /** Open `holdConnection()`s: while any, a close with no channels is not idle. */
  #holds = 0;
  #releaseTimer: unknown = undefined;
  #lastError: HealthError | null = null;
  #latencyMs: number | null = null;
  #lastHeartbeatAt: number | null = null;
  #lastMessageAt: number | null = null;
  #authInFlight: Promise<boolean> | null = null;
  #serverClosed = new Map<SharedChannel, number>();
  /** Auth refusals of a join since the channel was last joined (bounds refresh-and-rejoin). */
  #authRefusals = new Map<SharedChannel, number>();
  #envUnsubscribe: (() => void) | null = null;
  #authUnsubscribe: (() => void) | null = null;
  #connectGeneration = 0;
  /** Counts socket opens, so a token wait of an earlier open does not release joins. */
  #openGeneration = 0;
  /** False from a socket open until realtime has its token (no join may be sent before). */
  #tokenReady = true;
  #tearingDown = false;
  #channelJoinsBase = 0;

  constructor(client: SupabaseClient, options: RealtimeManagerOptions) {
    if (!client || typeof client !== 'object' || !('realtime' in client) || typeof client.channel !== 'function') {
      throw new RealtimeConfigError('invalid-option', 'createRealtimeManager(client) needs a SupabaseClient from createClient(url, key).');
    }
    this.client = client;
    this.gracePeriodMs = nonNegative(options.gracePeriodMs ?? 1500, 'gracePeriodMs');
    this.#maxChannels = nonNegative(options.maxChannels ?? 100, 'maxChannels');
    this.#rejoinSpreadMs = nonNegative(options.rejoinSpreadMs ?? 500, 'rejoinSpreadMs');
    this.#env = { ...createDefaultEnvironment(), ...options.environment };
    this.#invalidate = options.invalidateQueries ?? null;
    this.#machine = new ConnectionMachine(
      this.#env,
      {
        openSocket: () => this.#openSocket(),
        closeSocket: () => {
          this.#connectGeneration++;
          void this.client.realtime.disconnect();
        },
        refreshAuth: () => {
          void this.refreshAuth().then((ok) => this.#machine.send({ type: ok ? 'AUTH_OK' : 'AUTH_FAILED' }));
        },
        changed: () => this.#updateHealth(),
      },
      { backoff: options.backoff, circuitBreaker: options.circuitBreaker, connectTimeoutMs: options.connectTimeoutMs },
    );
    // Last, after every option was validated: a refused manager must not hold the client.
    claimClient(client, this);
  }

  get destroyed(): boolean {
    return this.#destroyed;
  }

  // --- lifecycle -------------------------------------------------------------

  connect(): void {
    this.#assertAlive();
    this.#attach();
    this.#machine.send({ type: 'START' });
  }

  reconnect(): void {
    this.#assertAlive();
    this.#attach();
    this.#machine.send({ type: 'RETRY' });
    // An explicit retry also retries channels the server closed or refused (permission, …).
    this.#recreateServerClosed();
  }

  holdConnection(): () => void {
    this.#assertAlive();
    this.#holds++;
    this.connect();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#holds--;
    };
  }

  retain(): () => void {
    this.#assertAlive();
    this.#retainers++;
    if (this.#releaseTimer !== undefined) {
      this.#env.clearTimeout(this.#releaseTimer);
      this.#releaseTimer = undefined;
    }
    this.connect();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#retainers--;
      if (this.#retainers === 0 && !this.#destroyed) {
        this.#releaseTimer = this.#env.setTimeout(() => {
          this.#releaseTimer = undefined;
          if (this.#retainers === 0) void this.destroy();
        }, this.gracePeriodMs);
      }
    };
  }

  async destroy(): Promise<void> {
    if (this.#destroyed) return;
    this.#destroyed = true;
    releaseClient(this.client, this);
    if (this.#releaseTimer !== undefined) this.#env.clearTimeout(this.#releaseTimer);
    this.#envUnsubscribe?.();
    this.#authUnsubscribe?.();
    const channels = [...this.#channels.values()];
    this.#channels.clear();
    await Promise.all(channels.map((c) => c.dispose()));
    this.#machine.send({ type: 'STOP' });
    this.#hooks?.detach();
    this.#hooks = null;
    await this.client.realtime.disconnect();
    this.#updateHealth();
  }

  setQueryInvalidator(invalidate: ((queryKey: readonly unknown[]) => unknown) | null): void {
    this.#invalidate = invalidate;
  }

  addQueryInvalidator(invalidate: (queryKey: readonly unknown[]) => unknown): () => void {
    const entry = { invalidate };
    this.#addedInvalidators.push(entry);
    return () => {
      const i = this.#addedInvalidators.indexOf(entry);
      if (i >= 0) this.#addedInvalidators.splice(i, 1);
    };
  }

  // --- subscriptions ---------------------------------------------------------

  subscribe<Row = Record<string, unknown>>(
    spec: Omit<PostgresSubscriptionSpec<Row>, 'kind'> & { kind?: 'postgres_changes' },
  ): SubscriptionHandle {
    this.#assertAlive();
    const binding = normalisePostgresBinding(spec);
    const isPrivate = privateOption(spec.private);
    // A private channel gets its own derived name: the same binding may be used both ways.
    const topic = spec.channel ?? `${deriveChannelName(binding)}${isPrivate ? '-private' : ''}`;
    const key = `postgres:${isPrivate ? 'private:' : ''}${bindingKey(binding)}`;
    const config: SharedChannelConfig = { kind: 'postgres', binding, private: isPrivate };
    const subscriber: ChannelSubscriber = {
      label: spec.label,
      onPostgres: spec.onChange ? (payload) => spec.onChange!(payload as PostgresChangesPayload<Row>) : undefined,
      onGap: spec.onResubscribe,
    };
    // `queryKey` is read at gap time, so a caller may pass a getter that follows its latest props.
    return this.#attachSubscriber(topic, key, config, subscriber, () => spec.queryKey, spec.onStatus);
  }

  broadcast(channelName: string, event: string, onMessage?: (payload: unknown) => void, options: RoomOptions = {}): BroadcastHandle {
    this.#assertAlive();
    const topic = roomTopic(channelName);
    const isPrivate = privateOption(options?.private);
    if (typeof event !== 'string' || event === '') {
      throw new RealtimeConfigError('invalid-option', 'useBroadcast(channel, event, …) needs a non-empty event name.');
    }
    const subscriber: ChannelSubscriber = {
      onBroadcast: (message) => {
        if (message.event === event) onMessage?.(message.payload);
      },
    };
    const handle = this.#attachSubscriber(topic, roomKey(topic, isPrivate), { kind: 'room', private: isPrivate }, subscriber);
    const channel = this.#channels.get(topic);
    return Object.assign(handle, {
      send: (payload: unknown) => (channel && !channel.disposed ? channel.send(event, payload) : Promise.resolve('error' as const)),
    });
  }

  presence<State extends Record<string, unknown> = Record<string, unknown>>(channelName: string, myState?: State, options: RoomOptions = {}): PresenceHandle<State> {
    this.#assertAlive();
    const topic = roomTopic(channelName);
    const isPrivate = privateOption(options?.private);
    const listeners = new Set<() => void>();
    let snapshot: PresenceSnapshot<State> = { status: 'idle', members: {} };
    let tracked = myState;
    // Looked up lazily: the shared channel is created (or found) by #attachSubscriber below.
    const channelOf = (): SharedChannel | undefined => this.#channels.get(topic);
    const recompute = () => {
      const status = handle.getSnapshot().status;
      const raw = (channelOf()?.instance?.presenceState() ?? {}) as Record<string, State[]>;
      const members: Record<string, State[]> = {};
      for (const [k, metas] of Object.entries(raw)) members[k] = metas.map(stripPresenceRef) as State[];
      if (status === snapshot.status && shallowMembersEqual(members, snapshot.members)) return;
      snapshot = { status, members };
      for (const l of [...listeners]) l();
    };
    const subscriber: ChannelSubscriber = { onPresenceSync: recompute };
    const handle = this.#attachSubscriber(topic, roomKey(topic, isPrivate), { kind: 'room', private: isPrivate }, subscriber);
    const track = async (state: State) => {
      tracked = state;
      const channel = channelOf();
      const instance = channel?.instance;
      if (!instance || channel?.status !== 'joined') return 'error' as const;
      const result = await instance.track(state);
      return result === 'ok' ? 'ok' : result === 'timed out' ? 'timed out' : 'error';
    };
    handle.subscribe(() => {
      recompute();
      // Track (again) after every join: presence is per connection and lost on a rejoin.
      if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
    });
    if (tracked && handle.getSnapshot().status === 'joined') void track(tracked);
    return {
      topic,
      getSnapshot: () => snapshot,
      subscribe: (listener) => {
        listeners.add(listener);
        return () => {
          listeners.delete(listener);
        };
      },
      track,
      unsubscribe: () => {
        listeners.clear();
        handle.unsubscribe();
      },
    };
  }

  #attachSubscriber(
    topic: string,
    key: string,
    config: SharedChannelConfig,
    subscriber: ChannelSubscriber,
    queryKey: () => readonly unknown[] | undefined = () => undefined,
    onStatus?: PostgresSubscriptionSpec['onStatus'],
  ): SubscriptionHandle {
    let channel = this.#channels.get(topic);
    // A channel kept only by its grace period (e.g. a hook that just switched `private` on the
    // same name) gives way: nobody uses the old configuration any more.
    if (channel && channel.key !== key && channel.subscriberCount === 0) {
      this.channelUnused(channel);
      channel = undefined;
    }
    if (channel && channel.key !== key) {
      throw new RealtimeConfigError(
        'channel-conflict',
        `Channel "${topic}" is already used with a different configuration. Give this subscription another \`channel\` name or omit it to derive one.`,
      );
    }
    if (!channel) {
      if (this.#channels.size >= this.#maxChannels) this.#evictOneUnused();
      if (this.#channels.size >= this.#maxChannels) {
        const error: ErrorClassification = configErrorClassification(
          'channel-limit',
          `Too many realtime channels: the limit is ${this.#maxChannels} per connection (option maxChannels). Share subscriptions or unsubscribe unused ones.`,
        );
        const handle = new SubscriptionHandle(topic, null, error, onStatus);
        onStatus?.('errored', error);
        return handle;
      }
      channel = new SharedChannel(key, topic, config, this);
      this.#channels.set(topic, channel);
    }
    const handle = new SubscriptionHandle(topic, channel, null, onStatus);
    const entry = { refresh: () => handle.refresh(), queryKey, listeners: () => handle.listenerCount };
    const wrapped: ChannelSubscriber = { ...subscriber, onState: () => handle.refresh() };
    this.#handles.set(wrapped, entry);
    const detach = channel.attach(wrapped);
    handle.bindDetach(() => {
      this.#handles.delete(wrapped);
      detach();
    });
    this.#attach();
    return handle;
  }

  #evictOneUnused(): void {
    for (const channel of this.#channels.values()) {
      if (channel.subscriberCount === 0) {
        this.channelUnused(channel);
        return;
      }
    }
  }

  // --- ChannelHost -----------------------------------------------------------

  isSocketOpen(): boolean {
    return this.#tokenReady && this.#machine.state === 'connected' && this.client.realtime.isConnected();
  }

  ensureConnected(): void {
    if (this.#destroyed) return;
    this.#attach();
    this.#machine.send({ type: 'START' });
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
    if (channel.status === 'joined') this.#authRefusals.delete(channel);
    this.#updateHealth();
  }

  channelUnused(channel: SharedChannel): void {
    if (this.#channels.get(channel.topic) === channel) this.#channels.delete(channel.topic);
    this.#serverClosed.delete(channel);
    this.#authRefusals.delete(channel);
    this.#channelJoinsBase += channel.joinCount;
    const hadInstance = channel.instance !== null;
    void channel.dispose().then(() => {
      // A parked (refused) channel had no instance, so realtime-js saw no removal: let it
      // close the socket it was keeping for us, as it does after its last channel leaves.
      if (!hadInstance && this.#channels.size === 0 && this.#holds === 0 && !this.#destroyed) releaseSocketWithoutChannels(this.client.realtime);
      this.#updateHealth();
    });
    this.#updateHealth();
  }

  channelGap(channel: SharedChannel, subscribers: readonly ChannelSubscriber[]): void {
    const invalidated = new Set<string>();
    const invalidate = this.#addedInvalidators.at(-1)?.invalidate ?? this.#invalidate;
    for (const subscriber of subscribers) {
      const queryKey = this.#handles.get(subscriber)?.queryKey();
      if (queryKey && invalidate) {
        const id = JSON.stringify(queryKey);
        if (!invalidated.has(id)) {
          invalidated.add(id);
          try {
            void Promise.resolve(invalidate(queryKey)).catch(() => {});
          } catch {
            // An invalidation failure must not stop the other subscribers' recovery.
          }
        }
      }
      try {
        subscriber.onGap?.();
      } catch {
        // A throwing onResubscribe belongs to the app; keep notifying the others.
      }
    }
    void channel;
  }

  channelClosedByServer(channel: SharedChannel, reason: string | null): void {
    if (channel.subscriberCount === 0) return this.channelUnused(channel);
    const classification = classifyError(new Error(reason ?? `channel ${channel.topic} closed by the server`));
    this.#recordError(classification);
    const closes = (this.#serverClosed.get(channel) ?? 0) + 1;
    this.#serverClosed.set(channel, closes);
    if (classification.category === 'auth') {
      // Token expired or invalid: refresh, then rejoin with a fresh instance. A failed refresh
      // leaves the channel errored with the auth error; it never rejoins as anon.
      void this.refreshAuth().then((ok) => {
        if (ok) this.#recreateServerClosed();
        else channel.fail(this.#lastAuthError ?? classification);
      });
      return;
    }
    if (classification.category === 'permission' || closes > 3) {
      // Waits for an auth change (sign-in, refreshed token) or an explicit reconnect().
      channel.fail(classification);
      return;
    }
    const delay = computeBackoffDelay(closes - 1, { baseMs: 1000 }, () => this.#env.random());
    this.#env.setTimeout(() => {
      if (!channel.disposed && channel.subscriberCount > 0) channel.recreate();
    }, delay);
  }

  channelRefused(channel: SharedChannel, error: ErrorClassification): void {
    this.#recordError(error);
    // Parked with the server-closed channels: recreated on an auth change or reconnect().
    if (!this.#serverClosed.has(channel)) this.#serverClosed.set(channel, 0);
    if (error.category !== 'auth') return;
    // An expired or invalid token at join time: refresh it and rejoin, as after a server close
    // (realtime-js used to heal this by itself with its rejoin timer). Bounded: after 3 auth
    // refusals without a join in between, wait for an auth change or reconnect().
    const refusals = (this.#authRefusals.get(channel) ?? 0) + 1;
    this.#authRefusals.set(channel, refusals);
    if (refusals > 3) return;
    void this.refreshAuth().then((ok) => {
      if (ok) this.#recreateServerClosed();
      else channel.fail(this.#lastAuthError ?? error);
    });
  }

  #lastAuthError: ErrorClassification | null = null;

  /** Recreate channels the server closed or refused, now that the cause may be fixed. */
  #recreateServerClosed(): void {
    for (const channel of [...this.#serverClosed.keys()]) {
      if (channel.disposed) this.#serverClosed.delete(channel);
      if (!channel.disposed && channel.subscriberCount > 0 && (channel.status === 'closed' || channel.status === 'errored')) channel.recreate();
    }
  }

  // --- auth ------------------------------------------------------------------

  refreshAuth(): Promise<boolean> {
    if (this.#authInFlight) return this.#authInFlight;
    const run = refreshRealtimeAuth(this.client).then(
      () => {
        this.#lastAuthError = null;
        return true;
      },
      (error: unknown) => {
        const classification = classifyError(error);
        const auth: ErrorClassification = classification.category === 'auth' ? classification : { ...classification, category: 'auth', action: 'reauthenticate', retryable: false };
        this.#lastAuthError = auth;
        this.#recordError(auth);
        return false;
      },
    );
    this.#authInFlight = run.finally(() => {
      this.#authInFlight = null;
    });
    return this.#authInFlight;
  }

  #onAuthChange(token: string | null | undefined, signedOut: boolean): Promise<void> {
    // Reach realtime at once (supabase-js does this too, but only for clients without the
    // `accessToken` option; setting the same token twice is a no-op in realtime-js).
    // Sign-out must drop to anon rights before `signOut()` resolves: `setAuth(null)` first asks
    // supabase-js for a token (an await on the session), so a row of the previous user inserted
    // right after `signOut()` would still be delivered. Given a token, realtime-js pushes
    // `access_token` to every joined channel synchronously, so the API key is passed directly.
    // The returned promise is awaited by GoTrue, which awaits its auth callbacks; on sign-out it
    // also waits (briefly) for the server to have read the push, which gets no reply of its own.
    const next = signedOut ? (this.client.realtime.apiKey ?? null) : (token ?? null);
    const pushed = this.client.realtime.setAuth(next).catch(() => {});
    // Without a token, realtime-js asks supabase-js, which reads the session under GoTrue's
    // lock, held while GoTrue awaits this callback: never await that (it would deadlock).
    if (next === null) return Promise.resolve();
    if (signedOut) {
      const hooks = this.#hooks;
      return pushed.then(async () => {
        if (hooks && this.client.realtime.channels.length > 0) await hooks.roundTrip(2000);
      });
    }
    this.#lastAuthError = null;
    this.#machine.send({ type: 'AUTH_CHANGED' });
    this.#recreateServerClosed();
    return pushed;
  }

  // --- socket ----------------------------------------------------------------

  #attach(): void {
    if (this.#hooks || this.#destroyed) return;
    this.#hooks = new RealtimeSocketHooks(this.client.realtime, {
      open: () => this.#socketOpened(),
      close: (event) => {
        const code = event?.code;
        if (code !== undefined && code !== 1000 && code !== 1005) {
          this.#recordError(classifyError(code), String(code));
        }
        const idle = this.#channels.size === 0 && this.client.realtime.channels.length === 0 && this.#holds === 0;
        for (const channel of this.#channels.values()) channel.socketClosed();
        if (this.#tearingDown) return;
        this.#machine.send({ type: 'SOCKET_CLOSE', code, reason: event?.reason, idle });
      },
      error: () => {
        if (this.#machine.state === 'connecting') this.#recordError(classifyError(new Error('WebSocket connection failed')), 'connect_failed');
      },
      message: () => {
        this.#lastMessageAt = this.#env.now();
        this.#updateHealth();
      },
      heartbeat: (status, latency) => {
        if (status === 'ok') {
          this.#latencyMs = latency ?? this.#latencyMs;
          this.#lastHeartbeatAt = this.#env.now();
          this.#updateHealth();
        } else if (status === 'timeout') {
          this.#recordError(classifyError(new Error('heartbeat timeout')), 'heartbeat_timeout');
        }
      },
    });
    this.#envUnsubscribe = this.#env.subscribe((event) => {
      if (event === 'online') this.#machine.send({ type: 'ONLINE' });
      else if (event === 'offline') this.#machine.send({ type: 'OFFLINE' });
      else if (event === 'visible') this.#machine.send({ type: 'VISIBLE' });
    });
    this.#subscribeToAuth();
  }

  #subscribeToAuth(): void {
    let auth: SupabaseClient['auth'] | null = null;
    try {
      // With the `accessToken` option, `client.auth` is a Proxy that throws on any access.
      auth = this.client.auth;
      if (typeof auth?.onAuthStateChange !== 'function') auth = null;
    } catch {
      auth = null;
    }
    if (!auth) return;
    // Returning the promise matters: GoTrue awaits its callbacks before `signOut()` (and
    // `setSession()`) resolve, so the new rights apply before the app's next statement.
    const { data } = auth.onAuthStateChange((event, session) => {
      if (event === 'SIGNED_OUT') return this.#onAuthChange(null, true);
      if (event === 'TOKEN_REFRESHED' || event === 'SIGNED_IN') return this.#onAuthChange(session?.access_token, false);
      return undefined;
    });
    this.#authUnsubscribe = () => data.subscription.unsubscribe();
  }

  #openSocket(): void {
    const generation = ++this.#connectGeneration;
    const realtime = this.client.realtime;
    void (async () => {
      // A closed phoenix socket keeps its dead `conn` until torn down, and `connect()` is a
      // no-op while it is there: tear it down first (no close event fires for a dead conn).
      if (!realtime.isConnected()) {
        // The teardown may deliver the old socket's close event: it is not this attempt's.
        this.#tearingDown = true;
        try {
          await realtime.disconnect();
        } finally {
          this.#tearingDown = false;
        }
      }
      if (generation !== this.#connectGeneration || this.#machine.state !== 'connecting') return;
      if (realtime.isConnected()) this.#socketOpened();
      else realtime.connect();
    })();
  }

  #socketOpened(): void {
    this.#machine.send({ type: 'SOCKET_OPEN' });
    // Why wait: a join carries the token realtime has when the channel subscribes, and
    // supabase-js sets it asynchronously; joined earlier, the channel gets the apikey's rights
    // (sheet section 4, "Token race"). `isSocketOpen()` stays false meanwhile, so channels
    // created during the wait also wait for the joins below.
    const generation = ++this.#openGeneration;
    const wait = awaitRealtimeToken(this.client.realtime, TOKEN_WAIT_MS, this.#env);
    if (!wait) {
      this.#tokenReady = true;
      return this.#joinWaiting();
    }
    this.#tokenReady = false;
    void wait.then(() => {
      if (generation !== this.#openGeneration || this.#destroyed) return;
      this.#tokenReady = true;
      if (this.isSocketOpen()) this.#joinWaiting();
    });
  }

  #joinWaiting(): void {
    // Channels retired when the socket dropped (and channels created while it was down) are
    // joined here with fresh instances, once each, spread over a short window so a reconnect
    // does not send every join in the same millisecond (the server limits joins per second).
    const waiting = [...this.#channels.values()].filter((c) => !c.instance && !c.disposed);
    const step = waiting.length > 1 ? this.#rejoinSpreadMs / waiting.length : 0;
    waiting.forEach((channel, i) => {
      if (i === 0 || step === 0) channel.socketOpened();
      else this.#env.setTimeout(() => this.isSocketOpen() && channel.socketOpened(), Math.floor(i * step));
    });
  }

  // --- health and stats ------------------------------------------------------

  #recordError(classification: ErrorClassification, code?: string): void {
    this.#lastError = {
      code: code ?? classification.code ?? classification.category,
      reason: classification.technicalMessage,
      category: classification.category,
      at: this.#env.now(),
    };
    this.#updateHealth();
  }

  #updateHealth(): void {
    const machine = this.#machine.snapshot();
    let joined = 0;
    let joining = 0;
    let errored = 0;
    let subscribers = 0;
    for (const channel of this.#channels.values()) {
      subscribers += channel.subscriberCount;
      if (channel.status === 'joined') joined++;
      else if (channel.status === 'joining' || channel.status === 'rejoining') joining++;
      else if (channel.status === 'errored' || channel.status === 'closed') errored++;
    }
    this.health.update({
      status: this.#destroyed ? 'disconnected' : machine.status,
      circuit: machine.circuit,
      reconnectAttempts: machine.reconnectAttempts,
      nextRetryAt: machine.nextRetryAt,
      latencyMs: this.#latencyMs,
      lastHeartbeatAt: this.#lastHeartbeatAt,
      lastMessageAt: this.#lastMessageAt,
      lastError: this.#lastError,
      channels: { total: this.#channels.size, joined, joining, errored },
      subscribers,
    });
  }

  getStats(): RealtimeManagerStats {
    const channels = [...this.#channels.values()].map((c) => c.stats());
    const problems: ManagerProblem[] = [];
    const ours = new Set([...this.#channels.keys()].map((t) => `realtime:${t}`));
    for (const instance of this.client.realtime.channels) {
      if (!ours.has(instance.topic)) {
        problems.push({ kind: 'orphaned-channel', topic: instance.topic, message: `realtime-js holds ${instance.topic}, which no subscription of this manager uses.` });
      }
    }
    for (const channel of this.#channels.values()) {
      if (channel.subscriberCount === 0 && !channel.inGracePeriod) {
        problems.push({ kind: 'orphaned-channel', topic: channel.topic, message: `${channel.topic} has no subscribers and is not scheduled for removal.` });
      }
      if (channel.status === 'errored') {
        problems.push({ kind: 'errored-channel', topic: channel.topic, message: `${channel.topic} is errored: ${channel.error?.technicalMessage ?? 'unknown error'}` });
      }
    }
    const machine = this.#machine.snapshot();
    if (machine.reconnectAttempts >= 3) {
      problems.push({ kind: 'repeated-reconnects', message: `${machine.reconnectAttempts} reconnect attempts since the last successful connect.` });
    }
    if (this.#maxChannels > 0 && this.#channels.size >= Math.ceil(this.#maxChannels * 0.8)) {
      problems.push({ kind: 'near-channel-limit', message: `${this.#channels.size} of ${this.#maxChannels} channels in use.` });
    }
    let listeners = this.health.listenerCount;
    for (const entry of this.#handles.values()) listeners += entry.listeners();
    let joins = this.#channelJoinsBase;
    for (const c of this.#channels.values()) joins += c.joinCount;
    return {
      sockets: this.client.realtime.isConnected() || this.client.realtime.isConnecting() ? 1 : 0,
      channels,
      problems,
      subscribers: channels.reduce((n, c) => n + c.subscribers, 0),
      listeners,
      clientChannels: this.client.realtime.channels.length,
      reconnects: machine.totalReconnects,
      channelJoins: joins,
      healthNotifications: this.health.notificationCount,
    };
  }

  #assertAlive(): void {
    if (this.#destroyed) {
      throw new RealtimeConfigError('manager-destroyed', 'This realtime manager was destroyed; create a new one with createRealtimeManager(client).');
    }
  }
}

/** The longest a socket open waits for realtime's token before joining anyway. */
const TOKEN_WAIT_MS = 3000;

function roomTopic(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new RealtimeConfigError('invalid-option', 'A broadcast or presence channel needs a non-empty name, e.g. "room:lobby".');
  }
  return name.trim();
}

/** Public and private rooms of the same name are different configurations (a conflict). */
function roomKey(topic: string, isPrivate: boolean): string {
  return `room:${isPrivate ? 'private:' : ''}${topic}`;
}

function privateOption(value: unknown): boolean {
  if (value === undefined) return false;
  if (typeof value !== 'boolean') {
    throw new RealtimeConfigError('invalid-option', `Option \`private\` must be true or false (got ${typeof value}).`);
  }
  return value;
}

function nonNegative(value: number, name: string): number {
  if (typeof value !== 'number' || !(value >= 0) || !Number.isFinite(value)) {
    throw new RealtimeConfigError('invalid-option', `Option \`${name}\` must be a finite number >= 0 (got ${String(value)}).`);
  }
  return value;
}

function configErrorClassification(code: string, message: string): ErrorClassification {
  return { category: 'query', retryable: false, action: 'none', userMessage: 'Live updates are unavailable for this view.', technicalMessage: message, code };
}

function stripPresenceRef(meta: Record<string, unknown>): Record<string, unknown> {
  const { presence_ref: _ref, ...rest } = meta;
  void _ref;
  return rest;
}

function shallowMembersEqual(a: Record<string, unknown[]>, b: Readonly<Record<string, readonly unknown[]>>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => JSON.stringify(a[k]) === JSON.stringify(b[k]));
}
